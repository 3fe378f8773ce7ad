"""Seating real people on the points of a constructed plan.

A construction (:mod:`construct`, :mod:`rotational`, …) gives rounds over
abstract points: g tables of s points, nobody meeting twice. Which person
takes which point does not change the repeats at all, but it decides the
sector clashes, whether hosts can stay at their table and whether keep-apart
pairs meet. So people are assigned to points:

* ``g·s − n`` *empty seats* (when n is not a multiple of g) must sit at
  different tables in every round, so that table sizes differ by at most one;
* hosts must sit at different tables in every round — then each round's tables
  are renumbered so that host i is at table i;
* keep-apart pairs must take points that never meet;
* members of one sector should take points that meet as rarely as possible
  (ideally never: a row of a Latin-square grid, a table of an unused round).

These are all costs of the same kind — labels counted per round and table — so
one local search handles them: a greedy start (empty seats, hosts, then the
sectors from the largest), then swaps of two people's points (their whole
schedules), tabu on recently moved people, until the cost reaches the lower
bound or the time is up.
"""

from __future__ import annotations

import time

import numpy as np

from klimapakete.rotation.instance import Instance
from klimapakete.rotation.search import Weights

HARD = 10**7


def seat_people(
    inst: Instance,
    point_rounds: list[list[list[int]]],
    *,
    weights: Weights,
    clash_target: int,
    seed: int,
    deadline: float,
) -> list[list[list[int]]] | None:
    """Rounds over person numbers from rounds over points, or ``None``.

    ``point_rounds`` has (at most ``inst.open_rounds``) rounds of ``inst.groups``
    tables of equal size covering points 0..N−1 with N ≥ the people present. Returns
    ``None`` when the hard rules (sizes, hosts, keep-apart) could not be met in time.
    """
    rng = np.random.default_rng(seed)
    people = list(inst.present)
    n = len(people)
    R = len(point_rounds)
    G = inst.groups
    N = sum(len(table) for table in point_rounds[0])
    if n > N or N - n >= G:
        return None
    table_of = np.zeros((R, N), dtype=np.int64)
    for t, rnd in enumerate(point_rounds):
        for g, table in enumerate(rnd):
            table_of[t, table] = g
    # Point meetings: how often two points share a table.
    together = np.zeros((N, N), dtype=np.int64)
    for t in range(R):
        together += table_of[t][:, None] == table_of[t][None, :]
    np.fill_diagonal(together, 0)

    # Agents 0..n−1 are the people present, n..N−1 empty seats.
    K = len(inst.sector_names)
    EMPTY, HOST, NONE = K, K + 1, K + 2
    sector = np.full(N, NONE, dtype=np.int64)
    special = np.full(N, NONE, dtype=np.int64)
    index = {p: a for a, p in enumerate(people)}
    for a, p in enumerate(people):
        if inst.sector[p] >= 0:
            sector[a] = inst.sector[p]
    special[n:] = EMPTY
    for h in inst.hosts:
        special[index[h]] = HOST
    partners: dict[int, list[int]] = {}
    for i, j in inst.keep_apart:
        if i in index and j in index:
            partners.setdefault(index[i], []).append(index[j])
            partners.setdefault(index[j], []).append(index[i])

    # add[label, c]: the cost of a table's (c+1)-th member with this label.
    top = N + 2
    c = np.arange(top)
    add = np.zeros((K + 3, top))
    for k in range(K):
        add[k] = weights.clash_one * (c >= 1) + weights.clash_share * (c >= inst.sector_cap[k])
    add[EMPTY] = HARD * (c >= 1)
    add[HOST] = HARD * (c >= 1)

    point = _greedy_start(sector, special, partners, together, rng, K, EMPTY, HOST, NONE)
    counts = np.zeros((R, G, K + 3), dtype=np.int64)
    for a in range(N):
        counts[np.arange(R), table_of[:, point[a]], sector[a]] += 1
        counts[np.arange(R), table_of[:, point[a]], special[a]] += 1

    cum = np.concatenate([np.zeros((K + 3, 1)), np.cumsum(add, axis=1)], axis=1)

    def cost_of(cnt: np.ndarray) -> float:
        total = 0.0
        for label in range(K + 2):
            total += cum[label, cnt[:, :, label]].sum()
        return total

    def ka_cost() -> float:
        return (
            HARD * sum(together[point[a], point[b]] for a, bs in partners.items() for b in bs) / 2
        )

    cost = cost_of(counts) + ka_cost()
    target = clash_target * 1.0
    best_point, best_cost = point.copy(), cost
    rounds_idx = np.arange(R)[:, None]
    tabu = np.zeros(N, dtype=np.int64)
    iteration = 0
    stall = 0
    while best_cost > target and time.perf_counter() < deadline:
        iteration += 1
        # Who is in conflict: a label above its free level at their table in some round.
        tables = table_of[:, point]  # R × N
        here_s = counts[rounds_idx, tables, sector[None, :]]
        here_x = counts[rounds_idx, tables, special[None, :]]
        leave_s = -add[sector[None, :], np.maximum(0, here_s - 1)]  # R × N
        leave_x = -add[special[None, :], np.maximum(0, here_x - 1)]
        conflicted = ((leave_s < 0) | (leave_x < 0)).any(0)
        for a in partners:
            if any(together[point[a], point[b]] for b in partners[a]):
                conflicted[a] = True
        xs = np.flatnonzero(conflicted)
        if len(xs) == 0:
            break
        if len(xs) > 24:
            xs = rng.choice(xs, 24, replace=False)
        # delta[x, y]: the change when x and y trade points, summed over the rounds.
        tables_x = tables[:, xs]  # R × X
        delta = _label_delta(tables_x, tables, sector[xs], sector, counts, add)
        delta += _label_delta(tables_x, tables, special[xs], special, counts, add)
        if partners:
            delta = delta + HARD * _keep_apart_delta(xs, point, partners, together)
        delta = delta.astype(float)
        delta[np.arange(len(xs)), xs] = np.inf
        blocked = (tabu[xs][:, None] > iteration) | (tabu[None, :] > iteration)
        delta[blocked & (cost + delta >= best_cost)] = np.inf
        low = delta.min()
        if not np.isfinite(low):
            stall += 1
            continue
        ties = np.flatnonzero(delta.ravel() == low)
        k = int(ties[rng.integers(len(ties))])
        i, y = divmod(k, N)
        x = int(xs[i])
        _swap_points(x, y, point, table_of, counts, sector, special)
        cost = cost_of(counts) + ka_cost()
        tabu[x] = iteration + 3 + int(rng.integers(max(3, N // 8)))
        tabu[y] = iteration + 3 + int(rng.integers(max(3, N // 8)))
        if cost < best_cost - 1e-9:
            best_cost, best_point = cost, point.copy()
            stall = 0
        else:
            stall += 1
        if stall > 50 * max(10, N // 4):
            # Shake: a few random swaps.
            for _ in range(max(2, N // 20)):
                u, v = (int(z) for z in rng.choice(N, 2, replace=False))
                _swap_points(u, v, point, table_of, counts, sector, special)
            cost = cost_of(counts) + ka_cost()
            stall = 0
    if best_cost >= HARD:
        return None
    point = best_point
    rounds = []
    for t in range(R):
        tables: list[list[int]] = [[] for _ in range(G)]
        for a in range(n):
            tables[int(table_of[t, point[a]])].append(people[a])
        # Renumber the tables so that host i sits at table i.
        order: list[int] = []
        for h in inst.hosts:
            order.append(int(table_of[t, point[index[h]]]))
        order += [g for g in range(G) if g not in order]
        rounds.append([tables[g] for g in order])
    return rounds


def _label_delta(
    tables_x: np.ndarray,
    tables: np.ndarray,
    label_x: np.ndarray,
    label_y: np.ndarray,
    counts: np.ndarray,
    add: np.ndarray,
) -> np.ndarray:
    """The cost change of one kind of label when agent x (column of ``tables_x``)
    and agent y (column of ``tables``) trade points, for all x and y.

    In every round where they sit apart, x's label leaves x's table for y's and
    y's label the other way; equal labels change nothing.
    """
    R = tables.shape[0]
    r3 = np.arange(R)[:, None, None]
    a3, b3 = tables_x[:, :, None], tables[:, None, :]
    lx, ly = label_x[None, :, None], label_y[None, None, :]
    d = (
        add[lx, counts[r3, b3, lx]]
        - add[lx, np.maximum(0, counts[r3, a3, lx] - 1)]
        + add[ly, counts[r3, a3, ly]]
        - add[ly, np.maximum(0, counts[r3, b3, ly] - 1)]
    )
    apart = a3 != b3
    differ = label_x[:, None] != label_y[None, :]
    return (d * apart).sum(0) * differ


def _keep_apart_delta(xs, point, partners, together) -> np.ndarray:
    """Change of keep-apart meetings when agent xs[i] and agent y swap points, for all y."""
    N = len(point)
    delta = np.zeros((len(xs), N), dtype=np.int64)
    for i, x in enumerate(xs):
        for b in partners.get(int(x), []):
            # x takes y's point; the pair (x, b) then meets as often as those points do.
            row = together[point, point[b]] - together[point[x], point[b]]
            row[b] = 0  # swapping with the partner itself changes nothing for this pair
            delta[i] += row
    for y, bs in partners.items():
        for b in bs:
            # y takes x's point.
            col = together[point[xs], point[b]] - together[point[y], point[b]]
            col[xs == b] = 0
            delta[:, y] += col
    return delta


def _swap_points(x, y, point, table_of, counts, sector, special) -> None:
    R = table_of.shape[0]
    r = np.arange(R)
    a, b = table_of[:, point[x]], table_of[:, point[y]]
    for lab_x, lab_y in ((sector[x], sector[y]), (special[x], special[y])):
        if lab_x == lab_y:
            continue
        np.add.at(counts, (r, a, lab_x), -1)
        np.add.at(counts, (r, b, lab_x), 1)
        np.add.at(counts, (r, b, lab_y), -1)
        np.add.at(counts, (r, a, lab_y), 1)
    point[x], point[y] = point[y], point[x]


def _greedy_start(sector, special, partners, together, rng, K, EMPTY, HOST, NONE) -> np.ndarray:
    """Points for the agents: empty seats and hosts first, then sectors from the largest.

    Each agent takes the free point meeting its own kind's points the least.
    """
    N = len(sector)
    free = np.ones(N, dtype=bool)
    point = np.full(N, -1, dtype=np.int64)
    groups: list[list[int]] = []
    for label in (EMPTY, HOST):
        groups.append([a for a in range(N) if special[a] == label])
    sizes = {k: int((sector == k).sum()) for k in range(K)}
    for k in sorted(sizes, key=lambda k: -sizes[k]):
        groups.append([a for a in range(N) if sector[a] == k and point[a] < 0])
    for group in groups:
        taken: list[int] = []
        for a in group:
            if point[a] >= 0:
                continue
            candidates = np.flatnonzero(free)
            score = (
                together[np.ix_(candidates, taken)].sum(1) if taken else np.zeros(len(candidates))
            )
            low = score.min()
            best = candidates[score == low]
            p = int(best[rng.integers(len(best))])
            point[a] = p
            free[p] = False
            taken.append(p)
    rest = [a for a in range(N) if point[a] < 0]
    spots = np.flatnonzero(free)
    rng.shuffle(spots)
    for a, p in zip(rest, spots, strict=True):
        point[a] = int(p)
    return point
