"""The rows of the actor list, built in Python.

A page shows up to 50 actors with six editable cells each: rendered with a template include,
``{% url %}`` and ``{% blocktranslate %}`` per cell, the rows cost more than everything else
on the page. Here they are plain dicts of preformatted, escaped strings that the template
only prints (``actors/actor_list.html``). The markup is the one a cell always had; the inline
editor (``views.actor_field``) answers with :func:`cell` as well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from klimapakete.actors.directory import selectors
from klimapakete.actors.models import Actor, Ladder, Stance
from klimapakete.actors.templatetags.actors import sector_dot_html

# The editable cells of a row (forms.INLINE_FIELDS), in the order of the table's columns.
CELLS = ("sector", "stance", "power", "ease", "ladder", "owner")
COLUMNS = (
    "id",
    "kind",
    "name",
    "position",
    "organisation__name",
    "sector__name",
    "sector__colour",
    "stance",
    "power",
    "ease",
    "ladder",
    "owner__name",
)
# An id no actor has, replaced by each row's own in an address built once per page.
_MARKER = 2147483647


def _address(name: str, team_slug: str) -> Callable[[int], str]:
    """``reverse(name, args=[team_slug, pk])`` for many ``pk``, reversed once."""
    head, _marker, tail = reverse(name, args=[team_slug, _MARKER]).rpartition(str(_MARKER))
    return lambda pk: f"{head}{pk}{tail}"


@dataclass
class _Labels:
    """The choice labels in the active language, looked up once per page."""

    stance: dict = field(default_factory=lambda: {v: str(label) for v, label in Stance.choices})
    ladder: dict = field(default_factory=lambda: {v: str(label) for v, label in Ladder.choices})


def _content(actor: dict, name: str, labels: _Labels) -> SafeString | str | int:
    if name == "stance":
        stance = actor["stance"]
        return format_html(
            '<span class="stance stance-{}">{}</span>', stance, labels.stance.get(stance, stance)
        )
    if name == "ladder":
        return labels.ladder.get(actor["ladder"], actor["ladder"])
    if name == "sector":
        dot = "" if actor["sector__name"] is None else sector_dot_html(actor["sector__colour"])
        return format_html("{} {}", dot, actor["sector__name"] or "—")
    if name == "owner":
        return actor["owner__name"] or "—"
    return actor[name]  # power, ease


def _cell(actor: dict, name: str, url: str, labels: _Labels) -> SafeString:
    cell_id = f"cell-{actor['id']}-{name}"
    return format_html(
        '<td id="{}" class="editable">\n'
        '  <button type="button" class="cell-button" hx-get="{}?field={}" hx-target="#{}" '
        'hx-swap="outerHTML" aria-label="{}">\n    {}\n  </button>\n</td>',
        cell_id,
        url,
        name,
        cell_id,
        _("Edit for %(name)s") % {"name": actor["name"]},
        _content(actor, name, labels),
    )


def _subtitle(actor: dict) -> SafeString | str:
    """Position and organisation under the name (each isolated: user text may be bidi)."""
    position, organisation = actor["position"], actor["organisation__name"]
    if position or organisation:
        parts = [format_html("<bdi>{}</bdi>", part) for part in (position, organisation) if part]
        return format_html('<div class="small muted">{}</div>', SafeString(", ".join(parts)))
    if actor["kind"] == Actor.Kind.ORGANISATION:
        return format_html('<div class="small muted">{}</div>', _("organisation"))
    return ""


def rows(team, actors: QuerySet[Actor]) -> list[dict]:
    """The rows of ``actors`` (a page of ``selectors.actor_queryset``): two queries."""
    values = list(actors.values(*COLUMNS))
    last = selectors.last_contacts([actor["id"] for actor in values])
    detail = _address("actors:detail", team.slug)
    field_url = _address("actors:field", team.slug)
    labels = _Labels()
    result = []
    for actor in values:
        pk = actor["id"]
        url = field_url(pk)
        result.append(
            {
                "url": detail(pk),
                "name": actor["name"],
                "subtitle": _subtitle(actor),
                "cells": SafeString("\n".join(_cell(actor, name, url, labels) for name in CELLS)),
                "last_contact": (
                    formats.date_format(last[pk], "SHORT_DATE_FORMAT") if pk in last else "—"
                ),
            }
        )
    return result


def cell(team, actor_id: int, name: str) -> SafeString:
    """One editable cell of an actor's row, as the list shows it (one query)."""
    actor = Actor.objects.filter(team=team, pk=actor_id).values(*COLUMNS).get()
    url = reverse("actors:field", args=[team.slug, actor_id])
    return _cell(actor, name, url, _Labels())
