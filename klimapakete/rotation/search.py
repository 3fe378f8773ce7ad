"""Anytime tabu search over swaps of two people at different tables within a round.

The objective is a weighted sum, in order of importance:
keep-apart meetings (``W_KEEP_APART``), repeated meetings (``W_REPEAT`` per
meeting beyond the first), avoidable sector excess (``W_CLASH``) and, when
re-planning, seats changed against the previous plan (``W_MOVE``). Swaps keep
table sizes, and hosts never move.

Each iteration picks a round with a conflict, computes for everybody in that
round how much they gain by leaving their table and what joining each other
table costs (one pass over the meeting-count matrix), and then scores every
swap of a person in conflict in constant time. The best swap that is not tabu
(or beats the best plan so far) is made; moving someone back to a table they
just left is tabu for a random number of iterations. After a long stretch
without improvement a few random swaps shake the plan up. The random source is
seeded, so a run is deterministic unless the time limit cuts it short.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from klimapakete.rotation.instance import Instance

W_KEEP_APART = 100_000
W_REPEAT = 1_000
W_CLASH = 100
W_MOVE = 1


@dataclass
class SearchOutcome:
    """The best open rounds found, their cost and effort."""

    rounds: list[list[list[int]]]
    cost: int
    pair_cost: int
    clash_cost: int
    move_cost: int
    iterations: int
    seconds: float


class TabuSearch:
    """Search state for the open rounds of an :class:`Instance`."""

    def __init__(self, inst: Instance, rounds: list[list[list[int]]], seed: int = 0) -> None:
        self.inst = inst
        self.rng = random.Random(seed)
        n = len(inst.ids)
        self.n = n
        self.G = inst.groups
        self.R = len(rounds)
        self.groups = [[list(group) for group in rnd] for rnd in rounds]
        self.where = []
        for rnd in self.groups:
            where = [-1] * n
            for g, group in enumerate(rnd):
                for p in group:
                    where[p] = g
            self.where.append(where)
        self.movable = [True] * n
        for h in inst.hosts:
            self.movable[h] = False
        # Pair data: meetings so far, free meetings (1, or 0 for keep-apart) and weight.
        self.meet = [[0] * n for _ in range(n)]
        self.cap = [[1] * n for _ in range(n)]
        self.weight = [[W_REPEAT] * n for _ in range(n)]
        for i, j in inst.keep_apart:
            self.cap[i][j] = self.cap[j][i] = 0
            self.weight[i][j] = self.weight[j][i] = W_KEEP_APART
        for rnd in inst.held:
            self._count(rnd, +1)
        for rnd in self.groups:
            self._count(rnd, +1)
        # Sector counts per round and table.
        self.sector = inst.sector
        self.sector_cap = inst.sector_cap
        k = len(inst.sector_names)
        self.sc = []
        for rnd in self.groups:
            counts = [[0] * (k + 1) for _ in range(self.G)]  # index -1 = no sector
            for g, group in enumerate(rnd):
                for p in group:
                    counts[g][inst.sector[p]] += 1
            self.sc.append(counts)
        self.ref = []
        for t in range(self.R):
            ref = [-1] * n
            for p, g in inst.reference[t].items():
                ref[p] = g
            self.ref.append(ref)
        self.pair_cost, self.clash_cost, self.move_cost = self.evaluate()

    def _count(self, rnd: list[list[int]], sign: int) -> None:
        meet = self.meet
        for group in rnd:
            for a in range(len(group)):
                row = meet[group[a]]
                for b in range(a + 1, len(group)):
                    row[group[b]] += sign
                    meet[group[b]][group[a]] += sign

    def evaluate(self) -> tuple[int, int, int]:
        """Cost parts recomputed from scratch: pairs, sector clashes, moves."""
        pair = 0
        n = self.n
        for i in range(n):
            mi, ci, wi = self.meet[i], self.cap[i], self.weight[i]
            for j in range(i + 1, n):
                if mi[j] > ci[j]:
                    pair += (mi[j] - ci[j]) * wi[j]
        clash = 0
        caps = self.sector_cap
        for counts in self.sc:
            for row in counts:
                for k, c in enumerate(row[:-1]):
                    if c > caps[k]:
                        clash += (c - caps[k]) * W_CLASH
        move = 0
        for t in range(self.R):
            ref, where = self.ref[t], self.where[t]
            for p in range(n):
                if ref[p] >= 0 and where[p] >= 0 and ref[p] != where[p]:
                    move += W_MOVE
        return pair, clash, move

    @property
    def cost(self) -> int:
        return self.pair_cost + self.clash_cost + self.move_cost

    def _round_tables(self, t: int) -> tuple[dict[int, int], dict[int, list[int]]]:
        """For round t: each person's gain from leaving their table and cost of joining each."""
        meet, cap, weight = self.meet, self.cap, self.weight
        where = self.where[t]
        G = self.G
        leave: dict[int, int] = {}
        join: dict[int, list[int]] = {}
        people = [p for group in self.groups[t] for p in group]
        for p in people:
            mp, cp, wp = meet[p], cap[p], weight[p]
            row = [0] * G
            for z in people:
                if z != p and mp[z] >= cp[z]:
                    row[where[z]] += wp[z]
            join[p] = row
            gain = 0
            for z in self.groups[t][where[p]]:
                if z != p and mp[z] > cp[z]:
                    gain += wp[z]
            leave[p] = gain
        return leave, join

    def _clash_delta(self, t: int, x: int, a: int, y: int, b: int) -> int:
        sx, sy = self.sector[x], self.sector[y]
        if sx == sy:
            return 0
        caps = self.sector_cap
        ca, cb = self.sc[t][a], self.sc[t][b]
        d = 0
        if sx >= 0:
            cap = caps[sx]
            d -= ca[sx] > cap  # x leaves table a
            d += cb[sx] >= cap  # x joins table b
        if sy >= 0:
            cap = caps[sy]
            d -= cb[sy] > cap
            d += ca[sy] >= cap
        return d * W_CLASH

    def _conflicts(self, t: int, leave: dict[int, int]) -> list[int]:
        where, ref, sc, caps = self.where[t], self.ref[t], self.sc[t], self.sector_cap
        out = []
        for p, gain in leave.items():
            if not self.movable[p]:
                continue
            s = self.sector[p]
            if (
                gain
                or (s >= 0 and sc[where[p]][s] > caps[s])
                or (ref[p] >= 0 and ref[p] != where[p])
            ):
                out.append(p)
        return out

    def swap(self, t: int, x: int, y: int) -> None:
        """Swap ``x`` and ``y`` (at different tables) in open round ``t``, updating all counts."""
        where = self.where[t]
        a, b = where[x], where[y]
        ga, gb = self.groups[t][a], self.groups[t][b]
        meet, cap, weight = self.meet, self.cap, self.weight
        pair = 0
        for z in ga:
            if z != x:
                if meet[x][z] > cap[x][z]:
                    pair -= weight[x][z]
                meet[x][z] -= 1
                meet[z][x] -= 1
                if meet[y][z] >= cap[y][z]:
                    pair += weight[y][z]
                meet[y][z] += 1
                meet[z][y] += 1
        for z in gb:
            if z != y:
                if meet[y][z] > cap[y][z]:
                    pair -= weight[y][z]
                meet[y][z] -= 1
                meet[z][y] -= 1
                if meet[x][z] >= cap[x][z]:
                    pair += weight[x][z]
                meet[x][z] += 1
                meet[z][x] += 1
        self.clash_cost += self._clash_delta(t, x, a, y, b)
        sx, sy = self.sector[x], self.sector[y]
        sc = self.sc[t]
        sc[a][sx] -= 1
        sc[b][sx] += 1
        sc[b][sy] -= 1
        sc[a][sy] += 1
        ref = self.ref[t]
        if ref[x] >= 0:
            self.move_cost += W_MOVE * ((ref[x] != b) - (ref[x] != a))
        if ref[y] >= 0:
            self.move_cost += W_MOVE * ((ref[y] != a) - (ref[y] != b))
        self.pair_cost += pair
        ga[ga.index(x)] = y
        gb[gb.index(y)] = x
        where[x], where[y] = b, a

    def run(
        self,
        *,
        time_limit: float = 10.0,
        max_iterations: int | None = None,
        settle_iterations: int = 400,
        stall_limit: int | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> SearchOutcome:
        """Search until the cost is 0, the time limit or the iteration limit.

        When only seat changes remain (re-planning), stop after
        ``settle_iterations`` iterations without improvement.
        """
        start = time.perf_counter()
        rng = self.rng
        G, R = self.G, self.R
        n = self.n
        tabu = [[0] * (n * G) for _ in range(R)]
        best = self._snapshot()
        best_cost = self.cost
        best_parts = (self.pair_cost, self.clash_cost, self.move_cost)
        stall = 0
        stall_limit = stall_limit or max(200, 20 * n)
        tenure_spread = max(4, n // 3)
        iteration = 0
        since_best = 0
        while self.cost > 0 and R > 0:
            if max_iterations is not None and iteration >= max_iterations:
                break
            if iteration % 16 == 0 and (
                time.perf_counter() - start > time_limit or (should_stop and should_stop())
            ):
                break
            if best_parts[0] == 0 and best_parts[1] == 0 and since_best >= settle_iterations:
                break
            iteration += 1
            t = rng.randrange(R)
            leave, join = self._round_tables(t)
            conflicts = self._conflicts(t, leave)
            if not conflicts:
                # Look for a round that has some; if none, the cost is 0.
                order = list(range(R))
                rng.shuffle(order)
                for t in order:
                    leave, join = self._round_tables(t)
                    conflicts = self._conflicts(t, leave)
                    if conflicts:
                        break
                if not conflicts:
                    break
            where, ref = self.where[t], self.ref[t]
            meet, cap, weight = self.meet, self.cap, self.weight
            movable = self.movable
            tabu_t = tabu[t]
            people = list(leave)
            cost = self.cost
            best_delta = None
            chosen = None
            ties = 0
            for x in conflicts:
                a = where[x]
                jx = join[x]
                lx = leave[x]
                mx, cx, wx = meet[x], cap[x], weight[x]
                for y in people:
                    b = where[y]
                    if b == a or not movable[y]:
                        continue
                    d = jx[b] - lx + join[y][a] - leave[y]
                    if mx[y] >= cx[y]:
                        d -= 2 * wx[y]
                    if self.sector[x] != self.sector[y]:
                        d += self._clash_delta(t, x, a, y, b)
                    if ref[x] >= 0:
                        d += W_MOVE * ((ref[x] != b) - (ref[x] != a))
                    if ref[y] >= 0:
                        d += W_MOVE * ((ref[y] != a) - (ref[y] != b))
                    is_tabu = tabu_t[x * G + b] > iteration or tabu_t[y * G + a] > iteration
                    if is_tabu and cost + d >= best_cost:
                        continue
                    if best_delta is None or d < best_delta:
                        best_delta, chosen, ties = d, (x, y), 1
                    elif d == best_delta:
                        ties += 1
                        if rng.randrange(ties) == 0:
                            chosen = (x, y)
            if chosen is None:
                stall += 1
                continue
            x, y = chosen
            a, b = where[x], where[y]
            self.swap(t, x, y)
            tabu_t[x * G + a] = iteration + 2 + rng.randrange(tenure_spread)
            tabu_t[y * G + b] = iteration + 2 + rng.randrange(tenure_spread)
            if self.cost < best_cost:
                best_cost = self.cost
                best = self._snapshot()
                best_parts = (self.pair_cost, self.clash_cost, self.move_cost)
                stall = 0
                since_best = 0
            else:
                stall += 1
                since_best += 1
            if stall >= stall_limit:
                self._perturb(max(2, n // 10))
                stall = 0
        return SearchOutcome(
            rounds=best,
            cost=best_cost,
            pair_cost=best_parts[0],
            clash_cost=best_parts[1],
            move_cost=best_parts[2],
            iterations=iteration,
            seconds=time.perf_counter() - start,
        )

    def _snapshot(self) -> list[list[list[int]]]:
        return [[list(group) for group in rnd] for rnd in self.groups]

    def _perturb(self, swaps: int) -> None:
        rng = self.rng
        for _ in range(swaps):
            t = rng.randrange(self.R)
            people = [p for p in range(self.n) if self.where[t][p] >= 0 and self.movable[p]]
            if len(people) < 2:
                return
            x, y = rng.sample(people, 2)
            if self.where[t][x] != self.where[t][y]:
                self.swap(t, x, y)
