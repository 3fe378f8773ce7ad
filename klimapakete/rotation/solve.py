"""Entry point: build a plan from a :class:`RotationProblem`."""

from __future__ import annotations

import random
import time

from klimapakete.rotation.construct import grid_rounds, latin_rounds, prime_power
from klimapakete.rotation.cyclic import cyclic_rounds
from klimapakete.rotation.instance import Instance, build_instance
from klimapakete.rotation.metrics import compute_metrics
from klimapakete.rotation.model import Plan, RotationError, RotationProblem, RotationResult
from klimapakete.rotation.rotational import multiplier_rounds
from klimapakete.rotation.search import SearchOutcome, TabuSearch
from klimapakete.rotation.translation import translation_rounds


def dealt_round(inst: Instance, rng: random.Random) -> list[list[int]]:
    """One round dealt like cards: hosts first, then everybody grouped by sector.

    Dealing a sector's members to consecutive tables gives every table at most
    ceil(m / g) of them, and table sizes differ by at most one.
    """
    hosts = set(inst.hosts)
    by_sector: dict[int, list[int]] = {}
    for p in inst.present:
        if p not in hosts:
            by_sector.setdefault(inst.sector[p], []).append(p)
    keys = sorted(by_sector, key=lambda k: (k < 0, -len(by_sector[k]), k))
    sequence = list(inst.hosts)
    for k in keys:
        members = by_sector[k][:]
        rng.shuffle(members)
        sequence.extend(members)
    tables: list[list[int]] = [[] for _ in range(inst.groups)]
    # Tables beyond the hosts' get a random order so rounds start different.
    labels = list(range(len(inst.hosts), inst.groups))
    rng.shuffle(labels)
    labels = list(range(len(inst.hosts))) + labels
    for position, p in enumerate(sequence):
        tables[labels[position % inst.groups]].append(p)
    return tables


def _constructed(inst: Instance, seed: int, time_limit: float) -> tuple[list[list[list[int]]], str]:
    """Repeat-free rounds from constructions, or ``[]`` if none applies.

    Finite-field constructions first; for people without sectors at equal
    tables, translation-invariant rounds for 16 or 32 people in tables of 4
    (:mod:`klimapakete.rotation.translation`), a search for a 1-rotational plan with a multiplier
    (:mod:`klimapakete.rotation.rotational`), then for a cyclic plan
    (:mod:`klimapakete.rotation.cyclic`), using at most ``time_limit`` seconds.
    """
    if inst.held or inst.keep_apart or inst.hosts or any(inst.reference):
        return [], ""
    g = inst.groups
    people = inst.present
    found: list[list[list[int]]] = []
    if prime_power(g) is not None:
        found = _field_rounds(inst)
    r = inst.open_rounds
    if len(found) < r and all(inst.sector[p] < 0 for p in people) and len(people) % g == 0:
        size = len(people) // g
        start = time.perf_counter()
        # 16 or 32 people in tables of 4: translation-invariant rounds over
        # GF(2)^k reach the bound (10 rounds for 32, one more than the field).
        translated = translation_rounds(g, size, r, seed=seed, time_limit=min(5.0, time_limit))
        if translated is not None:
            return [[[people[i] for i in t] for t in rnd] for rnd in translated], "translation"
        # A plan for more rounds (up to the bound) also serves: drop the extra rounds.
        lengths = range(r, max(r, (len(people) - 1) // max(1, size - 1)) + 1)
        budget = min(2.0, 0.2 * time_limit)
        for k, m in enumerate(lengths):
            left = budget - (time.perf_counter() - start)
            got = multiplier_rounds(g, size, m, seed=seed, time_limit=left / (len(lengths) - k))
            if got is not None:
                rounds = got[0][:r]
                return [[[people[i] for i in t] for t in rnd] for rnd in rounds], "multiplier"
        for bases, share in ((1, 0.6), (2, 1.0)):
            left = time_limit - (time.perf_counter() - start)
            rounds = cyclic_rounds(g, size, r, bases=bases, seed=seed, time_limit=left * share)
            if rounds is not None:
                return [[[people[i] for i in table] for table in rnd] for rnd in rounds], "cyclic"
    return found, "field"


def _field_rounds(inst: Instance) -> list[list[list[int]]]:
    g = inst.groups
    people = inst.present
    members: dict[int, list[int]] = {}
    for p in people:
        members.setdefault(inst.sector[p], []).append(p)
    if -1 not in members and len(members) <= g and all(len(m) == g for m in members.values()):
        # One person per sector: sector rows of the Latin-square grid.
        rows = [members[k] for k in sorted(members)]
        return [
            [[rows[s][c] for s, c in table] for table in rnd] for rnd in latin_rounds(g, len(rows))
        ]
    if set(members) == {-1} and len(people) % g == 0:
        size = len(people) // g
        return [[[people[i] for i in table] for table in rnd] for rnd in grid_rounds(g, size)]
    return []


def _repaired_reference(inst: Instance, rng: random.Random) -> list[list[list[int]]]:
    """Open rounds that keep the previous tables where they can, with valid sizes."""
    G = inst.groups
    hosts = set(inst.hosts)
    n = len(inst.present)
    small, big = divmod(n, G)
    rounds = []
    for t in range(inst.open_rounds):
        ref = inst.reference[t]
        tables: list[list[int]] = [[] for _ in range(G)]
        pool: list[int] = []
        for h, p in enumerate(inst.hosts):
            tables[h].append(p)
        for p in inst.present:
            if p in hosts:
                continue
            if p in ref:
                tables[ref[p]].append(p)
            else:
                pool.append(p)
        # The fullest tables keep the extra seats.
        order = sorted(range(G), key=lambda g: (-len(tables[g]), rng.random()))
        target = [small] * G
        for g in order[:big]:
            target[g] = small + 1
        for g in range(G):
            while len(tables[g]) > target[g]:
                # Prefer moving someone whose sector is crowded at this table.
                counts: dict[int, int] = {}
                for p in tables[g]:
                    counts[inst.sector[p]] = counts.get(inst.sector[p], 0) + 1
                candidates = [p for p in tables[g] if p not in hosts]
                candidates.sort(
                    key=lambda p: (-(counts[inst.sector[p]] if inst.sector[p] >= 0 else 0), p)
                )
                pool.append(candidates[0])
                tables[g].remove(candidates[0])
        rng.shuffle(pool)
        for p in pool:
            free = [g for g in range(G) if len(tables[g]) < target[g]]
            g = min(
                free,
                key=lambda g: (
                    sum(1 for z in tables[g] if inst.sector[z] == inst.sector[p] >= 0),
                    rng.random(),
                ),
            )
            tables[g].append(p)
        rounds.append(tables)
    return rounds


REPLAN_ATTEMPTS = 6
REPLAN_SETTLE = 120


def _replan_search(
    inst: Instance,
    rng: random.Random,
    start: float,
    time_limit: float,
    max_iterations: int | None,
) -> SearchOutcome:
    """Several short searches from repaired copies of the previous plan; the best wins.

    Each attempt starts from the previous tables with only the seats that must
    change (holes filled, over-full tables emptied) and stops soon after it has
    no repeat and no clash left, so the seat changes stay few; a different
    random repair per attempt gives different local optima, and the one with
    the lowest cost (repeats, then clashes, then moved seats) is kept.
    """
    best: SearchOutcome | None = None
    iterations = 0
    for attempt in range(REPLAN_ATTEMPTS):
        remaining = time_limit - (time.perf_counter() - start)
        if attempt and remaining <= 0:
            break
        initial = _repaired_reference(inst, rng)
        search = TabuSearch(inst, initial, seed=rng.randrange(2**31))
        outcome = search.run(
            time_limit=max(0.0, remaining),
            max_iterations=max_iterations,
            settle_iterations=REPLAN_SETTLE,
        )
        iterations += outcome.iterations
        if best is None or outcome.cost < best.cost:
            best = outcome
        if best.cost == 0:
            break
    assert best is not None
    best.iterations = iterations
    return best


def solve(
    problem: RotationProblem,
    *,
    seed: int = 0,
    time_limit: float = 10.0,
    max_iterations: int | None = None,
) -> RotationResult:
    """Plan the open rounds of ``problem``.

    Uses a finite-field construction when the instance has that structure,
    otherwise (or for the remaining rounds) the tabu search of
    :mod:`klimapakete.rotation.search`, which stops at the first plan without
    any repeat, clash or keep-apart meeting, or at ``time_limit`` seconds.
    Raises :class:`RotationError` for unusable input and when keep-apart
    wishes could not be met.
    """
    start = time.perf_counter()
    inst = build_instance(problem)
    rng = random.Random(seed)
    method = "tabu"
    iterations = 0
    open_rounds: list[list[list[int]]] = []
    if inst.open_rounds:
        constructed, how = _constructed(inst, rng.randrange(2**31), time_limit / 2)
        if len(constructed) >= inst.open_rounds:
            open_rounds = constructed[: inst.open_rounds]
            method = how
        else:
            if any(inst.reference):
                method = "replan-tabu"
                outcome = _replan_search(inst, rng, start, time_limit, max_iterations)
                open_rounds = outcome.rounds
                iterations = outcome.iterations
            else:
                initial = constructed + [
                    dealt_round(inst, rng) for _ in range(inst.open_rounds - len(constructed))
                ]
                if constructed:
                    method = f"{how}+tabu"
                search = TabuSearch(inst, initial, seed=rng.randrange(2**31))
                remaining = max(0.0, time_limit - (time.perf_counter() - start))
                outcome = search.run(time_limit=remaining, max_iterations=max_iterations)
                open_rounds = outcome.rounds
                iterations = outcome.iterations
    ids = inst.ids
    plan = Plan(
        tuple(problem.held)
        + tuple(tuple(tuple(ids[p] for p in table) for table in rnd) for rnd in open_rounds)
    )
    metrics = compute_metrics(problem, plan)
    if metrics.keep_apart_violations:
        raise RotationError(
            "keep_apart_unsatisfied",
            "no plan was found that keeps all keep-apart pairs apart; "
            "remove some pairs or use more groups",
            violations=metrics.keep_apart_violations,
        )
    return RotationResult(
        plan=plan,
        metrics=metrics,
        seconds=time.perf_counter() - start,
        method=method,
        iterations=iterations,
    )
