"""Plain data types for citizen-panel selection (no Django, no solver)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


class InstanceError(ValueError):
    """The selection problem itself is malformed (not a file-format problem)."""


@dataclass(frozen=True)
class Quota:
    """Between ``min`` and ``max`` panel members must have ``feature`` in ``category``."""

    category: str
    feature: str
    min: int
    max: int


@dataclass(frozen=True)
class Respondent:
    """One person in the pool: an id and one feature value per category."""

    id: str
    features: dict[str, str]


@dataclass
class Instance:
    """A selection problem: pool, quotas and panel size ``k``."""

    categories: list[str]
    quotas: list[Quota]
    respondents: list[Respondent]
    panel_size: int

    @property
    def n(self) -> int:
        return len(self.respondents)

    def features_of(self, category: str) -> list[str]:
        """The feature values declared for ``category``, in quota order."""
        return [q.feature for q in self.quotas if q.category == category]

    def validate(self) -> None:
        """Raise :class:`InstanceError` for problems that are not quota conflicts."""
        if not self.categories:
            raise InstanceError("No categories are defined.")
        if not self.respondents:
            raise InstanceError("The pool of respondents is empty.")
        if self.panel_size < 1:
            raise InstanceError(f"The panel size must be at least 1 (got {self.panel_size}).")
        if self.panel_size > self.n:
            raise InstanceError(
                f"The panel size {self.panel_size} is larger than the pool ({self.n} respondents)."
            )
        seen: set[tuple[str, str]] = set()
        for q in self.quotas:
            if q.category not in self.categories:
                raise InstanceError(f"Quota for unknown category {q.category!r}.")
            if (q.category, q.feature) in seen:
                raise InstanceError(f"Duplicate quota for {q.category} = {q.feature}.")
            if q.min < 0 or q.max < 0:
                raise InstanceError(f"Negative quota for {q.category} = {q.feature}.")
            seen.add((q.category, q.feature))
        duplicates = [i for i, c in Counter(r.id for r in self.respondents).items() if c > 1]
        if duplicates:
            raise InstanceError(f"Duplicate respondent id {duplicates[0]!r}.")
        for r in self.respondents:
            for c in self.categories:
                value = r.features.get(c)
                if value is None:
                    raise InstanceError(f"Respondent {r.id!r} has no value for {c!r}.")
                if (c, value) not in seen:
                    raise InstanceError(
                        f"Respondent {r.id!r} has value {value!r} for {c!r}, which has no quota."
                    )


@dataclass
class Distribution:
    """A lottery over panels: ``panels[i]`` (respondent ids) has ``probabilities[i]``."""

    panels: list[tuple[str, ...]]
    probabilities: list[float]

    def marginals(self) -> dict[str, float]:
        """Selection probability of every id appearing in some panel."""
        result: dict[str, float] = {}
        for panel, p in zip(self.panels, self.probabilities, strict=True):
            for person in panel:
                result[person] = result.get(person, 0.0) + p
        return result


@dataclass
class SelectionResult:
    """Output of the LEXIMIN solver.

    ``status`` is ``"optimal"`` or ``"time_limit"`` (then the distribution is valid but
    possibly not LEXIMIN-optimal). ``method`` says how optimality was established:
    ``"relaxation"`` (the LP relaxation's LEXIMIN point was written as a lottery, so no
    lottery can do better) or ``"column_generation"``. ``probabilities`` maps every
    respondent id, in input order, to the selection probability implied by ``distribution``.
    """

    status: str
    distribution: Distribution
    probabilities: dict[str, float]
    seconds: float
    types: int
    iterations: int
    stages: int
    type_panels: int
    method: str = "column_generation"
    log: list[str] = field(default_factory=list)

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values())
