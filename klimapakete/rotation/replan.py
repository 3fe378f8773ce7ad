"""Re-planning the open rounds after cancellations or late arrivals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from klimapakete.rotation.model import (
    Participant,
    Plan,
    RotationError,
    RotationProblem,
    RotationResult,
)
from klimapakete.rotation.solve import solve


def replan(
    problem: RotationProblem,
    plan: Plan,
    *,
    held_rounds: int,
    cancelled: Iterable[str] = (),
    arrived: Iterable[Participant] = (),
    seed: int = 0,
    time_limit: float = 10.0,
    max_iterations: int | None = None,
) -> RotationResult:
    """Re-plan the rounds after the first ``held_rounds`` of ``plan``.

    The held rounds stay as they were and their meetings count. ``cancelled``
    people leave the open rounds, ``arrived`` people join them. The number of
    tables stays as in the plan; the search prefers plans that change few
    seats (see ``moved_people`` and ``moved_seats`` in the metrics).
    """
    if not 0 <= held_rounds <= len(plan.rounds):
        raise RotationError(
            "held_rounds_invalid",
            f"{held_rounds} held rounds, but the plan has {len(plan.rounds)}",
            held_rounds=held_rounds,
            rounds=len(plan.rounds),
        )
    arrived = list(arrived)
    known = {p.id for p in problem.participants}
    for person in arrived:
        if person.id in known:
            raise RotationError("duplicate_id", f"duplicate id {person.id!r}", id=person.id)
    cancelled = set(cancelled)
    for pid in cancelled:
        if pid not in known:
            raise RotationError(
                "unknown_id",
                f"the cancellations name unknown id {pid!r}",
                id=pid,
                where="the cancellations",
            )
    groups = len(plan.rounds[-1]) if plan.rounds else problem.num_groups
    hosts = tuple(h for h in problem.hosts if h not in cancelled)
    if len(hosts) != len(problem.hosts):
        # A cancelled host frees their table; the others keep theirs only if in front.
        hosts = tuple(problem.hosts[: len(hosts)]) if hosts == problem.hosts[: len(hosts)] else ()
    new_problem = replace(
        problem,
        participants=tuple(problem.participants) + tuple(arrived),
        group_size=None,
        num_groups=groups,
        hosts=hosts,
        held=tuple(plan.rounds[:held_rounds]),
        absent=frozenset(problem.absent) | cancelled,
        reference=plan,
    )
    return solve(new_problem, seed=seed, time_limit=time_limit, max_iterations=max_iterations)
