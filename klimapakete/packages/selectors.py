"""Reads of packages and progress. Each function runs a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef
from django.utils import timezone

from klimapakete.core.memo import per_request
from klimapakete.core.queries import aggregate_of
from klimapakete.packages import evidence
from klimapakete.packages.models import Adoption, ChecklistItem, ItemProgress, Package, Step

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


@dataclass
class StepProgress:
    step: Step
    total: int = 0
    done: int = 0
    # unticked items whose tool already shows them done (packages.evidence)
    ready: int = 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass
class PackageProgress:
    package: Package
    adoption: Adoption | None
    steps: list[StepProgress] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.steps)

    @property
    def done(self) -> int:
        return sum(s.done for s in self.steps)

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def ready(self) -> int:
        return sum(s.ready for s in self.steps)

    @property
    def current_step(self) -> Step | None:
        for step_progress in self.steps:
            if not step_progress.complete:
                return step_progress.step
        return None


def active_items():
    return ChecklistItem.objects.filter(
        archived=False, step__archived=False, step__package__archived=False
    )


@per_request
def team_package_progress(team: Team, *, adopted_only: bool = False) -> list[PackageProgress]:
    """Progress per package (adopted first) for one team — three queries (adoptions,
    packages, steps with their counts), and one per evidence finder of the adopted
    packages; computed once per read request (the dashboard and its support panel both
    need it)."""
    adoptions = {a.package_id: a for a in Adoption.objects.filter(team=team)}
    packages = Package.objects.filter(archived=False)
    if adopted_only:
        packages = packages.filter(pk__in=adoptions.keys())
    packages = list(packages)
    # The steps and packages are not archived here: an item counts unless it is.
    items = ChecklistItem.objects.filter(step=OuterRef("pk"), archived=False)
    done = ItemProgress.objects.filter(
        team=team, done_at__isnull=False, item__step=OuterRef("pk"), item__archived=False
    )
    steps = (
        Step.objects.filter(package__in=packages, archived=False)
        .select_related("package")
        .annotate(
            item_count=aggregate_of(items, Count("pk"), key="step", default=0),
            done_count=aggregate_of(done, Count("pk"), key="item__step", default=0),
        )
    )
    ready = evidence.ready_by_step(team, [p for p in packages if p.pk in adoptions])
    by_package: dict[int, list[StepProgress]] = defaultdict(list)
    for step in steps:
        by_package[step.package_id].append(
            StepProgress(step, step.item_count, step.done_count, ready[step.pk])
        )
    result = [PackageProgress(p, adoptions.get(p.pk), by_package[p.pk]) for p in packages]
    result.sort(key=lambda p: (p.adoption is None, p.package.order))
    return result


def step_items(team: Team, step: Step) -> list[tuple[ChecklistItem, ItemProgress | None]]:
    items = list(step.items.filter(archived=False))
    progress = {
        p.item_id: p
        for p in ItemProgress.objects.filter(team=team, item__in=items).select_related(
            "done_by", "assignee"
        )
    }
    return [(item, progress.get(item.pk)) for item in items]


def _adopted_items(team: Team):
    return (
        active_items()
        .filter(step__package__adoptions__team=team)
        .select_related("step__package")
        .order_by("step__package__order", "step__order", "order")
    )


def team_next_items(
    team: Team, *, limit: int = 6
) -> list[tuple[ChecklistItem, ItemProgress | None]]:
    """The first open checklist items of each adopted package, in package order."""
    done_or_planned = {
        p.item_id: p for p in ItemProgress.objects.filter(team=team).select_related("assignee")
    }
    per_package: dict[int, int] = Counter()
    result = []
    for item in _adopted_items(team):
        progress = done_or_planned.get(item.pk)
        if progress is not None and progress.is_done:
            continue
        if per_package[item.step.package_id] >= limit // 2:
            continue
        per_package[item.step.package_id] += 1
        result.append((item, progress))
    return result


def team_overdue(team: Team) -> list[ItemProgress]:
    return list(
        ItemProgress.objects.filter(
            team=team,
            done_at__isnull=True,
            due_date__lt=timezone.localdate(),
            item__in=active_items(),
            item__step__package__adoptions__team=team,
        )
        .select_related("item__step__package", "assignee")
        .order_by("due_date")
    )


def team_assigned_to(team: Team, user) -> list[ItemProgress]:
    return list(
        ItemProgress.objects.filter(
            team=team,
            assignee=user,
            done_at__isnull=True,
            item__in=active_items(),
            item__step__package__adoptions__team=team,
        )
        .select_related("item__step__package")
        .order_by("due_date", "item__step__order")
    )


def progress_export(team: Team) -> dict[str, list[dict]]:
    rows = [
        {
            "package": p.item.step.package.key,
            "step": p.item.step.key,
            "item": p.item.key,
            "text": p.item.text_de,
            "done_at": p.done_at,
            "done_by": p.done_by.email if p.done_by else "",
            "assignee": p.assignee.email if p.assignee else "",
            "due_date": p.due_date,
            "note": p.note,
        }
        for p in ItemProgress.objects.filter(team=team).select_related(
            "item__step__package", "done_by", "assignee"
        )
    ]
    adoptions = [
        {"package": a.package.key, "adopted_at": a.adopted_at}
        for a in Adoption.objects.filter(team=team).select_related("package")
    ]
    return {"package_adoptions": adoptions, "checklist_progress": rows}


@dataclass
class TeamAggregate:
    """What support staff may see of a team: no people, only counts and progress."""

    name: str
    municipality: str
    federal_state: str
    created_at: object
    member_count: int
    packages: dict[int, tuple[float, Step | None]]  # package id → (ratio, current step)


def support_overview() -> tuple[list[Package], list[TeamAggregate], list[tuple[Step, int]]]:
    """Per-team progress for the support organisation, and where teams are stuck."""
    from klimapakete.teams.models import Team

    packages = list(Package.objects.filter(archived=False))
    steps = list(
        Step.objects.filter(package__in=packages, archived=False).select_related("package")
    )
    totals = Counter(
        dict(
            active_items()
            .values_list("step_id")
            .annotate(n=Count("id"))
            .values_list("step_id", "n")
        )
    )
    done = Counter()
    for team_id, step_id, n in (
        ItemProgress.objects.filter(done_at__isnull=False, item__in=active_items())
        .values_list("team_id", "item__step_id")
        .annotate(n=Count("id"))
    ):
        done[(team_id, step_id)] = n
    adopted = set(Adoption.objects.values_list("team_id", "package_id"))
    teams = Team.objects.annotate(member_count=Count("memberships", distinct=True)).order_by("name")
    stuck: Counter = Counter()
    aggregates = []
    for team in teams:
        per_package: dict[int, tuple[float, Step | None]] = {}
        for package in packages:
            if (team.pk, package.pk) not in adopted:
                continue
            package_steps = [s for s in steps if s.package_id == package.pk]
            total = sum(totals[s.pk] for s in package_steps)
            done_count = sum(min(done[(team.pk, s.pk)], totals[s.pk]) for s in package_steps)
            current = next((s for s in package_steps if done[(team.pk, s.pk)] < totals[s.pk]), None)
            if current is not None:
                stuck[current.pk] += 1
            per_package[package.pk] = (done_count / total if total else 0.0, current)
        aggregates.append(
            TeamAggregate(
                name=team.name,
                municipality=team.municipality,
                federal_state=team.get_federal_state_display(),
                created_at=team.created_at,
                member_count=team.member_count,
                packages=per_package,
            )
        )
    step_by_id = {s.pk: s for s in steps}
    stuck_steps = [(step_by_id[pk], n) for pk, n in stuck.most_common()]
    return packages, aggregates, stuck_steps
