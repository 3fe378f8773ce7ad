"""Entry point: build a plan from a :class:`RotationProblem`.

The order of work (docs/rotation-algorithm.md):

1. Validate and canonicalise the input (:func:`instance.build_instance`): sectors
   of one member are no sectors, sector numbers follow sector sizes.
2. Lower bounds (:func:`problem_bounds`): the targets at which the search stops.
3. Constructions (:mod:`catalog`) — closed formulas at once, searched ones when the
   rounds are close to the repeat-free bound — with people seated on their points
   so that sectors, hosts, keep-apart pairs and smaller tables fit (:mod:`relabel`).
4. Tabu search (:mod:`search`) from the best start, until the bounds are met or
   the time is up; re-plans start from the previous plan instead.
5. With a group size, the neighbouring table counts are planned too
   (:func:`solve`): the caller sees which one does best.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, replace
from itertools import combinations

from klimapakete.rotation.bounds import (
    repeat_bound,
    round_bound,
    round_clash_bounds,
    table_sizes,
)
from klimapakete.rotation.catalog import instant_rounds, searched_rounds
from klimapakete.rotation.instance import Instance, build_instance, number_of_groups
from klimapakete.rotation.metrics import compute_metrics
from klimapakete.rotation.model import (
    Bounds,
    GroupOption,
    Plan,
    RotationError,
    RotationProblem,
    RotationResult,
    option_key,
)
from klimapakete.rotation.relabel import seat_people
from klimapakete.rotation.search import (
    CLASH_FIRST,
    Parts,
    SearchOutcome,
    TabuSearch,
    Weights,
    weights_for,
)

# Constructions that need a search are tried first when the rounds asked for are
# at least this share of the repeat-free bound; below it the tabu search alone
# reaches 0 repeats quickly.
HARD_SHARE = 0.75
# Share of the time for the requested table count when neighbours are planned too.
MAIN_SHARE = 0.8


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


DEAL_TRIES = 12
# Iterations (at least; 15 per person) without progress after which a search phase ends.
PATIENCE = 600
# Re-planning: attempts from differently repaired previous plans, and iterations
# without improvement after which an attempt at the bounds stops (fewer moves).
REPLAN_ATTEMPTS = 4
REPLAN_SETTLE = 80


def dealt_rounds(
    inst: Instance,
    rng: random.Random,
    count: int,
    before: list[list[list[int]]] | None = None,
) -> list[list[list[int]]]:
    """``count`` rounds, each the dealt round (of a few) that repeats the fewest meetings.

    Every dealt round has the fewest clashes possible; choosing among a few by
    the meetings they repeat (after the held rounds and ``before``) makes a
    start that is already a decent plan — a greedy round-by-round plan.
    """
    met: set[tuple[int, int]] = set()
    for rnd in list(inst.held) + list(before or []):
        for table in rnd:
            met.update(combinations(sorted(table), 2))
    out = []
    for _ in range(count):
        best, fewest = None, None
        for _ in range(DEAL_TRIES):
            rnd = dealt_round(inst, rng)
            repeats = sum(
                1 for table in rnd for pair in combinations(sorted(table), 2) if pair in met
            )
            if fewest is None or repeats < fewest:
                best, fewest = rnd, repeats
            if repeats == 0:
                break
        assert best is not None
        for table in best:
            met.update(combinations(sorted(table), 2))
        out.append(best)
    return out


# --- bounds ---------------------------------------------------------------------------------


def _held_values(inst: Instance) -> tuple[int, int, int]:
    """Repeats among the held rounds alone, and the clashes (both measures) in them."""
    meetings: Counter = Counter()
    over_one = over_share = 0
    for rnd in inst.held:
        present: Counter = Counter(inst.sector[p] for table in rnd for p in table)
        g = max(1, len(rnd))
        for table in rnd:
            meetings.update(combinations(sorted(table), 2))
            here = Counter(inst.sector[p] for p in table)
            for k, c in here.items():
                if k >= 0:
                    over_one += c - 1
                    over_share += max(0, c - -(-present[k] // g))
    repeats = sum(m - 1 for m in meetings.values() if m > 1)
    return repeats, over_one, over_share


@dataclass(frozen=True)
class Target:
    """Where the search may stop: the bounds as cost parts, and one round's clash bounds."""

    parts: Parts
    per_round: tuple[int, int]


def problem_bounds(inst: Instance) -> tuple[Bounds, Target]:
    """Lower bounds over all rounds, and the targets for the open rounds' search.

    Held rounds count with their own values (they cannot change). The clash
    bounds use the canonical sectors, which give the same counts as the names.
    """
    n = len(inst.present)
    g = inst.groups
    sizes = table_sizes(n, g)
    members = Counter(inst.sector[p] for p in inst.present if inst.sector[p] >= 0)
    hosts = [(i, inst.sector[h] if inst.sector[h] >= 0 else None) for i, h in enumerate(inst.hosts)]
    per_round = round_clash_bounds(dict(members), sizes, hosts)
    held_repeats, held_one, held_share = _held_values(inst)
    R = inst.open_rounds
    present = set(inst.present)
    if inst.held:
        repeats = held_repeats
    else:
        forbidden = sum(1 for i, j in inst.keep_apart if i in present and j in present)
        if inst.strict_sectors and per_round.over_one == 0:
            forbidden += sum(m * (m - 1) // 2 for m in members.values())
        repeats = repeat_bound(n, g, inst.total_rounds, forbidden_pairs=forbidden)
    bounds = Bounds(
        round_bound=round_bound(n, g),
        repeated_pairs=repeats,
        sector_clashes_over_one=held_one + R * per_round.over_one,
        sector_clashes=held_share + R * per_round.over_share,
        sector_clashes_joint=held_share + R * per_round.joint_over_share,
    )
    # The search counts clashes of the open rounds only, repeats over all rounds.
    target = Target(
        parts=Parts(
            keep_apart=0,
            repeats=repeats,
            clash_one=R * per_round.over_one,
            clash_share=R * per_round.joint_over_share,
        ),
        per_round=(per_round.over_one, per_round.joint_over_share),
    )
    return bounds, target


# --- planning the open rounds ---------------------------------------------------------------


Rounds = list[list[list[int]]]


class _Planner:
    """One planning run: the instance, its targets, the random source, and the best plan so far.

    The best plan is kept by the priorities (:meth:`Parts.key`), so whatever a
    step offers can only make the result better.
    """

    def __init__(
        self, inst: Instance, target: Target, rng: random.Random, max_iterations: int | None
    ) -> None:
        self.inst = inst
        self.w = weights_for(inst)
        self.target = target.parts
        self.per_round = target.per_round
        self.rng = rng
        self.max_iterations = max_iterations
        self.rounds: Rounds | None = None
        self.parts: Parts | None = None
        self.method = ""
        self.iterations = 0

    # --- the best plan ---------------------------------------------------------------------

    def offer(self, rounds: Rounds, parts: Parts, method: str) -> None:
        if self.parts is None or parts.key(self.w) < self.parts.key(self.w):
            self.rounds, self.parts, self.method = rounds, parts, method

    def offer_rounds(self, rounds: Rounds, method: str) -> None:
        self.offer(rounds, TabuSearch(self.inst, rounds).parts, method)

    def done(self) -> bool:
        p, t = self.parts, self.target
        return p is not None and (
            p.keep_apart <= t.keep_apart
            and p.repeats <= t.repeats
            and p.clash_one <= t.clash_one
            and p.clash_share <= t.clash_share
        )

    def repeats_done(self) -> bool:
        p = self.parts
        return p is not None and p.keep_apart == 0 and p.repeats <= self.target.repeats

    # --- steps -----------------------------------------------------------------------------

    def construct(self, deadline: float, *, searched: bool) -> None:
        """Offer constructed plans (people seated on their points)."""
        inst = self.inst
        R = inst.open_rounds
        g = inst.groups
        size = -(-len(inst.present) // g)
        if size < 2:
            return
        start = time.perf_counter()
        if searched:
            budget = start + 0.8 * max(0.0, deadline - start)
            found = searched_rounds(g, size, R, seed=self.rng.randrange(2**31), deadline=budget)
        else:
            found = instant_rounds(g, size)
        for name, rounds in found:
            # A construction with fewer rounds than asked for still gives the first
            # rounds; dealt rounds fill up, for the search to finish.
            use = rounds[:R]
            if len(use) < min(R, 2):
                continue
            seated = self.seat(use, deadline)
            if seated is None and len(use) < R and len(use) > 2:
                # Every pair of points meets in the full design: no room for empty
                # seats at separate tables. One round fewer leaves room.
                use = use[:-1]
                seated = self.seat(use, deadline)
            if seated is not None:
                seated += dealt_rounds(inst, self.rng, R - len(seated), before=seated)
                label = name if len(use) == R else f"{name} ({len(use)} rounds)"
                self.offer_rounds(seated, label)
                if self.done():
                    return
            if time.perf_counter() > deadline:
                return

    def seat(self, rounds: Rounds, deadline: float) -> Rounds | None:
        one, share = self.per_round
        return seat_people(
            self.inst,
            rounds,
            weights=self.w,
            clash_target=len(rounds) * (one * self.w.clash_one + share * self.w.clash_share),
            seed=self.rng.randrange(2**31),
            deadline=time.perf_counter() + 0.3 * max(0.0, deadline - time.perf_counter()),
        )

    def tabu(
        self,
        start_rounds: Rounds,
        deadline: float,
        method: str,
        *,
        weights: Weights | None = None,
        settle: int = 400,
        patience: int | None = None,
    ) -> SearchOutcome:
        seed = self.rng.randrange(2**31)
        search = TabuSearch(self.inst, start_rounds, seed=seed, weights=weights or self.w)
        outcome = search.run(
            time_limit=max(0.0, deadline - time.perf_counter()),
            max_iterations=self.max_iterations,
            target=self.target,
            round_target=self.per_round,
            priority=self.w,
            settle_iterations=settle,
            patience=patience,
        )
        self.iterations += outcome.iterations
        self.offer(outcome.rounds, outcome.parts, method)
        return outcome

    def two_phase(
        self,
        start_rounds: Rounds,
        deadline: float,
        method: str,
        *,
        settle: int = 400,
        restart: bool = False,
    ) -> None:
        """Clashes first, then the real priorities from where that ended.

        Starting from seatings with the fewest clashes (dealt rounds, or the
        previous plan), the search with clashes weighted above repeats looks for a
        repeat-free plan among them; when there is one, both values are at their
        bounds. Otherwise the search with repeats first trades clashes for repeats.
        Each phase stops when it stalls; with ``restart`` the pair runs again from
        new dealt rounds while there is time (the best plan of all is kept).
        """
        if self.w is CLASH_FIRST:  # strict sectors: clashes first is the real order
            self.tabu(start_rounds, deadline, method, settle=settle)
            return
        patience = max(PATIENCE, 15 * len(self.inst.present))
        while True:
            first = self.tabu(
                start_rounds,
                deadline,
                method,
                weights=CLASH_FIRST,
                settle=settle,
                patience=patience,
            )
            if self.done() or time.perf_counter() >= deadline:
                return
            then = patience if restart else None
            self.tabu(first.rounds, deadline, method, settle=settle, patience=then)
            if not restart or self.done() or time.perf_counter() >= deadline:
                return
            start_rounds = dealt_rounds(self.inst, self.rng, self.inst.open_rounds)

    def plan_fresh(self, deadline: float, bound: int | None) -> None:
        """Constructions and tabu search for a plan without held rounds or a previous plan.

        Near the repeat-free bound constructions come first (the search alone
        rarely gets there). Far from it, the two-phase search from dealt rounds
        (:meth:`two_phase`) handles uneven sectors best and constructions are the
        fallback. Whatever is left, the search with the real priorities finishes
        from the best plan.
        """
        R = self.inst.open_rounds
        hard = bound is not None and HARD_SHARE * bound <= R
        dealt = dealt_rounds(self.inst, self.rng, R)
        self.offer_rounds(dealt, "greedy")
        if hard:
            self.construct(deadline, searched=False)
        else:
            phase = time.perf_counter() + 0.8 * (deadline - time.perf_counter())
            self.two_phase(dealt, phase, "tabu", restart=True)
        if self.done():
            return
        if not self.repeats_done():
            if not hard:
                self.construct(deadline, searched=False)
            if not self.repeats_done():
                self.construct(deadline, searched=True)
            if self.done():
                return
        assert self.rounds is not None
        method = self.method if self.method.endswith("tabu") else f"{self.method}+tabu"
        self.tabu(self.rounds, deadline, method)

    def replan(self, deadline: float) -> None:
        """Several short searches from repaired copies of the previous plan; the best wins.

        Each attempt starts from the previous tables with only the seats that must
        change (holes filled, over-full tables emptied) and stops soon after it has
        reached the bounds, so the seat changes stay few; a different random repair
        per attempt gives different local optima, and the one with the lowest cost
        (repeats, then clashes, then moved seats) is kept.
        """
        for attempt in range(REPLAN_ATTEMPTS):
            remaining = deadline - time.perf_counter()
            if attempt and remaining <= 0:
                break
            initial = _repaired_reference(self.inst, self.rng)
            share = time.perf_counter() + max(0.0, remaining) / (REPLAN_ATTEMPTS - attempt)
            self.two_phase(initial, share, "replan-tabu", settle=REPLAN_SETTLE)
            if self.done() and self.parts is not None and self.parts.moves == 0:
                break


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


def _solve_groups(
    problem: RotationProblem,
    *,
    seed: int,
    time_limit: float,
    max_iterations: int | None,
) -> RotationResult:
    """Plan ``problem`` with its own number of groups."""
    start = time.perf_counter()
    deadline = start + time_limit
    inst = build_instance(problem)
    bounds, target = problem_bounds(inst)
    rng = random.Random(seed)
    best = _Planner(inst, target, rng, max_iterations)
    if inst.open_rounds:
        if any(inst.reference):
            best.replan(deadline)
        elif inst.held:
            best.two_phase(dealt_rounds(inst, rng, inst.open_rounds), deadline, "tabu")
        else:
            best.plan_fresh(deadline, bounds.round_bound)
    ids = inst.ids
    open_rounds = best.rounds or []
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
        method=best.method or ("held" if not inst.open_rounds else "tabu"),
        iterations=best.iterations,
        bounds=bounds,
    )


# --- the number of tables -------------------------------------------------------------------


def neighbour_groups(n: int, group_size: int) -> list[int]:
    """Table counts next to round(n / group_size) whose tables include the size asked for.

    21 people in groups of 5: 4 tables (5–6 people) and 5 tables (4–5 people).
    The rounded count comes first.
    """
    requested = number_of_groups(n, group_size)
    out = [requested]
    for g in (requested - 1, requested + 1):
        if 1 <= g <= n and n // g >= 2 and n // g <= group_size <= -(-n // g):
            out.append(g)
    return out


def _option(problem: RotationProblem, groups: int, result: RotationResult | None) -> GroupOption:
    n = len([p for p in problem.participants if p.id not in problem.absent])
    sizes = table_sizes(n, groups)
    if result is not None:
        bounds = result.bounds
    else:
        inst = build_instance(replace(problem, group_size=None, num_groups=groups))
        bounds = problem_bounds(inst)[0]
    assert bounds is not None
    return GroupOption(
        groups=groups,
        smallest=min(sizes),
        largest=max(sizes),
        bounds=bounds,
        metrics=result.metrics if result is not None else None,
    )


def solve(
    problem: RotationProblem,
    *,
    seed: int = 0,
    time_limit: float = 10.0,
    max_iterations: int | None = None,
    choose_groups: bool = False,
) -> RotationResult:
    """Plan the open rounds of ``problem`` within ``time_limit`` seconds.

    With a ``group_size`` (and no held rounds), the table counts next to
    round(n / group_size) whose tables still include that size are planned as
    well — after the requested one, with the time left, and only where their
    lower bounds do not already rule them out. ``result.options`` lists them;
    with ``choose_groups`` the result is the best of them (fewest repeats, then
    clashes; the requested count on a tie), otherwise the requested one.
    Raises :class:`RotationError` for unusable input and when keep-apart wishes
    could not be met.
    """
    start = time.perf_counter()
    if problem.group_size is None or problem.held or problem.reference is not None:
        return _solve_groups(
            problem, seed=seed, time_limit=time_limit, max_iterations=max_iterations
        )
    build_instance(problem)  # the input errors of the requested size come first
    n = len([p for p in problem.participants if p.id not in problem.absent])
    candidates = neighbour_groups(n, problem.group_size)
    requested = candidates[0]
    results: dict[int, RotationResult] = {}
    errors: dict[int, RotationError] = {}
    unplanned: dict[int, GroupOption] = {}
    for groups in candidates:
        try:
            unplanned[groups] = _option(problem, groups, None)
        except RotationError as error:
            errors[groups] = error
    if requested in errors and not choose_groups:
        raise errors[requested]
    if choose_groups:
        # The most promising count first (by its bounds), each with an equal share.
        order = sorted(unplanned, key=lambda g: (option_key(unplanned[g]), g != requested))
    else:
        # The requested count first, with most of the time.
        order = [g for g in candidates if g in unplanned]
    options: dict[int, GroupOption] = {}
    for k, groups in enumerate(order):
        option = unplanned[groups]
        planned = [o for o in options.values() if o.metrics is not None]
        if planned and min(option_key(o) for o in planned) < option_key(option):
            options[groups] = option  # its bounds are already worse: not worth planning
            continue
        left = time_limit - (time.perf_counter() - start)
        share = left / (len(order) - k)
        if k == 0 and len(order) > 1:
            # The first count gets most of the time: the requested one, or (when
            # choosing) the one with the best bounds, which often rules out the rest.
            share = left * MAIN_SHARE
        try:
            results[groups] = _solve_groups(
                replace(problem, group_size=None, num_groups=groups),
                seed=seed,
                time_limit=max(0.05, share),
                max_iterations=max_iterations,
            )
        except RotationError as error:
            errors[groups] = error
            continue
        options[groups] = _option(problem, groups, results[groups])
    if requested in errors and not choose_groups:
        raise errors[requested]
    if not results:
        raise errors[requested]
    listed = tuple(options[g] for g in candidates if g in options)  # the requested count first
    chosen = requested
    if choose_groups:
        chosen = min((o for o in listed if o.metrics is not None), key=option_key).groups
    return replace(
        results[chosen],
        seconds=time.perf_counter() - start,
        options=listed,
        requested_groups=requested,
    )
