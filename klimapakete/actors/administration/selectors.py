"""Reads of the city administration map: the unit tree, the climate office's people and
conversations, the approach plan with its reasons. Each loads in a fixed number of queries
and assembles the page in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from klimapakete.actors.messages import PHASES, reason_sentence
from klimapakete.actors.models import (
    Actor,
    AdminUnit,
    ApproachStep,
    Conversation,
)
from klimapakete.core.sorting import by_name
from klimapakete.teams.models import Team


@dataclass
class TreeNode:
    unit: AdminUnit
    depth: int
    actors: list[Actor] = field(default_factory=list)
    children: list[TreeNode] = field(default_factory=list)


def unit_tree(team: Team) -> list[TreeNode]:
    """The team's units as a tree with the actors placed in them: two queries."""
    units = list(AdminUnit.objects.filter(team=team).order_by("order", "name", "pk"))
    nodes = {u.pk: TreeNode(unit=u, depth=0) for u in units}
    for actor in (
        Actor.objects.filter(team=team, unit__isnull=False)
        .select_related("sector")
        .order_by("-power", "name")
    ):
        nodes[actor.unit_id].actors.append(actor)
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def tree_flat(roots: list[TreeNode]) -> list[TreeNode]:
    """Depth-first list of the tree with depths set (guards against cycles in old data)."""
    out: list[TreeNode] = []
    seen: set[int] = set()
    stack = [(node, 0) for node in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        if node.unit.pk in seen:
            continue
        seen.add(node.unit.pk)
        node.depth = depth
        out.append(node)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return out


def climate_office_people(team: Team) -> list[Actor]:
    return list(
        Actor.objects.filter(team=team, unit__kind=AdminUnit.Kind.CLIMATE_OFFICE).order_by(
            by_name()
        )
    )


def climate_office_log(team: Team, *, limit: int = 30) -> list[Conversation]:
    """Conversations with the people placed in the team's climate office units."""
    return list(
        Conversation.objects.filter(team=team, actor__unit__kind=AdminUnit.Kind.CLIMATE_OFFICE)
        .select_related("actor", "held_by", "next_step_owner")
        .order_by("-date", "-created_at")[:limit]
    )


@dataclass
class PlanRow:
    step: ApproachStep
    phase: str
    phase_label: str
    reason: str
    via: list[Actor]
    number: int
    first: bool
    last: bool


def approach_rows(team: Team) -> list[PlanRow]:
    """The stored plan with translated reasons and introduction chains (two queries)."""
    steps = list(
        ApproachStep.objects.filter(team=team)
        .select_related("actor", "unit", "actor__unit")
        .order_by("order", "pk")
    )
    via_ids = {i for s in steps for i in (s.reason_params or {}).get("via", [])}
    names = Actor.objects.filter(team=team, pk__in=via_ids).in_bulk() if via_ids else {}
    rows = []
    for n, step in enumerate(steps):
        params = step.reason_params or {}
        phase = params.get("phase", "")
        via = [names[i] for i in params.get("via", []) if i in names]
        rows.append(
            PlanRow(
                step=step,
                phase=phase,
                phase_label=str(PHASES.get(phase, PHASES[""])),
                reason=reason_sentence(step.reason_code, params),
                via=via,
                number=n + 1,
                first=n == 0,
                last=n == len(steps) - 1,
            )
        )
    return rows


def subtree_ids(team: Team, root_id: int) -> set[int]:
    """The unit and all its parts (they cannot become its parent)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in AdminUnit.objects.filter(team=team).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    out, stack = set(), [root_id]
    while stack:
        pk = stack.pop()
        if pk not in out:
            out.add(pk)
            stack.extend(children.get(pk, []))
    return out
