from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klimapakete.packages.content import PackageContent, parse_directory
from klimapakete.packages.models import (
    Adoption,
    ChecklistItem,
    ItemProgress,
    Package,
    Resource,
    Step,
)

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


@dataclass
class LoadReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]


# Called after every content load (in its transaction), e.g. to keep forum categories in
# step with the steps. Apps register in ``AppConfig.ready``.
CONTENT_LISTENERS: list[Callable[[LoadReport], None]] = []


def content_listeners_register(listener: Callable[[LoadReport], None]) -> None:
    if listener not in CONTENT_LISTENERS:
        CONTENT_LISTENERS.append(listener)


@transaction.atomic
def content_load(*, directory: Path | None = None, force: bool = False) -> LoadReport:
    """Load or update package content from the files; teams' progress is kept.

    Steps and items are matched by key (or by a key listed in ``renamed_from``);
    what disappeared from the file is archived, not deleted. A package whose
    version did not change is left alone unless ``force`` is given, so edits made
    in the admin survive until the next content version.
    """
    packages = parse_directory(directory or settings.PACKAGE_CONTENT_DIR)
    report = LoadReport([], [], [])
    for content in packages:
        package = Package.objects.filter(key=content.key).first()
        if package is not None and package.version == content.version and not force:
            report.unchanged.append(content.key)
            continue
        (report.updated if package else report.created).append(content.key)
        _load_package(package or Package(key=content.key), content)
    for listener in CONTENT_LISTENERS:
        listener(report)
    return report


def _load_package(package: Package, content: PackageContent) -> None:
    package.version = content.version
    package.order = content.order
    package.title_de, package.title_en = content.title.de, content.title.en
    package.summary_de, package.summary_en = content.summary.de, content.summary.en
    package.archived = False
    package.save()

    claimed = _items_staying_in_their_step(package, content)
    existing_steps = {step.key: step for step in package.steps.all()}
    kept_steps: set[int] = set()
    for position, step_content in enumerate(content.steps, start=1):
        step = _match(existing_steps, step_content.key, step_content.renamed_from) or Step(
            package=package
        )
        step.key = step_content.key
        step.order = position
        step.tool = step_content.tool
        step.duration_weeks = step_content.duration_weeks
        step.title_de, step.title_en = step_content.title.de, step_content.title.en
        step.summary_de, step.summary_en = step_content.summary.de, step_content.summary.en
        step.guide_de, step.guide_en = step_content.guide.de, step_content.guide.en
        step.archived = False
        step.save()
        kept_steps.add(step.pk)

        existing_items = {item.key: item for item in step.items.all()}
        kept_items: set[int] = set()
        for item_position, item_content in enumerate(step_content.items, start=1):
            item = _match(existing_items, item_content.key, item_content.renamed_from)
            if item is None:
                item = _match_elsewhere(package, item_content, claimed) or ChecklistItem(step=step)
            item.step = step
            item.key = item_content.key
            item.order = item_position
            item.text_de, item.text_en = item_content.text.de, item_content.text.en
            item.hint_de, item.hint_en = item_content.hint.de, item_content.hint.en
            item.archived = False
            item.save()
            kept_items.add(item.pk)
            claimed.add(item.pk)
        step.items.exclude(pk__in=kept_items).update(archived=True)

        step.resources.all().delete()
        Resource.objects.bulk_create(
            Resource(
                step=step,
                order=n,
                title_de=res.title.de,
                title_en=res.title.en,
                url=res.url,
                description_de=res.description.de,
                description_en=res.description.en,
            )
            for n, res in enumerate(step_content.resources, start=1)
        )
    package.steps.exclude(pk__in=kept_steps).update(archived=True)


def _match(existing: dict, key: str, renamed_from: tuple[str, ...]):
    if key in existing:
        return existing.pop(key)
    for old in renamed_from:
        if old in existing:
            return existing.pop(old)
    return None


def _items_staying_in_their_step(package: Package, content: PackageContent) -> set[int]:
    """Items the new content keeps in their step; no other step may take them over."""
    steps = {step.key: step for step in package.steps.prefetch_related("items")}
    staying: set[int] = set()
    for step_content in content.steps:
        step = _match(steps, step_content.key, step_content.renamed_from)
        if step is None:
            continue
        items = {item.key: item for item in step.items.all()}
        for item_content in step_content.items:
            item = _match(items, item_content.key, item_content.renamed_from)
            if item is not None:
                staying.add(item.pk)
    return staying


def _match_elsewhere(package: Package, item_content, claimed: set[int]) -> ChecklistItem | None:
    """An item moved to another step keeps its progress when it names its old key.

    Keys are unique per step only, so an item that another step keeps is not a match.
    """
    keys = (item_content.key, *item_content.renamed_from)
    return (
        ChecklistItem.objects.filter(step__package=package, key__in=keys)
        .exclude(pk__in=claimed)
        .first()
    )


def package_adopt(*, team: Team, package: Package, user) -> Adoption:
    adoption, _created = Adoption.objects.get_or_create(
        team=team, package=package, defaults={"adopted_by": user}
    )
    return adoption


def package_drop(*, team: Team, package: Package) -> None:
    """Stop following a package; ticked items are kept in case it is adopted again."""
    Adoption.objects.filter(team=team, package=package).delete()


def item_set_done(*, team: Team, item: ChecklistItem, user, done: bool) -> ItemProgress:
    progress, _created = ItemProgress.objects.get_or_create(team=team, item=item)
    if done and progress.done_at is None:
        progress.done_at, progress.done_by = timezone.now(), user
    elif not done:
        progress.done_at, progress.done_by = None, None
    progress.save(update_fields=["done_at", "done_by", "updated_at"])
    return progress


def item_plan(*, team: Team, item: ChecklistItem, assignee, due_date, note: str) -> ItemProgress:
    progress, _created = ItemProgress.objects.get_or_create(team=team, item=item)
    progress.assignee, progress.due_date, progress.note = assignee, due_date, note
    progress.save(update_fields=["assignee", "due_date", "note", "updated_at"])
    return progress
