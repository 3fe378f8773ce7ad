"""The city administration map and the approach plan for a climate council.

Writes are keyword-only ``<thing>_<verb>`` functions; reads that build a page
(the unit tree, the plan with its reasons) load everything in a fixed number of
queries and assemble it in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from klimapakete.actors import analysis
from klimapakete.actors.models import (
    Actor,
    AdminUnit,
    ApproachStep,
    Conversation,
    Relationship,
)
from klimapakete.teams.models import Team


class AdminRuleError(ValueError):
    """A request that breaks a rule of the administration map; ``code`` names it."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


RULE_MESSAGES = {
    "not_empty": _("Your administration map already has units; the template is only for a start."),
    "foreign_unit": _("Please choose a unit of your team's administration map."),
    "cycle": _("A unit cannot be part of itself or of one of its own parts."),
    "foreign_actor": _("Please choose an actor of your team."),
}


def rule_message(error: AdminRuleError) -> str:
    return str(RULE_MESSAGES.get(error.code, error.code))


# --------------------------------------------------------------------------- default structure

K = AdminUnit.Kind

# (kind, German name, English name, children). Departments follow the KGSt scheme of
# task groups (Aufgabenhauptgruppen 1–8); party groups differ in every town, so the
# team adds its own.
DEFAULT_STRUCTURE: list[tuple[str, str, str, list]] = [
    (
        K.COUNCIL,
        "Stadtrat",
        "City council",
        [
            (K.COMMITTEE, "Haupt- und Finanzausschuss", "Main and finance committee", []),
            (
                K.COMMITTEE,
                "Ausschuss für Umwelt, Klimaschutz und Mobilität",
                "Committee for environment, climate protection and mobility",
                [],
            ),
            (
                K.COMMITTEE,
                "Ausschuss für Stadtentwicklung und Bauen",
                "Committee for urban development and building",
                [],
            ),
        ],
    ),
    (
        K.MAYOR,
        "Bürgermeister:in",
        "Mayor",
        [
            (
                K.CLIMATE_OFFICE,
                "Stabsstelle Klimaschutz (Klimaleitstelle)",
                "Climate office (climate protection unit)",
                [],
            ),
            (
                K.MAYOR,
                "Beigeordnete (Dezernate)",
                "Deputy mayors (heads of division)",
                [],
            ),
            (K.DEPARTMENT, "1 Allgemeine Verwaltung", "1 General administration", []),
            (K.DEPARTMENT, "2 Finanzen", "2 Finance", []),
            (K.DEPARTMENT, "3 Recht, Sicherheit und Ordnung", "3 Law, safety and order", []),
            (K.DEPARTMENT, "4 Schule und Kultur", "4 Schools and culture", []),
            (
                K.DEPARTMENT,
                "5 Soziales, Jugend und Gesundheit",
                "5 Social affairs, youth and health",
                [],
            ),
            (K.DEPARTMENT, "6 Bauen und Planen", "6 Building and planning", []),
            (K.DEPARTMENT, "7 Öffentliche Einrichtungen", "7 Public facilities", []),
            (K.DEPARTMENT, "8 Wirtschaft und Verkehr", "8 Economy and transport", []),
        ],
    ),
    (K.COMPANY, "Stadtwerke", "Municipal utility (Stadtwerke)", []),
    (K.COMPANY, "Städtische Wohnungsbaugesellschaft", "Municipal housing company", []),
]


@transaction.atomic
def units_create_default(*, team: Team, language: str = "de") -> int:
    """Give an empty administration map the default structure; returns the number of units."""
    Team.objects.select_for_update().filter(pk=team.pk).first()  # one click at a time
    if AdminUnit.objects.filter(team=team).exists():
        raise AdminRuleError("not_empty")
    english = language.startswith("en")
    created = 0

    def add(entries, parent):
        nonlocal created
        for order, (kind, de, en, children) in enumerate(entries, start=1):
            unit = AdminUnit.objects.create(
                team=team, parent=parent, kind=kind, name=en if english else de, order=order
            )
            created += 1
            add(children, unit)

    add(DEFAULT_STRUCTURE, None)
    return created


# --------------------------------------------------------------------------- units


def _parents(team: Team) -> dict[int, int | None]:
    return dict(AdminUnit.objects.filter(team=team).values_list("pk", "parent_id"))


def unit_save(
    *,
    team: Team,
    unit: AdminUnit | None,
    name: str,
    kind: str,
    parent: AdminUnit | None,
    order: int,
) -> AdminUnit:
    """Create or change a unit; the parent must be the team's and must not create a cycle."""
    unit = unit or AdminUnit(team=team)
    if parent is not None:
        if parent.team_id != team.pk:
            raise AdminRuleError("foreign_unit")
        if unit.pk:
            parents = _parents(team)
            seen: set[int] = set()
            current: int | None = parent.pk
            while current is not None and current not in seen:
                if current == unit.pk:
                    raise AdminRuleError("cycle")
                seen.add(current)
                current = parents.get(current)
    unit.name, unit.kind, unit.parent, unit.order = name, kind, parent, order
    if unit.pk:
        unit.save(update_fields=["name", "kind", "parent", "order"])
    else:
        unit.save()
    return unit


@transaction.atomic
def unit_delete(*, unit: AdminUnit) -> None:
    """Delete a unit; its parts move up to its parent, its people stay on the actor map."""
    AdminUnit.objects.filter(team_id=unit.team_id, parent=unit).update(parent=unit.parent_id)
    unit.delete()


def actor_place(*, team: Team, user, actor: Actor, unit: AdminUnit | None) -> Actor:
    """Place an actor in a unit of the administration (``None`` takes them out)."""
    from klimapakete.actors import services

    if actor.team_id != team.pk:
        raise AdminRuleError("foreign_actor")
    if unit is not None and unit.team_id != team.pk:
        raise AdminRuleError("foreign_unit")
    return services.actor_update(actor=actor, user=user, unit=unit)


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
        Actor.objects.filter(team=team, unit__kind=AdminUnit.Kind.CLIMATE_OFFICE).order_by("name")
    )


def climate_office_log(team: Team, *, limit: int = 30) -> list[Conversation]:
    """Conversations with the people placed in the team's climate office units."""
    return list(
        Conversation.objects.filter(team=team, actor__unit__kind=AdminUnit.Kind.CLIMATE_OFFICE)
        .select_related("actor", "held_by", "next_step_owner")
        .order_by("-date", "-created_at")[:limit]
    )


# --------------------------------------------------------------------------- approach plan

PHASES = {
    "inside_allies": _("Allies inside the administration and council"),
    "motion": _("Party groups for a council motion"),
    "mayor": pgettext_lazy("approach phase", "The mayor's office"),
    "outside_pressure": _("Outside pressure, if the council route is blocked"),
    "": _("Earlier steps"),
}

# One full sentence per reason code of analysis.approach_plan (named placeholders only).
REASONS = {
    "climate_office": _(
        "Works in the climate office (%(unit_name)s): the natural first partner inside "
        "the administration."
    ),
    "climate_office_unknown": _("Find out who works in the climate office (%(unit_name)s)."),
    "admin_ally": _("Sympathetic person inside the administration (%(unit_name)s)."),
    "councillor_ally": _(
        "Sympathetic councillor (%(unit_name)s): can carry the idea into the council."
    ),
    "company_ally": _("Sympathetic person in a municipal company (%(unit_name)s)."),
    "party_group_via_ally": _(
        "%(unit_name)s has sympathetic members (%(members_for)s of %(members_total)s): ask "
        "them to support a motion for a climate council."
    ),
    "party_group_persuade": _(
        "%(unit_name)s has no sympathetic member yet: win their support for a motion."
    ),
    "party_group_no_contact": _(
        "No member of %(unit_name)s is on your actor map yet: find a contact."
    ),
    "mayor": _(
        "Mayor's office (%(unit_name)s): approach with the motion and council support behind you."
    ),
    "mayor_unknown": _("Find out whom to approach in the mayor's office (%(unit_name)s)."),
    "outside_pressure_if_blocked": _(
        "If the council route is blocked: build outside pressure (open letter, citizens' "
        "motion) together with this ally."
    ),
    "outside_pressure_build": _(
        "If the council route is blocked: find allies for outside pressure (open letter, "
        "citizens' motion)."
    ),
}


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def reason_sentence(code: str, params: Mapping[str, Any]) -> str:
    """The translated reason of a step; unknown codes show the code itself."""
    template = REASONS.get(code)
    if template is None:
        return code
    return str(template) % _Params(params)


def _analysis_inputs(team: Team):
    """Units, actors and relations of a team as the pure analysis wants them (3 queries).

    Units of kind "other" are not part of the analysis: their parts hang from the nearest
    analysed ancestor and their people count as being in that ancestor (or outside).
    """
    rows = list(AdminUnit.objects.filter(team=team).values_list("pk", "kind", "name", "parent_id"))
    info = {pk: (kind, name, parent) for pk, kind, name, parent in rows}

    def analysed(pk: int | None) -> int | None:
        seen: set[int] = set()
        while pk is not None and pk not in seen:
            seen.add(pk)
            kind, _name, parent = info[pk]
            if kind in analysis.UNIT_KINDS:
                return pk
            pk = parent
        return None

    units = []
    for pk, (kind, name, parent) in info.items():
        if kind not in analysis.UNIT_KINDS:
            continue
        up = analysed(parent) if parent is not None else None
        units.append(analysis.AdminUnit(id=pk, kind=kind, name=name, parent_id=up))
    actors = [
        analysis.ActorNode(
            id=pk,
            stance=stance,
            power=power,
            ease=ease,
            ladder=ladder,
            is_team_ally=contact,
            unit_id=analysed(unit_id) if unit_id is not None else None,
        )
        for pk, stance, power, ease, ladder, contact, unit_id in Actor.objects.filter(
            team=team
        ).values_list("pk", "stance", "power", "ease", "ladder", "is_team_contact", "unit_id")
    ]
    relations = [
        analysis.Relation(source=s, target=t, kind=k, strength=st)
        for s, t, k, st in Relationship.objects.filter(team=team).values_list(
            "source_id", "target_id", "kind", "strength"
        )
    ]
    return units, actors, relations


def _match_key(phase: str, actor_id: int | None, unit_id: int | None, code: str) -> tuple:
    """What makes a regenerated step "the same" as a stored one.

    A party group's motion step is the same while the group is (its contact may change);
    other steps with an actor are the same for the same actor in the same phase; steps
    without an actor match by unit and reason.
    """
    if phase == "motion":
        return (phase, unit_id)
    if actor_id is not None:
        return (phase, actor_id)
    return (phase, unit_id, code)


def _stored_key(step: ApproachStep) -> tuple:
    phase = (step.reason_params or {}).get("phase", "")
    return _match_key(phase, step.actor_id, step.unit_id, step.reason_code)


@transaction.atomic
def approach_generate(*, team: Team) -> list[ApproachStep]:
    """(Re)build the team's approach plan from its administration map and actor map.

    Steps that match an existing step (same actor; without an actor: same unit and
    reason) keep their status and note. Done steps that are no longer part of the
    plan are kept at the top, so finished work does not disappear.
    """
    Team.objects.select_for_update().filter(pk=team.pk).first()
    units, actors, relations = _analysis_inputs(team)
    plan = analysis.approach_plan(units=units, actors=actors, relations=relations)
    old = list(ApproachStep.objects.filter(team=team).order_by("order", "pk"))
    previous: dict[tuple, ApproachStep] = {}
    for step in old:
        previous.setdefault(_stored_key(step), step)

    kept_done = []
    used: set[int] = set()
    new_keys = {_match_key(s.phase, s.actor_id, s.unit_id, s.reason_code) for s in plan}
    for step in old:
        if step.status == ApproachStep.Status.DONE and _stored_key(step) not in new_keys:
            kept_done.append(step)
            used.add(step.pk)

    result = []
    for order, step in enumerate(kept_done, start=1):
        step.order = order
        result.append(step)
    ApproachStep.objects.bulk_update(kept_done, ["order"])
    ApproachStep.objects.filter(team=team).exclude(pk__in=used).delete()

    fresh = []
    for offset, item in enumerate(plan, start=len(kept_done) + 1):
        match = previous.get(_match_key(item.phase, item.actor_id, item.unit_id, item.reason_code))
        # The chain runs from an ally to the actor; keep who comes before the actor.
        params = dict(item.reason_params, phase=item.phase, via=list(item.via[:-1]))
        fresh.append(
            ApproachStep(
                team=team,
                actor_id=item.actor_id,
                unit_id=item.unit_id,
                order=offset,
                reason_code=item.reason_code,
                reason_params=params,
                status=match.status if match else ApproachStep.Status.OPEN,
                note=match.note if match else "",
            )
        )
    ApproachStep.objects.bulk_create(fresh)
    return result + fresh


def approach_step_update(*, step: ApproachStep, status: str | None = None, note: str | None = None):
    fields = []
    if status is not None and status != step.status:
        step.status = status
        fields.append("status")
    if note is not None and note != step.note:
        step.note = note
        fields.append("note")
    if fields:
        step.save(update_fields=fields)
    return step


@transaction.atomic
def approach_step_move(*, step: ApproachStep, direction: str) -> None:
    """Swap a step with its neighbour ("up" or "down"); orders are renumbered 1..n."""
    steps = list(
        ApproachStep.objects.select_for_update()
        .filter(team_id=step.team_id)
        .order_by("order", "pk")
    )
    ids = [s.pk for s in steps]
    i = ids.index(step.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(steps):
        steps[i], steps[j] = steps[j], steps[i]
    changed = []
    for order, s in enumerate(steps, start=1):
        if s.order != order:
            s.order = order
            changed.append(s)
    ApproachStep.objects.bulk_update(changed, ["order"])


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
