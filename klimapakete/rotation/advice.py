"""Advice that is true: other settings that were actually planned and do better.

When a plan has repeated meetings, :func:`advise` looks for settings with fewer:

* fewer rounds — as many as can be repeat-free (:func:`bounds.round_bound`),
  if a plan for them was found; otherwise the largest set of the plan's own
  rounds in which nobody meets twice (any k of those rounds are a plan);
* a table size one smaller or larger — planned (with its best table count) and
  offered only if that gives another number of tables and fewer repeated
  meetings.

Nothing is suggested that was not seen to work.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from itertools import combinations

import networkx as nx

from klimapakete.rotation.metrics import compute_metrics
from klimapakete.rotation.model import Plan, RotationError, RotationProblem, RotationResult
from klimapakete.rotation.solve import solve


@dataclass(frozen=True)
class Advice:
    """A setting that gives fewer repeated meetings than the plan at hand.

    ``kind`` is ``"rounds"`` (plan ``rounds`` rounds) or ``"group_size"``
    (ask for ``group_size`` people per table; the planner then uses ``groups``
    tables). The values are those of a plan that was found.
    """

    kind: str
    rounds: int
    group_size: int | None
    groups: int
    repeated_pairs: int
    sector_clashes_over_one: int

    def as_dict(self) -> dict:
        return asdict(self)


def repeat_free_rounds(plan: Plan) -> list[int]:
    """The largest set of rounds (by index) in which no pair meets twice."""
    pairs = [
        {pair for table in rnd for pair in combinations(sorted(table), 2)} for rnd in plan.rounds
    ]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(pairs)))
    # Rounds that share no pair can be kept together: a clique of this graph.
    graph.add_edges_from(
        (a, b) for a, b in combinations(range(len(pairs)), 2) if not pairs[a] & pairs[b]
    )
    clique, _ = nx.max_weight_clique(graph, weight=None)
    return sorted(clique)


def advise(
    problem: RotationProblem,
    result: RotationResult,
    *,
    seed: int = 0,
    time_limit: float = 1.0,
) -> list[Advice]:
    """Settings with fewer repeated meetings than ``result``, each backed by a plan found.

    Only for a fresh plan with a group size (no held rounds); empty when the
    plan has no repeated meetings.
    """
    m = result.metrics
    if m.repeated_pairs == 0 or problem.group_size is None or problem.held:
        return []
    deadline = time.perf_counter() + time_limit
    out: list[Advice] = []
    # Fewer rounds: as many as may be repeat-free, planned; or the plan's own
    # largest repeat-free set of rounds, whichever is more.
    keep = repeat_free_rounds(result.plan)
    best_rounds = None
    top = min(problem.rounds - 1, m.round_bound or 0)
    for rounds in range(top, max(len(keep), top - 2), -1):
        fewer = _try(replace(problem, rounds=rounds), seed, deadline, share=4)
        if fewer is not None and fewer.metrics.repeated_pairs == 0:
            best_rounds = Advice(
                kind="rounds",
                rounds=rounds,
                group_size=problem.group_size,
                groups=fewer.metrics.groups,
                repeated_pairs=0,
                sector_clashes_over_one=fewer.metrics.sector_clashes_over_one,
            )
            break
    if best_rounds is None and 2 <= len(keep) < problem.rounds:
        best_rounds = Advice(
            kind="rounds",
            rounds=len(keep),
            group_size=problem.group_size,
            groups=m.groups,
            repeated_pairs=0,
            sector_clashes_over_one=_clashes_in(problem, result.plan, keep),
        )
    if best_rounds is not None:
        out.append(best_rounds)
    # Another table size, if it ends with another number of tables.
    sizes = [s for s in (problem.group_size - 1, problem.group_size + 1) if s >= 2]
    for k, size in enumerate(sizes):
        other = _try(replace(problem, group_size=size), seed, deadline, share=len(sizes) - k)
        if (
            other is not None
            and other.metrics.groups != m.groups
            and other.metrics.repeated_pairs < m.repeated_pairs
        ):
            out.append(
                Advice(
                    kind="group_size",
                    rounds=problem.rounds,
                    group_size=size,
                    groups=other.metrics.groups,
                    repeated_pairs=other.metrics.repeated_pairs,
                    sector_clashes_over_one=other.metrics.sector_clashes_over_one,
                )
            )
    return out


def _try(problem: RotationProblem, seed: int, deadline: float, share: int):
    """A plan for ``problem`` within 1/share of the time left, or ``None``."""
    left = deadline - time.perf_counter()
    if left <= 0:
        return None
    try:
        return solve(problem, seed=seed, time_limit=left / share, choose_groups=True)
    except RotationError:
        return None


def _clashes_in(problem: RotationProblem, plan: Plan, rounds: list[int]) -> int:
    part = Plan(tuple(plan.rounds[t] for t in rounds))
    return compute_metrics(replace(problem, rounds=len(rounds)), part).sector_clashes_over_one
