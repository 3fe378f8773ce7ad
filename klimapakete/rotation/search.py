"""Anytime tabu search over swaps of two people at different tables within a round.

The objective is a weighted sum in the order of the documented priorities:
keep-apart meetings, repeated meetings (each meeting of a pair beyond the
first), sector clashes (each person who finds someone of their own sector at
the table, then each person beyond the sector's fair share ⌈m/g⌉) and, when
re-planning, seats changed against the previous plan. With ``strict_sectors``
sector clashes come before repeated meetings. Swaps keep table sizes; hosts
never move.

Each iteration scores every swap of a person in conflict with anybody at
another table, in all rounds at once (numpy). For every round, person and
table the search keeps what that person would pay for meeting the table's
people once more and what they pay now; a swap updates both in place (only
the pairs it changes, in every round), so a swap's change is read off those
tables and the sector counts. The best swap that is not tabu (or beats the
best plan so far) is made; moving someone back to a table they just left is
tabu for a random number of iterations. In a round whose clashes are at their
bound people move only to remove repeats. After a long stretch without
improvement a few random swaps shake the plan up. The search stops at the
targets (the lower bounds), at the time limit, the iteration limit or when it
has stalled for ``patience`` iterations; the random source is seeded, so a run
is deterministic unless the time limit cuts it short.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from klimapakete.rotation.instance import Instance


@dataclass(frozen=True)
class Weights:
    """Weights of the objective; each level outweighs what one swap can change below it."""

    keep_apart: int = 10**9
    repeat: int = 10_000
    clash_one: int = 100
    clash_share: int = 20
    move: int = 1


# People in conflict considered per round and iteration (a random sample beyond).
MAX_CANDIDATES = 24

NORMAL = Weights()
# Clashes before repeats: strict sectors (one person per sector and table before
# everything but keep-apart), and the first phase of a normal plan (see solve.py).
CLASH_FIRST = Weights(repeat=100, clash_one=10**6, clash_share=10**4)
STRICT = CLASH_FIRST


def weights_for(inst: Instance) -> Weights:
    return STRICT if inst.strict_sectors else NORMAL


@dataclass(frozen=True)
class Parts:
    """The cost of a plan by priority."""

    keep_apart: int = 0
    repeats: int = 0
    clash_one: int = 0
    clash_share: int = 0
    moves: int = 0

    def weighted(self, w: Weights) -> int:
        return (
            self.keep_apart * w.keep_apart
            + self.repeats * w.repeat
            + self.clash_one * w.clash_one
            + self.clash_share * w.clash_share
            + self.moves * w.move
        )

    def key(self, w: Weights) -> tuple[int, ...]:
        """A sort key in the order of the priorities."""
        if w.clash_one > w.repeat:
            return (self.keep_apart, self.clash_one, self.repeats, self.clash_share, self.moves)
        return (self.keep_apart, self.repeats, self.clash_one, self.clash_share, self.moves)


@dataclass
class SearchOutcome:
    """The best open rounds found, their cost and effort."""

    rounds: list[list[list[int]]]
    parts: Parts
    iterations: int
    seconds: float

    def key(self, w: Weights) -> tuple[int, ...]:
        return self.parts.key(w)


class TabuSearch:
    """Search state for the open rounds of an :class:`Instance`.

    Besides the seating it keeps, for every open round t, person p and table g,
    ``join[t, p, g]``: what p pays for the people at table g if p meets them
    once more, and ``stay[t, p, g]``: what p pays for them now (repeats and
    keep-apart meetings beyond the free ones). A swap updates both in place, so
    scoring all swaps of a round needs no pass over all pairs.
    """

    def __init__(
        self,
        inst: Instance,
        rounds: list[list[list[int]]],
        seed: int = 0,
        weights: Weights | None = None,
    ) -> None:
        self.inst = inst
        self.w = weights or weights_for(inst)
        self.rng = np.random.default_rng(seed)
        n = len(inst.ids)
        self.n = n
        self.G = inst.groups
        self.R = len(rounds)
        self.groups = [[list(group) for group in rnd] for rnd in rounds]
        self.where = np.full((self.R, n), -1, dtype=np.int64)
        for t, rnd in enumerate(self.groups):
            for g, group in enumerate(rnd):
                self.where[t, group] = g
        self.movable = np.ones(n, dtype=bool)
        self.movable[inst.hosts] = False
        # Pair data: meetings so far, free meetings (1, or 0 for keep-apart), weight.
        self.meet = np.zeros((n, n), dtype=np.int64)
        self.free = np.ones((n, n), dtype=np.int64)
        self.pair_weight = np.full((n, n), self.w.repeat, dtype=np.int64)
        self.keep_apart = np.zeros((n, n), dtype=bool)
        for i, j in inst.keep_apart:
            self.free[i, j] = self.free[j, i] = 0
            self.pair_weight[i, j] = self.pair_weight[j, i] = self.w.keep_apart
            self.keep_apart[i, j] = self.keep_apart[j, i] = True
        np.fill_diagonal(self.pair_weight, 0)
        for rnd in inst.held:
            self._count(rnd, +1)
        for rnd in self.groups:
            self._count(rnd, +1)
        # Sector counts per round and table; column K counts people without a sector.
        self.K = len(inst.sector_names)
        self.sector = np.array([k if k >= 0 else self.K for k in inst.sector], dtype=np.int64)
        self.counts = np.zeros((self.R, self.G, self.K + 1), dtype=np.int64)
        for t, rnd in enumerate(self.groups):
            for g, group in enumerate(rnd):
                for p in group:
                    self.counts[t, g, self.sector[p]] += 1
        # add_cost[k, c]: the cost of a sector's (c+1)-th member at a table.
        top = max(2, n + 2)
        c = np.arange(top)
        caps = np.array(list(inst.sector_cap) + [top], dtype=np.int64)
        self.add_cost = (self.w.clash_one * (c[None, :] >= 1)) + (
            self.w.clash_share * (c[None, :] >= caps[:, None])
        )
        self.add_cost[self.K] = 0
        self.caps = caps
        self.ref = np.full((self.R, n), -1, dtype=np.int64)
        for t in range(self.R):
            for p, g in inst.reference[t].items():
                self.ref[t, p] = g
        self.join_pen = np.where(self.meet >= self.free, self.pair_weight, 0)
        self.stay_pen = np.where(self.meet > self.free, self.pair_weight, 0)
        self.join = np.zeros((self.R, n, self.G), dtype=np.int64)
        self.stay = np.zeros((self.R, n, self.G), dtype=np.int64)
        for t, rnd in enumerate(self.groups):
            for g, group in enumerate(rnd):
                self.join[t, :, g] = self.join_pen[:, group].sum(1)
                self.stay[t, :, g] = self.stay_pen[:, group].sum(1)
        self.parts = self.evaluate()
        self.round_target = (0, 0)
        self.has_ref = bool((self.ref >= 0).any())
        # Everyone who may swap (present in the open rounds, not a host).
        seated = (self.where >= 0).all(0) if self.R else np.zeros(n, dtype=bool)
        self.swappable = np.flatnonzero(seated & self.movable)

    # --- bookkeeping --------------------------------------------------------------------

    def _count(self, rnd: list[list[int]], sign: int) -> None:
        for group in rnd:
            idx = np.array(group, dtype=np.int64)
            self.meet[np.ix_(idx, idx)] += sign
            self.meet[idx, idx] -= sign

    def evaluate(self) -> Parts:
        """The cost parts recomputed from scratch."""
        iu = np.triu_indices(self.n, 1)
        over = np.maximum(0, self.meet - self.free)[iu]
        ka = self.keep_apart[iu]
        clash_one = 0
        clash_share = 0
        real = self.counts[:, :, : self.K]
        if self.K:
            clash_one = int(np.maximum(0, real - 1).sum())
            clash_share = int(np.maximum(0, real - self.caps[None, None, : self.K]).sum())
        moves = int(((self.ref >= 0) & (self.where >= 0) & (self.ref != self.where)).sum())
        return Parts(
            keep_apart=int(over[ka].sum()),
            repeats=int(over[~ka].sum()),
            clash_one=clash_one,
            clash_share=clash_share,
            moves=moves,
        )

    @property
    def cost(self) -> int:
        return self.parts.weighted(self.w)

    def swap(self, t: int, x: int, y: int) -> None:
        """Swap ``x`` and ``y`` (at different tables) in open round ``t``, updating all counts."""
        where = self.where[t]
        a, b = int(where[x]), int(where[y])
        ga, gb = self.groups[t][a], self.groups[t][b]
        # The seating part of the join/stay tables of round t, with the old pair costs.
        for table, pen in ((self.join[t], self.join_pen), (self.stay[t], self.stay_pen)):
            diff = pen[:, y] - pen[:, x]
            table[:, a] += diff
            table[:, b] -= diff
        # Meetings: x leaves ga for gb, y leaves gb for ga.
        old_x = [z for z in ga if z != x]
        old_y = [z for z in gb if z != y]
        ps = [x] * len(old_x) + [y] * len(old_y) + [x] * len(old_y) + [y] * len(old_x)
        zs = old_x + old_y + old_y + old_x
        signs = [-1] * (len(old_x) + len(old_y)) + [1] * (len(old_y) + len(old_x))
        ps_a = np.array(ps, dtype=np.int64)
        zs_a = np.array(zs, dtype=np.int64)
        sign = np.array(signs, dtype=np.int64)
        before_over = np.maximum(0, self.meet[ps_a, zs_a] - self.free[ps_a, zs_a])
        before_join = self.join_pen[ps_a, zs_a]
        before_stay = self.stay_pen[ps_a, zs_a]
        self.meet[ps_a, zs_a] += sign
        self.meet[zs_a, ps_a] += sign
        m, f, wgt = self.meet[ps_a, zs_a], self.free[ps_a, zs_a], self.pair_weight[ps_a, zs_a]
        after_over = np.maximum(0, m - f)
        d_over = after_over - before_over
        ka = self.keep_apart[ps_a, zs_a]
        d_ka = int(d_over[ka].sum())
        d_rep = int(d_over[~ka].sum())
        new_join = np.where(m >= f, wgt, 0)
        new_stay = np.where(m > f, wgt, 0)
        self.join_pen[ps_a, zs_a] = self.join_pen[zs_a, ps_a] = new_join
        self.stay_pen[ps_a, zs_a] = self.stay_pen[zs_a, ps_a] = new_stay
        ga[ga.index(x)] = y
        gb[gb.index(y)] = x
        where[x], where[y] = b, a
        # The pair part: a changed pair cost moves the tables of both in every round.
        r = np.arange(self.R)[:, None]
        for table, d in ((self.join, new_join - before_join), (self.stay, new_stay - before_stay)):
            changed = d != 0
            if changed.any():
                p, z, dd = ps_a[changed], zs_a[changed], d[changed]
                np.add.at(table, (r, p[None, :], self.where[:, z]), dd[None, :])
                np.add.at(table, (r, z[None, :], self.where[:, p]), dd[None, :])
        counts = self.counts[t]
        sx, sy = self.sector[x], self.sector[y]
        d_one = d_share = 0
        if sx != sy:
            for s, src, dst in ((sx, a, b), (sy, b, a)):
                if s == self.K:
                    continue
                cap, here, there = self.caps[s], counts[src, s], counts[dst, s]
                d_one += int(there >= 1) - int(here >= 2)
                d_share += int(there >= cap) - int(here > cap)
            counts[a, sx] -= 1
            counts[b, sx] += 1
            counts[b, sy] -= 1
            counts[a, sy] += 1
        ref = self.ref[t]
        d_move = 0
        if ref[x] >= 0:
            d_move += int(ref[x] != b) - int(ref[x] != a)
        if ref[y] >= 0:
            d_move += int(ref[y] != a) - int(ref[y] != b)
        p = self.parts
        self.parts = Parts(
            p.keep_apart + d_ka,
            p.repeats + d_rep,
            p.clash_one + d_one,
            p.clash_share + d_share,
            p.moves + d_move,
        )

    # --- the search ---------------------------------------------------------------------

    def _best_move(self, best_cost: int, iteration: int, tabu: np.ndarray):
        """The best allowed swap over all rounds as (delta, t, x, y).

        ``None`` if nobody is in conflict anywhere; delta ``None`` if every
        swap is tabu. All rounds are scored at once: one row per (round,
        person in conflict), one column per person who could swap.
        """
        R, K = self.R, self.K
        sector = self.sector
        where = self.where
        present = where >= 0
        table = np.where(present, where, 0)
        rounds = np.arange(R)[:, None]
        leave = np.take_along_axis(self.stay, table[:, :, None], axis=2)[:, :, 0]
        here = self.counts[rounds, table, sector[None, :]]
        leave_clash = -self.add_cost[sector[None, :], np.maximum(0, here - 1)]
        # Rounds whose clashes are at their bound: people move there only for repeats.
        real = self.counts[:, :, :K]
        one, share = self.round_target
        at_bound = (np.maximum(0, real - 1).sum((1, 2)) <= one) & (
            np.maximum(0, real - self.caps[None, None, :K]).sum((1, 2)) <= share
        )
        conflict = (leave > 0) | ((leave_clash < 0) & ~at_bound[:, None])
        has_ref = self.ref >= 0
        if self.has_ref:
            conflict |= has_ref & (self.ref != table)
        conflict &= present & self.movable[None, :]
        ts, xs = np.nonzero(conflict)
        if len(xs) == 0:
            return None
        if len(xs) > MAX_CANDIDATES * 2:
            keep = np.sort(self.rng.choice(len(xs), MAX_CANDIDATES * 2, replace=False))
            ts, xs = ts[keep], xs[keep]
        ys = self.swappable
        wx = where[ts, xs]  # rows
        wy = where[ts][:, ys]  # rows × Y
        tcol = ts[:, None]
        d = (
            self.join[tcol, xs[:, None], wy]
            - leave[ts, xs][:, None]
            + self.join[tcol, ys[None, :], wx[:, None]]
            - leave[ts][:, ys]
            - 2 * self.join_pen[xs][:, ys]
        )
        sx, sy = sector[xs], sector[ys]
        d_clash = (
            leave_clash[ts, xs][:, None]
            + self.add_cost[sx[:, None], self.counts[tcol, wy, sx[:, None]]]
            + leave_clash[ts][:, ys]
            + self.add_cost[sy[None, :], self.counts[tcol, wx[:, None], sy[None, :]]]
        )
        d += np.where(sx[:, None] != sy[None, :], d_clash, 0)
        if self.has_ref:
            ref = self.ref
            rx = ref[ts, xs][:, None]
            ry = ref[ts][:, ys]
            d += self.w.move * (
                (rx >= 0) * ((rx != wy).astype(np.int64) - (rx != wx[:, None]))
                + (ry >= 0) * ((ry != wx[:, None]).astype(np.int64) - (ry != wy))
            )
        forbidden = wx[:, None] == wy
        is_tabu = (tabu[tcol, xs[:, None], wy] > iteration) | (
            tabu[tcol, ys[None, :], wx[:, None]] > iteration
        )
        forbidden |= is_tabu & (self.cost + d >= best_cost)
        if forbidden.all():
            return (None, 0, 0, 0)
        low = d[~forbidden].min()
        ties = np.flatnonzero((d == low) & ~forbidden)
        k = int(ties[self.rng.integers(len(ties))]) if len(ties) > 1 else int(ties[0])
        i, j = divmod(k, len(ys))
        return (int(low), int(ts[i]), int(xs[i]), int(ys[j]))

    def run(
        self,
        *,
        time_limit: float = 10.0,
        max_iterations: int | None = None,
        target: Parts | None = None,
        settle_iterations: int = 400,
        stall_limit: int | None = None,
        round_target: tuple[int, int] = (0, 0),
        priority: Weights | None = None,
        patience: int | None = None,
    ) -> SearchOutcome:
        """Search until the cost parts reach ``target``, the time limit or the iteration limit.

        ``target`` holds lower bounds (moves are not bounded): once keep-apart,
        repeats and clashes are at it, the search stops — or, when seat changes
        against a previous plan count, after ``settle_iterations`` iterations
        without improvement. ``round_target`` are the fewest clashes (over one,
        over the fair share) one round can have: people in a round at that bound
        move only to remove repeats. The best plan is kept by the order of
        ``priority`` (default: the search's own weights), which may differ from
        the weights that steer the moves. With ``patience`` the search also
        stops after that many iterations without a better weighted cost.
        """
        priority = priority or self.w
        self.round_target = round_target
        start = time.perf_counter()
        deadline = start + time_limit
        target = target or Parts()
        rng = self.rng
        G, R, n = self.G, self.R, self.n
        tabu = np.zeros((max(R, 1), n, G), dtype=np.int64)
        best = self._snapshot()
        best_parts = self.parts
        best_cost = self.cost
        stall = 0
        stall_limit = stall_limit or max(200, 10 * n)
        tenure_spread = max(4, n // 4)
        iteration = 0
        since_best = 0
        idle = 0
        counts_moves = bool((self.ref >= 0).any())

        def at_target(p: Parts) -> bool:
            return (
                p.keep_apart <= target.keep_apart
                and p.repeats <= target.repeats
                and p.clash_one <= target.clash_one
                and p.clash_share <= target.clash_share
            )

        while R > 0:
            if at_target(best_parts) and (
                not counts_moves or best_parts.moves == 0 or since_best >= settle_iterations
            ):
                break
            if max_iterations is not None and iteration >= max_iterations:
                break
            if time.perf_counter() > deadline:
                break
            if patience is not None and idle >= patience:
                break
            iteration += 1
            chosen = self._best_move(best_cost, iteration, tabu)
            if chosen is None:
                break  # nobody is in conflict anywhere
            delta, t, x, y = chosen
            if delta is None:
                stall += 1
                continue
            a, b = int(self.where[t, x]), int(self.where[t, y])
            self.swap(t, x, y)
            tabu[t, x, a] = iteration + 2 + int(rng.integers(tenure_spread))
            tabu[t, y, b] = iteration + 2 + int(rng.integers(tenure_spread))
            cost = self.cost
            improved = False
            if cost < best_cost:
                best_cost = cost
                stall = idle = 0
                improved = True
            else:
                stall += 1
                idle += 1
            if self.parts.key(priority) < best_parts.key(priority):
                best = self._snapshot()
                best_parts = self.parts
                since_best = 0
            elif not improved:
                since_best += 1
            if stall >= stall_limit:
                self._perturb(max(2, n // 10))
                stall = 0
        return SearchOutcome(
            rounds=best,
            parts=best_parts,
            iterations=iteration,
            seconds=time.perf_counter() - start,
        )

    def _snapshot(self) -> list[list[list[int]]]:
        return [[list(group) for group in rnd] for rnd in self.groups]

    def _perturb(self, swaps: int) -> None:
        rng = self.rng
        for _ in range(swaps):
            t = int(rng.integers(self.R))
            people = np.flatnonzero((self.where[t] >= 0) & self.movable)
            if len(people) < 2:
                return
            x, y = (int(p) for p in rng.choice(people, 2, replace=False))
            if self.where[t, x] != self.where[t, y]:
                self.swap(t, x, y)
