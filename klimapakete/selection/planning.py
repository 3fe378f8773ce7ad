"""How many invitation letters to send per stratum. Pure: no Django.

A stratum ``s`` with population share ``share_s`` should give ``share_s · k`` panel
seats; to have ``multiplier`` respondents per seat at the baseline response rate
(``BASELINE_RATE``, i.e. 10 letters per seat at 10 % in the seed), and adjusted for the
stratum's own expected response rate, the city writes to

    letters_s = ceil(share_s · k · multiplier · BASELINE_RATE / rate_s)

people. Rounding up keeps every stratum at or above its target; the total is the sum.

Response to such letters is typically a few per cent, and a pool of two to three times
the seats leaves room for quotas and reserves (``POOL_AIM``); hence the default of 25
letters per seat at 10 %, an expected pool of 2.5 times the seats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BASELINE_RATE = Decimal("0.10")
DEFAULT_MULTIPLIER = 25
POOL_AIM = (2, 3)  # respondents per seat the letters should bring
SHARE_TOLERANCE = Decimal("0.5")  # percentage points the shares may miss 100 by


class PlanError(ValueError):
    """The plan's input is unusable; ``code`` names the problem, ``stratum`` where."""

    def __init__(self, code: str, stratum: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.stratum = stratum


@dataclass(frozen=True)
class Stratum:
    name: str
    share_percent: Decimal
    response_rate_percent: Decimal


@dataclass(frozen=True)
class StratumLetters:
    name: str
    share_percent: Decimal
    response_rate_percent: Decimal
    seats: Decimal
    expected_respondents: Decimal
    letters: int


@dataclass(frozen=True)
class LetterPlan:
    strata: list[StratumLetters]
    panel_size: int
    multiplier: int

    @property
    def total(self) -> int:
        return sum(s.letters for s in self.strata)

    @property
    def expected_respondents(self) -> Decimal:
        return sum((s.expected_respondents for s in self.strata), Decimal(0))

    @property
    def expected_pool(self) -> int:
        """The expected respondents rounded to whole people, as the plan shows them."""
        return int(self.expected_respondents.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def pool_range(self) -> tuple[int, int]:
        """Where the pool lands in about 95 of 100 mailings if the response rates are as
        assumed: the expected pool ± two standard deviations (each letter is answered
        independently), not below zero."""
        variance = sum(
            s.letters * (s.response_rate_percent / 100) * (1 - s.response_rate_percent / 100)
            for s in self.strata
        )
        spread = 2 * math.sqrt(float(variance))
        mean = float(self.expected_respondents)
        return max(0, math.floor(mean - spread)), math.ceil(mean + spread)

    @property
    def pool_aim(self) -> tuple[int, int]:
        return POOL_AIM[0] * self.panel_size, POOL_AIM[1] * self.panel_size

    @property
    def pool_too_small(self) -> bool:
        """Fewer respondents expected than the aim: quotas and reserves get tight."""
        return self.expected_respondents < self.pool_aim[0]


def letters_plan(
    strata: list[Stratum], *, panel_size: int, multiplier: int = DEFAULT_MULTIPLIER
) -> LetterPlan:
    """Letters per stratum (see the module docstring). Raises :class:`PlanError`."""
    if panel_size < 1:
        raise PlanError("panel_size")
    if multiplier < 1:
        raise PlanError("multiplier")
    if not strata:
        raise PlanError("no_strata")
    for s in strata:
        if s.share_percent < 0:
            raise PlanError("negative_share", s.name)
        if not (0 < s.response_rate_percent <= 100):
            raise PlanError("response_rate", s.name)
    total_share = sum((s.share_percent for s in strata), Decimal(0))
    if abs(total_share - 100) > SHARE_TOLERANCE:
        raise PlanError("shares_sum")
    result = []
    for s in strata:
        seats = Decimal(panel_size) * s.share_percent / total_share
        rate = s.response_rate_percent / 100
        exact = seats * multiplier * BASELINE_RATE / rate
        letters = math.ceil(exact - Decimal("1e-9"))
        result.append(
            StratumLetters(
                s.name, s.share_percent, s.response_rate_percent, seats, letters * rate, letters
            )
        )
    return LetterPlan(result, panel_size, multiplier)
