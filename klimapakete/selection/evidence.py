"""What the citizen selection proves for package A's checklist (see ``packages.evidence``)."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from klimapakete.packages.evidence import Evidence, register


@register("allianz", "sectors", "plan-residents")
def residents_by_lot(team) -> Evidence | None:
    selection = team.selections.order_by(F("drawn_at").desc(nulls_last=True), "-created_at").first()
    if selection is None:
        return None
    if selection.drawn_at:
        text = _("The panel of “%(title)s” has been drawn.")
    else:
        text = _("The citizen selection “%(title)s” has been set up.")
    return Evidence(
        text % {"title": selection.title},
        reverse("selection:detail", kwargs={"team_slug": team.slug, "selection_id": selection.pk}),
    )
