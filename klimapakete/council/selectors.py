"""Reads of the council builder. Each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse

from klimapakete.actors.models import AdminUnit, Conversation
from klimapakete.packages.models import ChecklistItem, ItemProgress

from .models import CouncilProfile, Milestone, ProfileVersion
from .profile import Profile, profile_from_data
from .rules import CouncilRules, all_references

if TYPE_CHECKING:
    from klimapakete.teams.models import Team

PACKAGE_KEY = "klimabeirat"
# Checklist items of package B that a stage makes likely done – offered, never ticked.
STAGE_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "draft": (
        ("profile", "define-must-haves"),
        ("profile", "fill-profile"),
        ("motion", "draft-key-points"),
        ("motion", "draft-motion"),
    ),
    "discussed": (("motion", "review-with-office"), ("motion", "meet-groups")),
    "submitted": (("motion", "win-sponsors"), ("motion", "check-deadlines")),
    "on_agenda": (("motion", "prepare-objections"),),
    "decided": (("motion", "attend-vote"), ("installation", "follow-statute")),
    "appointed": (
        ("installation", "propose-candidates"),
        ("installation", "lottery-seats"),
        ("installation", "complete-rules"),
        ("installation", "secure-office"),
    ),
    "constituted": (("installation", "inaugural-meeting"), ("network", "update-map")),
}
STAGES: tuple[str, ...] = ("draft", *Milestone.Stage.values)


def profile_record(team: Team) -> CouncilProfile | None:
    return (
        CouncilProfile.objects.filter(team=team)
        .select_related("selection", "round_table", "updated_by")
        .first()
    )


def profile_of(record: CouncilProfile) -> Profile:
    return profile_from_data(record.data)


def party_group_count(team: Team) -> int:
    return AdminUnit.objects.filter(team=team, kind=AdminUnit.Kind.PARTY_GROUP).count()


def default_recipient(team: Team, rules: CouncilRules) -> str:
    """The motion's address: the one who sets the council's agenda, where we know it."""
    agenda = rules.known("agenda_setter")
    town = f"Stadt {team.municipality}"
    if agenda and agenda.value == "council_chair":
        return f"{town}\nVorsitz der Stadtverordnetenversammlung / Gemeindevertretung"
    return f"{town}\nBürgermeisterin / Bürgermeister"


def versions_of(record: CouncilProfile) -> list[ProfileVersion]:
    return list(record.versions.select_related("created_by"))


# --------------------------------------------------------------------------- status path


def milestones_of(record: CouncilProfile) -> list[Milestone]:
    return list(
        record.milestones.defer("file_data")
        .select_related("created_by", "version")
        .prefetch_related("conversations__actor__unit", "conversations__held_by")
        .order_by("date", "created_at")
    )


@dataclass
class StageView:
    key: str
    label: str
    reached: bool = False
    current: bool = False
    entries: list[Milestone] = field(default_factory=list)
    earlier: list[Milestone] = field(default_factory=list)  # before a rejection
    form: object = None  # the form to record this stage, where it can be recorded now


def _current_round(milestones: list[Milestone]) -> tuple[list[Milestone], list[Milestone]]:
    """The entries of the way that is still open, and those of earlier attempts: a new
    submission after a rejection starts the way again."""
    start, rejected_before = 0, False
    for index, milestone in enumerate(milestones):
        if milestone.stage == "decided" and milestone.outcome == "rejected":
            rejected_before = True
        elif milestone.stage == "submitted" and rejected_before:
            start, rejected_before = index, False
    return milestones[start:], milestones[:start]


def status_path(record: CouncilProfile, milestones: list[Milestone] | None = None):
    """The stages from draft to first meeting with what was recorded for each."""
    from django.utils.translation import gettext as _

    milestones = milestones_of(record) if milestones is None else milestones
    current, earlier = _current_round(milestones)
    labels = {"draft": _("Draft profile"), **dict(Milestone.Stage.choices)}
    views = {key: StageView(key, str(labels[key])) for key in STAGES}
    views["draft"].reached = True
    for milestone in current:
        views[milestone.stage].entries.append(milestone)
        views[milestone.stage].reached = True
    for milestone in earlier:
        views[milestone.stage].earlier.append(milestone)
        if milestone.stage == "discussed":
            views["discussed"].reached = True
    path = [views[key] for key in STAGES]
    last = max((i for i, v in enumerate(path) if v.reached), default=0)
    path[last].current = True
    return path


# What a stage needs before it (the motion must be submitted before it is decided, …).
PREREQUISITE: dict[str, str | None] = {
    "discussed": None,
    "submitted": None,
    "on_agenda": "submitted",
    "decided": "submitted",
    "appointed": "decided",
    "constituted": "appointed",
}


def open_stages(path: list[StageView], *, is_rejected: bool) -> list[str]:
    """The stages that can be recorded now."""
    reached = {view.key for view in path if view.reached}
    if is_rejected:
        return ["discussed", "submitted"]
    return [
        stage
        for stage, needed in PREREQUISITE.items()
        if (needed is None or needed in reached)
        and not (stage == "appointed" and not _adopted_in(path))
    ]


def _adopted_in(path: list[StageView]) -> bool:
    decided = next(view for view in path if view.key == "decided")
    return any(m.outcome in ("adopted", "changed") for m in decided.entries)


def rejected(record: CouncilProfile, milestones: list[Milestone] | None = None) -> bool:
    milestones = milestones_of(record) if milestones is None else milestones
    current, _earlier = _current_round(milestones)
    return any(m.stage == "decided" and m.outcome == "rejected" for m in current)


def adopted(record: CouncilProfile, milestones: list[Milestone] | None = None) -> bool:
    milestones = milestones_of(record) if milestones is None else milestones
    current, _earlier = _current_round(milestones)
    return any(m.stage == "decided" and m.outcome in ("adopted", "changed") for m in current)


def party_conversations(team: Team):
    """Conversations of the actor map with members of a party group, newest first."""
    return (
        Conversation.objects.filter(team=team, actor__unit__kind=AdminUnit.Kind.PARTY_GROUP)
        .select_related("actor__unit", "held_by")
        .order_by("-date", "-pk")
    )


# --------------------------------------------------------------------------- checklist offers


def offered_items(record: CouncilProfile, path=None, profile: Profile | None = None):
    """Open checklist items of package B that the reached stages suggest are done."""
    path = status_path(record) if path is None else path
    profile = profile_of(record) if profile is None else profile
    wanted: list[tuple[str, str]] = []
    for stage in path:
        if stage.reached:
            wanted += STAGE_ITEMS.get(stage.key, ())
    if not profile.drawn_seats:
        wanted = [w for w in wanted if w != ("installation", "lottery-seats")]
    if not wanted:
        return []
    condition = Q()
    for step, key in wanted:
        condition |= Q(step__key=step, key=key)
    items = list(
        ChecklistItem.objects.filter(
            condition,
            step__package__key=PACKAGE_KEY,
            step__package__adoptions__team_id=record.team_id,
            archived=False,
            step__archived=False,
        ).select_related("step__package")
    )
    done = set(
        ItemProgress.objects.filter(
            team_id=record.team_id, item__in=items, done_at__isnull=False
        ).values_list("item_id", flat=True)
    )
    dismissed = set(record.dismissed_items)
    order = {pair: n for n, pair in enumerate(wanted)}
    items = [i for i in items if i.pk not in done and i.pk not in dismissed]
    items.sort(key=lambda i: order[(i.step.key, i.key)])
    return items


# --------------------------------------------------------------------------- references


@dataclass(frozen=True)
class ReferenceHint:
    """What one real council chose for one aspect, with its sources."""

    council: str
    value: str
    known: bool
    status: str
    citation: str
    sources: tuple


def reference_hints(fact_key: str) -> list[ReferenceHint]:
    hints = []
    for council in all_references().values():
        fact = council.facts[fact_key]
        hints.append(
            ReferenceHint(
                council=council.municipality,
                value=fact.value,
                known=fact.known,
                status=fact.status.value,
                citation=fact.citation,
                sources=fact.sources,
            )
        )
    return hints


# --------------------------------------------------------------------------- dashboard, export


def dashboard_panel(request) -> dict | None:
    team = request.team
    record = profile_record(team)
    if record is None:
        return {
            "template": "council/dashboard_panel.html",
            "context": {"record": None, "url": reverse("council:profile", args=[team.slug])},
        }
    # The path needs only each milestone's stage, outcome and date: no files, people or
    # conversations (the status page shows those).
    milestones = list(
        record.milestones.only(
            "id", "profile_id", "stage", "outcome", "date", "created_at"
        ).order_by("date", "created_at")
    )
    path = status_path(record, milestones)
    profile = profile_of(record)
    offers = offered_items(record, path, profile)
    return {
        "template": "council/dashboard_panel.html",
        "context": {
            "record": record,
            "profile": profile,
            "path": path,
            "current": next(stage for stage in path if stage.current),
            "offers": len(offers),
        },
    }


def milestone_file_path(milestone) -> str:
    return f"files/council/{milestone.pk}-{milestone.file_name}"


def team_export_files(team: Team):
    """The documents attached to the council milestones (kept in the database), read one
    at a time so that the export never holds more than one in memory."""
    record = profile_record(team)
    if record is None:
        return
    with_file = record.milestones.exclude(file_name="").order_by("pk").only("pk", "file_name")
    for milestone in with_file:
        data = Milestone.objects.filter(pk=milestone.pk).values_list("file_data", flat=True).first()
        if data:
            yield milestone_file_path(milestone), data


def council_export(team: Team) -> dict[str, list[dict]]:
    record = profile_record(team)
    if record is None:
        return {}
    versions = record.versions.select_related("created_by").order_by("number")
    milestones = (
        record.milestones.defer("file_data")
        .select_related("version")
        .prefetch_related("conversations")
    )
    return {
        "council_profile": [
            {
                "profile": record.data,
                "selection": record.selection_id,
                "round_table": record.round_table_id,
                "updated_at": record.updated_at,
            }
        ],
        "council_versions": [
            {
                "number": v.number,
                "note": v.note,
                "created_at": v.created_at,
                "created_by": v.created_by.email if v.created_by_id else "",
                "profile": v.data,
            }
            for v in versions
        ],
        "council_milestones": [
            {
                "stage": m.stage,
                "date": m.date,
                "who": m.who,
                "variant": m.variant,
                "outcome": m.outcome,
                "note": m.note,
                "adopted_text": m.adopted_text,
                "file_name": m.file_name,
                "file": milestone_file_path(m) if m.file_name else "",
                "version": m.version.number if m.version_id else None,
                "conversations": [c.pk for c in m.conversations.all()],
            }
            for m in milestones
        ],
    }
