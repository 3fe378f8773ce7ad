"""Evidence from the tools for checklist items (issue 10, part 14).

Where a tool holds the proof that an item is done — the table plan is generated, the goal
recorded, the panel drawn, the round table held — the item says so, links to it and offers
to tick it. Nothing ticks itself: the team confirms, and the evidence is read from the
tool's real state each time, so checklist and tools cannot drift apart unnoticed.

An app registers a finder for an item in ``AppConfig.ready``::

    evidence.register("allianz", "kickoff", "groups-material")(finder)

``finder(team)`` returns an :class:`Evidence` or ``None`` and runs a fixed number of
queries (usually one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from klimapakete.packages.models import ChecklistItem, ItemProgress


@dataclass(frozen=True)
class Evidence:
    text: str  # what the tool shows, as a sentence ("The table plan has been generated.")
    url: str


Finder = Callable[..., Evidence | None]
FINDERS: dict[tuple[str, str, str], Finder] = {}


def register(package: str, step: str, item: str) -> Callable[[Finder], Finder]:
    def decorator(finder: Finder) -> Finder:
        FINDERS[(package, step, item)] = finder
        return finder

    return decorator


def _key(item: ChecklistItem) -> tuple[str, str, str]:
    return (item.step.package.key, item.step.key, item.key)


def evidence_for(team, items: Iterable[ChecklistItem]) -> dict[int, Evidence]:
    """Evidence for those of ``items`` that are not ticked yet, by item id."""
    items = [item for item in items if _key(item) in FINDERS]
    if not items:
        return {}
    done = set(
        ItemProgress.objects.filter(team=team, item__in=items, done_at__isnull=False).values_list(
            "item_id", flat=True
        )
    )
    # Every finder runs, ticked or not, so a page's query count does not depend on data.
    found = {item.pk: FINDERS[_key(item)](team) for item in items}
    return {pk: found[pk] for pk in found if found[pk] is not None and pk not in done}


def ready_by_step(team, packages) -> Counter[int]:
    """How many unticked items of each step the tools already show done, by step id."""
    items = list(
        ChecklistItem.objects.filter(
            archived=False,
            step__archived=False,
            step__package__in=packages,
            key__in={key for _, _, key in FINDERS},
        ).select_related("step__package")
    )
    step_of = {item.pk: item.step_id for item in items}
    return Counter(step_of[item_id] for item_id in evidence_for(team, items))
