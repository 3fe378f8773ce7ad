"""Inputs and outputs of the rotation solver as plain dataclasses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

# A round is a tuple of groups (tables); a group is a tuple of participant ids.
Round = tuple[tuple[str, ...], ...]


class RotationError(ValueError):
    """A problem the caller can fix, with a machine-readable ``code`` and ``params``.

    The English ``message`` is meant for logs and the command line; a web UI
    should translate from ``code`` and ``params`` instead.
    """

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        """The error as JSON-friendly data."""
        return {"code": self.code, "message": self.message, "params": dict(self.params)}


@dataclass(frozen=True)
class Participant:
    """A person taking part; ``sector`` is ``None`` when unknown or not relevant."""

    id: str
    sector: str | None = None

    def __post_init__(self) -> None:
        # Treat an empty sector like a missing one.
        if self.sector is not None and not self.sector.strip():
            object.__setattr__(self, "sector", None)


@dataclass(frozen=True)
class Plan:
    """Groups per round: ``rounds[t][g]`` holds the ids at table ``g`` in round ``t``.

    Rounds and tables are numbered from 0 here; the CSV output numbers from 1.
    """

    rounds: tuple[Round, ...]

    @classmethod
    def from_lists(cls, rounds: Any) -> Plan:
        """Build a plan from nested lists."""
        return cls(tuple(tuple(tuple(group) for group in rnd) for rnd in rounds))

    def table_of(self, person_id: str, round_index: int) -> int | None:
        """The table of ``person_id`` in round ``round_index`` (``None`` if absent)."""
        for g, group in enumerate(self.rounds[round_index]):
            if person_id in group:
                return g
        return None

    def rows(self) -> Iterator[tuple[int, int, str]]:
        """``(round, table, id)`` triples numbered from 1, as written to plan.csv."""
        for t, rnd in enumerate(self.rounds, start=1):
            for g, group in enumerate(rnd, start=1):
                for person_id in group:
                    yield t, g, person_id


@dataclass(frozen=True)
class RotationProblem:
    """What to plan.

    Exactly one of ``group_size`` (groups of about that size: the number of
    groups is ``round(n / group_size)``, halves rounded up, at least 1) and
    ``num_groups`` is given. Group sizes within a round differ by at most one.

    ``hosts`` stay at one table for all open rounds: ``hosts[i]`` hosts table
    ``i``. They take part like everyone else (their meetings count).

    ``held`` are rounds that already took place; they are kept as they are and
    their meetings count. ``absent`` people take no part in the open rounds
    (cancellations); they may still appear in held rounds. ``reference`` is
    the previous plan: the solver changes as few tables of it as it can.
    With ``strict_sectors`` a sector larger than the number of groups is an
    error instead of being spread as evenly as possible.
    """

    participants: tuple[Participant, ...]
    rounds: int
    group_size: int | None = None
    num_groups: int | None = None
    keep_apart: tuple[tuple[str, str], ...] = ()
    hosts: tuple[str, ...] = ()
    held: tuple[Round, ...] = ()
    absent: frozenset[str] = field(default_factory=frozenset)
    reference: Plan | None = None
    strict_sectors: bool = False


@dataclass(frozen=True)
class Bounds:
    """Lower bounds for a problem: no plan does better (see :mod:`klimapakete.rotation.bounds`).

    ``round_bound`` is an upper bound on repeat-free rounds; the others are lower
    bounds on the metrics of the same name over all rounds. ``sector_clashes``
    is the bound of that measure alone; among plans at the
    ``sector_clashes_over_one`` bound the fewest are ``sector_clashes_joint``.
    """

    round_bound: int | None
    repeated_pairs: int
    sector_clashes_over_one: int
    sector_clashes: int
    sector_clashes_joint: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GroupOption:
    """One number of tables tried for a requested group size, with what it reached.

    ``metrics`` is ``None`` when the option was not planned because its lower
    bounds were already worse than what another option reached.
    """

    groups: int
    smallest: int
    largest: int
    bounds: Bounds
    metrics: Any = None  # klimapakete.rotation.metrics.Metrics | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "groups": self.groups,
            "table_sizes": [self.smallest, self.largest],
            "bounds": self.bounds.as_dict(),
            "planned": self.metrics is not None,
            **(
                {
                    key: getattr(self.metrics, key)
                    for key in ("repeated_pairs", "sector_clashes_over_one", "sector_clashes")
                }
                if self.metrics is not None
                else {}
            ),
        }


@dataclass(frozen=True)
class RotationResult:
    """A plan with its metrics, the lower bounds and how it was found.

    ``options`` lists the table counts tried when a group size was given (the
    chosen one included); ``requested_groups`` is round(n / group size).
    """

    plan: Plan
    metrics: Any  # klimapakete.rotation.metrics.Metrics
    seconds: float
    method: str
    iterations: int = 0
    bounds: Bounds | None = None
    options: tuple[GroupOption, ...] = ()
    requested_groups: int | None = None

    def optimal(self) -> dict[str, bool]:
        """Which values meet their lower bound (and so cannot be improved)."""
        if self.bounds is None:
            return {}
        m, b = self.metrics, self.bounds
        return {
            "repeated_pairs": m.repeated_pairs <= b.repeated_pairs,
            "sector_clashes_over_one": m.sector_clashes_over_one <= b.sector_clashes_over_one,
            "sector_clashes": m.sector_clashes <= b.sector_clashes,
        }

    def summary(self) -> dict[str, Any]:
        """Metrics, bounds, optimality and the table counts tried, as JSON-friendly data."""
        data = self.metrics.as_dict()
        data["bounds"] = self.bounds.as_dict() if self.bounds else None
        data["optimal"] = self.optimal()
        data["method"] = self.method
        data["seconds"] = round(self.seconds, 4)
        if self.options:
            data["requested_groups"] = self.requested_groups
            data["group_options"] = [option.as_dict() for option in self.options]
            data["best_groups"] = best_option(self.options).groups
        return data


def option_key(option: GroupOption) -> tuple:
    """Fewer repeats, then fewer clashes; unplanned options count by their bounds."""
    source = option.metrics if option.metrics is not None else option.bounds
    return (
        source.repeated_pairs,
        source.sector_clashes_over_one,
        source.sector_clashes,
        option.metrics is None,
    )


def best_option(options: tuple[GroupOption, ...]) -> GroupOption:
    """The option with the fewest repeats, then clashes (the first one on a tie)."""
    return min(options, key=option_key)
