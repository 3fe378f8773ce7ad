"""Validation of a :class:`RotationProblem` and its indexed form for the solvers."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from klimapakete.rotation.model import Participant, RotationError, RotationProblem


def number_of_groups(n: int, group_size: int) -> int:
    """Groups of about ``group_size`` for ``n`` people: ``round(n / group_size)``.

    Halves round up (47 people in groups of about 5 → 9 groups), at least 1.
    """
    return max(1, (2 * n + group_size) // (2 * group_size))


@dataclass
class Instance:
    """A validated problem with people numbered 0..N-1."""

    ids: list[str]
    index: dict[str, int]
    sector: list[int]  # -1 for no sector
    sector_names: list[str]
    present: list[int]  # people in the open rounds
    groups: int  # tables in the open rounds
    open_rounds: int
    held: list[list[list[int]]]
    keep_apart: list[tuple[int, int]]
    hosts: list[int]  # hosts[i] stays at table i
    reference: list[dict[int, int]]  # per open round: person -> previous table
    sector_cap: list[int]  # per sector: fair share ⌈m/g⌉ per table in open rounds
    strict_sectors: bool = False

    @property
    def total_rounds(self) -> int:
        return len(self.held) + self.open_rounds


def _check_ids(participants: tuple[Participant, ...]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, person in enumerate(participants):
        if not isinstance(person.id, str) or not person.id.strip():
            raise RotationError(
                "empty_id", f"participant {position + 1} has no id", position=position + 1
            )
        if person.id in index:
            raise RotationError("duplicate_id", f"duplicate id {person.id!r}", id=person.id)
        index[person.id] = position
    return index


def _lookup(index: dict[str, int], person_id: str, where: str) -> int:
    if person_id not in index:
        raise RotationError(
            "unknown_id", f"{where} names unknown id {person_id!r}", id=person_id, where=where
        )
    return index[person_id]


def _canonical_sectors(problem: RotationProblem, present: list[int]) -> tuple[list[str], list[int]]:
    """Sector numbers that depend only on the sizes of the sectors, not on how they are written.

    A sector with fewer than two members present clashes with nobody, so its
    members count as having no sector (a sector column of distinct values, e.g.
    organisations, is no constraint at all). The other sectors are numbered by
    size, largest first; names only break ties.
    """
    sizes: dict[str, int] = {}
    for i in present:
        name = problem.participants[i].sector
        if name is not None:
            sizes[name] = sizes.get(name, 0) + 1
    names = sorted((name for name, m in sizes.items() if m >= 2), key=lambda x: (-sizes[x], x))
    number = {name: k for k, name in enumerate(names)}
    sector = [number.get(p.sector, -1) for p in problem.participants]  # type: ignore[arg-type]
    return names, sector


def build_instance(problem: RotationProblem) -> Instance:
    """Check ``problem`` and number its people; raise :class:`RotationError` if unusable."""
    if not problem.participants:
        raise RotationError("no_participants", "there are no participants")
    index = _check_ids(problem.participants)
    ids = [p.id for p in problem.participants]

    if problem.rounds < 1:
        raise RotationError(
            "zero_rounds", "the number of rounds must be at least 1", rounds=problem.rounds
        )
    if len(problem.held) > problem.rounds:
        raise RotationError(
            "too_many_held_rounds",
            f"{len(problem.held)} rounds were held but only {problem.rounds} are planned",
            held=len(problem.held),
            rounds=problem.rounds,
        )
    held: list[list[list[int]]] = []
    for t, rnd in enumerate(problem.held):
        seen: set[int] = set()
        groups_t = []
        for group in rnd:
            members = [_lookup(index, pid, f"held round {t + 1}") for pid in group]
            if seen.intersection(members) or len(set(members)) != len(members):
                raise RotationError(
                    "held_round_duplicate",
                    f"held round {t + 1} seats someone twice",
                    round=t + 1,
                )
            seen.update(members)
            groups_t.append(members)
        held.append(groups_t)

    for pid in problem.absent:
        _lookup(index, pid, "the cancellations")
    present = [i for i, pid in enumerate(ids) if pid not in problem.absent]
    n = len(present)
    if n == 0:
        raise RotationError("no_participants", "nobody is left for the open rounds")

    if (problem.group_size is None) == (problem.num_groups is None):
        raise RotationError(
            "group_size_or_groups", "give either the group size or the number of groups"
        )
    if problem.group_size is not None:
        if problem.group_size < 2:
            raise RotationError(
                "group_size_too_small",
                f"group size {problem.group_size} is too small: groups need at least 2 people",
                group_size=problem.group_size,
            )
        if problem.group_size > n:
            raise RotationError(
                "group_size_too_large",
                f"group size {problem.group_size} is larger than the {n} participants",
                group_size=problem.group_size,
                participants=n,
            )
        groups = number_of_groups(n, problem.group_size)
    else:
        groups = int(problem.num_groups)  # type: ignore[arg-type]
        if not 1 <= groups <= n:
            raise RotationError(
                "num_groups_invalid",
                f"{groups} groups are impossible for {n} participants",
                groups=groups,
                participants=n,
            )

    names, sector = _canonical_sectors(problem, present)
    counts: dict[int, int] = {}
    for i in present:
        if sector[i] >= 0:
            counts[sector[i]] = counts.get(sector[i], 0) + 1
    sector_cap = [math.ceil(counts.get(k, 0) / groups) for k in range(len(names))]
    if problem.strict_sectors:
        for k, members in sorted(counts.items()):
            if members > groups:
                raise RotationError(
                    "sector_too_large",
                    f"sector {names[k]!r} has {members} people but there are only "
                    f"{groups} groups, so some group gets two of them",
                    sector=names[k],
                    members=members,
                    groups=groups,
                )

    hosts = [_lookup(index, pid, "the hosts") for pid in problem.hosts]
    if len(set(hosts)) != len(hosts):
        raise RotationError("duplicate_host", "someone is named as host twice")
    if len(hosts) > groups:
        raise RotationError(
            "too_many_hosts",
            f"{len(hosts)} hosts but only {groups} tables",
            hosts=len(hosts),
            groups=groups,
        )
    for h in hosts:
        if ids[h] in problem.absent:
            raise RotationError("host_absent", f"host {ids[h]!r} is cancelled", id=ids[h])

    keep_apart: list[tuple[int, int]] = []
    for a, b in problem.keep_apart:
        i = _lookup(index, a, "a keep-apart pair")
        j = _lookup(index, b, "a keep-apart pair")
        if i == j:
            raise RotationError("keep_apart_self", f"keep-apart pair names {a!r} twice", id=a)
        keep_apart.append((min(i, j), max(i, j)))
    keep_apart = sorted(set(keep_apart))
    _check_keep_apart(ids, present, keep_apart, groups, hosts)

    open_rounds = problem.rounds - len(held)
    reference: list[dict[int, int]] = [{} for _ in range(open_rounds)]
    if problem.reference is not None:
        for t in range(open_rounds):
            overall = len(held) + t
            if overall >= len(problem.reference.rounds):
                break
            for g, group in enumerate(problem.reference.rounds[overall]):
                for pid in group:
                    if pid in index and g < groups:
                        reference[t][index[pid]] = g
    return Instance(
        ids=ids,
        index=index,
        sector=sector,
        sector_names=names,
        present=present,
        groups=groups,
        open_rounds=open_rounds,
        held=held,
        keep_apart=keep_apart,
        hosts=hosts,
        reference=reference,
        sector_cap=sector_cap,
        strict_sectors=problem.strict_sectors,
    )


def _check_keep_apart(
    ids: list[str],
    present: list[int],
    pairs: list[tuple[int, int]],
    groups: int,
    hosts: list[int],
) -> None:
    """Reject keep-apart wishes that no seating can meet."""
    present_set = set(present)
    graph = nx.Graph()
    graph.add_edges_from((i, j) for i, j in pairs if i in present_set and j in present_set)
    # Hosts sit at different tables, so they behave as if kept apart too.
    graph.add_edges_from((h, k) for h in hosts for k in hosts if h < k)
    if graph.number_of_edges() == 0:
        return
    clique, _ = nx.max_weight_clique(graph, weight=None)
    if len(clique) > groups:
        names = sorted(ids[i] for i in clique)
        raise RotationError(
            "keep_apart_clique",
            f"{len(clique)} people must all be kept apart ({', '.join(names)}) "
            f"but there are only {groups} groups",
            ids=names,
            groups=groups,
        )
    n = len(present)
    smallest = n // groups
    for person in graph.nodes:
        if person not in present_set:
            continue
        others = n - 1 - graph.degree[person]
        if others < smallest - 1:
            raise RotationError(
                "keep_apart_too_many",
                f"{ids[person]!r} is kept apart from so many people that no group of "
                f"{smallest} can hold them",
                id=ids[person],
            )
