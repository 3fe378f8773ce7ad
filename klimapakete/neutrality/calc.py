"""Pure balance, target-path and budget arithmetic (no Django).

Units: activity in MWh final energy, factors in g CO2e per kWh (BISKO, with upstream
chains), emissions in tonnes CO2e. MWh × g/kWh = kg × 1000 / 1000 → t = MWh × g/kWh / 1000.
Entries booked directly in tonnes (process emissions, agriculture, land use, waste — the
"Einflussbilanz" sectors outside BISKO) use the carrier ``DIRECT``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .errors import NeutralityError

DIRECT = "direct"
# Multiplier from each energy unit to MWh.
ENERGY_UNITS = {"kwh": 0.001, "mwh": 1.0, "gwh": 1000.0}
# Multiplier from each mass unit to tonnes CO2e (for direct entries).
MASS_UNITS = {"kg": 0.001, "t": 1.0, "kt": 1000.0}
QUALITY = ("A", "B", "C", "D")
# Weights of BISKO's data-quality scale (A = local primary data … D = national averages).
QUALITY_WEIGHTS = {"A": 1.0, "B": 0.5, "C": 0.25, "D": 0.0}


class CalcError(NeutralityError):
    """A figure the calculation cannot work with (codes: ``unknown_unit``,
    ``missing_factor``, ``bad_years``, ``bad_residual``, ``negative``)."""


@dataclass(frozen=True)
class Entry:
    """One line of the balance: a sector's use of one carrier in MWh (or tonnes if DIRECT)."""

    sector: str
    carrier: str
    amount: float
    quality: str = "D"


@dataclass(frozen=True)
class Line:
    sector: str
    carrier: str
    mwh: float
    factor: float | None  # g CO2e/kWh; None for direct entries
    tonnes: float
    overridden: bool
    quality: str


@dataclass(frozen=True)
class Balance:
    lines: tuple[Line, ...]
    by_sector: dict[str, float]
    by_carrier: dict[str, float]
    total: float
    energy_mwh: float
    overridden: tuple[str, ...]  # carriers whose factor the team changed
    quality_score: float  # 0 (all D) … 1 (all A), weighted by emissions

    @property
    def bisko_conform(self) -> bool:
        """BISKO: default factors only (a changed factor breaks conformity, as BISKO says)."""
        return not self.overridden

    def per_capita(self, population: int) -> float | None:
        return self.total / population if population > 0 else None


def to_mwh(value: float, unit: str) -> float:
    """Energy ``value`` in ``unit`` (kWh/MWh/GWh, any case) as MWh."""
    try:
        return value * ENERGY_UNITS[unit.strip().lower()]
    except KeyError:
        raise CalcError("unknown_unit", unit=unit) from None


def to_tonnes(value: float, unit: str) -> float:
    """CO2e ``value`` in ``unit`` (kg/t/kt) as tonnes."""
    try:
        return value * MASS_UNITS[unit.strip().lower()]
    except KeyError:
        raise CalcError("unknown_unit", unit=unit) from None


def tonnes(mwh: float, g_per_kwh: float) -> float:
    """Emissions in t CO2e of ``mwh`` final energy at ``g_per_kwh``."""
    return mwh * g_per_kwh / 1000.0


def balance(
    entries: list[Entry] | tuple[Entry, ...],
    factors: dict[str, float | None],
    overrides: dict[str, float] | None = None,
    *,
    locally_set: frozenset[str] = frozenset(),
) -> Balance:
    """Emissions per line, sector and carrier.

    ``factors`` maps carrier → default g CO2e/kWh (None: plant-specific, e.g. district
    heat, which the team must set in ``overrides``). ``locally_set`` names carriers whose
    value BISKO expects to be local (district heat); setting them keeps conformity.
    Any other override marks the balance as not BISKO-conform.
    """
    overrides = overrides or {}
    lines: list[Line] = []
    missing: list[str] = []
    by_sector: dict[str, float] = defaultdict(float)
    by_carrier: dict[str, float] = defaultdict(float)
    changed: set[str] = set()
    for entry in entries:
        if entry.carrier == DIRECT:
            t, factor, mwh, over = entry.amount, None, 0.0, False
        else:
            if entry.amount < 0:
                raise CalcError("negative", sector=entry.sector, carrier=entry.carrier)
            default = factors.get(entry.carrier)
            factor = overrides.get(entry.carrier, default)
            if factor is None:
                missing.append(entry.carrier)
                continue
            over = entry.carrier in overrides and entry.carrier not in locally_set
            if over and default is not None and math.isclose(overrides[entry.carrier], default):
                over = False
            if over:
                changed.add(entry.carrier)
            mwh, t = entry.amount, tonnes(entry.amount, factor)
        lines.append(Line(entry.sector, entry.carrier, mwh, factor, t, over, entry.quality))
        by_sector[entry.sector] += t
        by_carrier[entry.carrier] += t
    if missing:
        raise CalcError("missing_factor", carriers=", ".join(sorted(set(missing))))
    total = math.fsum(line.tonnes for line in lines)
    weight = math.fsum(abs(line.tonnes) for line in lines)
    score = (
        math.fsum(abs(line.tonnes) * QUALITY_WEIGHTS.get(line.quality, 0.0) for line in lines)
        / weight
        if weight
        else 0.0
    )
    return Balance(
        lines=tuple(lines),
        by_sector=dict(by_sector),
        by_carrier=dict(by_carrier),
        total=total,
        energy_mwh=math.fsum(line.mwh for line in lines),
        overridden=tuple(sorted(changed)),
        quality_score=score,
    )


# --- Target path -------------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    kind: str  # "linear" or "constant_rate"
    points: tuple[tuple[int, float], ...]  # (year, t CO2e), base year to target year
    annual_rate: float | None = None  # constant-rate variant: share reduced each year

    @property
    def cumulative(self) -> float:
        return math.fsum(value for _, value in self.points)


def _check_years(base_year: int, target_year: int) -> None:
    if target_year <= base_year:
        raise CalcError("bad_years", base_year=base_year, target_year=target_year)


def linear_path(base_year: int, base: float, target_year: int, residual: float = 0.0) -> Path:
    """Equal steps each year from ``base`` in the base year to ``residual`` in the target year."""
    _check_years(base_year, target_year)
    span = target_year - base_year
    points = tuple((base_year + i, base + (residual - base) * i / span) for i in range(span + 1))
    return Path("linear", points)


def constant_rate_path(base_year: int, base: float, target_year: int, residual: float) -> Path:
    """The same share less every year, reaching ``residual`` (> 0) in the target year.

    A constant rate never reaches zero, so the residual (what sinks must balance) is needed.
    """
    _check_years(base_year, target_year)
    if not 0 < residual < base:
        raise CalcError("bad_residual", residual=residual, base=base)
    span = target_year - base_year
    rate = 1.0 - (residual / base) ** (1.0 / span)
    points = tuple((base_year + i, base * (1.0 - rate) ** i) for i in range(span))
    return Path("constant_rate", points + ((target_year, residual),), annual_rate=rate)


# --- Remaining budget --------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetShare:
    """The town's per-capita share of a national remaining budget and what it means."""

    tonnes: float  # the town's share from the budget's start year
    start_year: int
    exhausted_in: float | None  # year (fractional) when it is used up at constant emissions
    linear_zero_year: float | None  # reaching zero linearly uses exactly the budget
    linear_reduction: float | None  # t CO2e less each year on that line
    constant_rate: float | None  # share less each year so that the budget is never exceeded


def budget_share(
    *,
    national_budget_t: float,
    start_year: int,
    national_population: int,
    population: int,
    annual_emissions: float,
) -> BudgetShare:
    """Per-capita share: national budget × inhabitants / national inhabitants.

    From the start year on, emissions at ``annual_emissions`` use the share up after
    share / emissions years. A straight line to zero uses emissions × years / 2, so it must
    reach zero after 2 × share / emissions years. A constant rate r sums to emissions / r
    (geometric series), so r = emissions / share keeps within the share.
    """
    if national_population <= 0 or population < 0 or national_budget_t < 0:
        raise CalcError("negative", sector="", carrier="")
    share = national_budget_t * population / national_population
    if annual_emissions <= 0:
        return BudgetShare(share, start_year, None, None, None, None)
    years = share / annual_emissions
    linear_years = 2 * years
    return BudgetShare(
        tonnes=share,
        start_year=start_year,
        exhausted_in=start_year + years,
        linear_zero_year=start_year + linear_years,
        linear_reduction=annual_emissions / linear_years if linear_years else None,
        constant_rate=min(1.0, annual_emissions / share) if share else 1.0,
    )
