"""A workshop's agenda as a template other teams can use (see forum/library/sharing.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from klimapakete.forum.library.sharing import SharedDocument, ShareSource
from klimapakete.packages.models import Step
from klimapakete.workshops.models import Workshop
from klimapakete.workshops.selectors import agenda_with_times


def documents(team) -> list[tuple[int, str]]:
    return list(team.workshops.order_by("-date").values_list("pk", "title"))


def load(team, object_id: int) -> SharedDocument | None:
    workshop = Workshop.objects.filter(team=team, pk=object_id).prefetch_related("agenda").first()
    if workshop is None:
        return None

    def cell(value: str) -> str:
        return " ".join(value.replace("|", "/").split())

    rows = [
        f"| {timed.start:%H:%M} | {timed.block.minutes} | {cell(timed.block.title)} | "
        f"{cell(timed.block.notes)} |"
        for timed in agenda_with_times(workshop)
    ]
    header = [_("Time"), pgettext("duration", "Minutes"), _("Block"), _("Notes")]
    lines = [
        "| " + " | ".join(header) + " |",
        "|---|---|---|---|",
        *rows,
    ]
    if workshop.shared_goal:
        goal = _("Shared goal")
        lines += ["", f"**{goal}:** {workshop.shared_goal}"]
    people = [
        *workshop.participants.values_list("name", flat=True),
        *[name.strip() for name in workshop.facilitators.replace(";", ",").split(",")],
        *team.actors.filter(kind="person").values_list("name", flat=True),
    ]
    step = Step.objects.filter(package__key="allianz", key="kickoff").first()
    return SharedDocument(
        title=_("Agenda: %(title)s") % {"title": workshop.title},
        text="\n".join(lines),
        people=tuple(p for p in people if p),
        step_id=step.pk if step else None,
    )


SOURCE = ShareSource(
    key="workshops.agenda", label=gettext_lazy("Workshop agenda"), documents=documents, load=load
)
