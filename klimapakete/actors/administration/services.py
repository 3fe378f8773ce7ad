"""Writes of the city administration map and the approach plan for a climate council
(keyword-only ``<thing>_<verb>`` functions).
"""

from __future__ import annotations

from django.db import transaction

from klimapakete.actors.analysis import algorithms
from klimapakete.actors.models import (
    Actor,
    AdminUnit,
    ApproachStep,
    Relationship,
)
from klimapakete.errors import DomainError
from klimapakete.teams.models import Team


class AdminRuleError(DomainError):
    """A request that breaks a rule of the administration map; ``code`` names it
    (sentences in ``actors/messages.py``)."""


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
    from klimapakete.actors.directory import services

    if actor.team_id != team.pk:
        raise AdminRuleError("foreign_actor")
    if unit is not None and unit.team_id != team.pk:
        raise AdminRuleError("foreign_unit")
    return services.actor_update(actor=actor, user=user, unit=unit)


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
            if kind in algorithms.UNIT_KINDS:
                return pk
            pk = parent
        return None

    units = []
    for pk, (kind, name, parent) in info.items():
        if kind not in algorithms.UNIT_KINDS:
            continue
        up = analysed(parent) if parent is not None else None
        units.append(algorithms.AdminUnit(id=pk, kind=kind, name=name, parent_id=up))
    actors = [
        algorithms.ActorNode(
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
        algorithms.Relation(source=s, target=t, kind=k, strength=st)
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
    plan = algorithms.approach_plan(units=units, actors=actors, relations=relations)
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
