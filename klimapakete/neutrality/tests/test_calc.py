"""The balance, path and budget arithmetic against hand-computed figures and properties."""

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.neutrality import calc
from klimapakete.neutrality.calc import DIRECT, CalcError, Entry

FACTORS = {"heating_oil": 318.0, "natural_gas": 247.0, "electricity": 505.0, "district_heat": None}


def test_emissions_are_activity_times_factor():
    result = calc.balance(
        [
            Entry("households", "heating_oil", 1000),
            Entry("households", "electricity", 2000),
            Entry("industry", "natural_gas", 500),
        ],
        FACTORS,
    )
    # 1000 MWh × 318 g/kWh = 318 t; 2000 × 505 = 1010 t; 500 × 247 = 123.5 t
    assert result.by_sector == {
        "households": pytest.approx(1328.0),
        "industry": pytest.approx(123.5),
    }
    assert result.by_carrier["electricity"] == pytest.approx(1010.0)
    assert result.total == pytest.approx(1451.5)
    assert result.energy_mwh == pytest.approx(3500)
    assert result.per_capita(1000) == pytest.approx(1.4515)
    assert result.per_capita(0) is None
    assert result.bisko_conform


def test_direct_entries_count_in_tonnes_and_sinks_subtract():
    result = calc.balance(
        [Entry("agriculture", DIRECT, 250.0), Entry("land_use", DIRECT, -40.0)], FACTORS
    )
    assert result.total == pytest.approx(210.0)
    assert result.energy_mwh == 0


def test_district_heat_needs_a_local_factor_which_keeps_conformity():
    entries = [Entry("households", "district_heat", 100)]
    with pytest.raises(CalcError) as error:
        calc.balance(entries, FACTORS)
    assert error.value.code == "missing_factor"
    result = calc.balance(
        entries, FACTORS, {"district_heat": 180.0}, locally_set=frozenset({"district_heat"})
    )
    assert result.total == pytest.approx(18.0)
    assert result.bisko_conform


def test_overriding_a_default_factor_breaks_conformity():
    result = calc.balance([Entry("households", "electricity", 100)], FACTORS, {"electricity": 0.0})
    assert not result.bisko_conform
    assert result.overridden == ("electricity",)
    assert result.total == 0


def test_units_convert_to_mwh_and_unknown_units_are_refused():
    assert calc.to_mwh(1234.5, "kWh") == pytest.approx(1.2345)
    assert calc.to_mwh(2, "GWh") == 2000
    assert calc.to_tonnes(3, "kt") == 3000
    with pytest.raises(CalcError):
        calc.to_mwh(1, "Liter")


def test_quality_score_is_weighted_by_emissions():
    result = calc.balance(
        [Entry("households", "electricity", 100, "A"), Entry("industry", "electricity", 100, "D")],
        FACTORS,
    )
    assert result.quality_score == pytest.approx(0.5)


def test_linear_path_by_hand():
    path = calc.linear_path(2020, 1000.0, 2030)
    assert path.points[0] == (2020, 1000.0)
    assert dict(path.points)[2025] == pytest.approx(500.0)
    assert path.points[-1] == (2030, 0.0)
    assert path.cumulative == pytest.approx(5500.0)


def test_constant_rate_path_by_hand():
    path = calc.constant_rate_path(2020, 1000.0, 2030, 100.0)
    assert path.annual_rate == pytest.approx(1 - 0.1**0.1)  # about 20.6 % a year
    assert dict(path.points)[2021] == pytest.approx(1000 * 0.1**0.1)
    assert path.points[-1] == (2030, 100.0)
    with pytest.raises(CalcError):
        calc.constant_rate_path(2020, 1000.0, 2030, 0.0)
    with pytest.raises(CalcError):
        calc.linear_path(2030, 1000.0, 2030)


def test_budget_share_by_hand():
    # SRU 2024: 3.9 Gt from 2024; 84.7 million inhabitants; a town of 50,000 at 400,000 t/year.
    share = calc.budget_share(
        national_budget_t=3.9e9,
        start_year=2024,
        national_population=84_700_000,
        population=50_000,
        annual_emissions=400_000.0,
    )
    assert share.tonnes == pytest.approx(2_302_243.2, abs=0.1)
    assert share.exhausted_in == pytest.approx(2024 + 2_302_243.2 / 400_000, abs=1e-6)
    assert share.linear_zero_year == pytest.approx(2024 + 2 * 5.7556, abs=1e-3)
    # the straight line to zero uses exactly the share
    assert 400_000 * (share.linear_zero_year - 2024) / 2 == pytest.approx(share.tonnes)
    assert share.constant_rate == pytest.approx(400_000 / 2_302_243.2)


entries = st.lists(
    st.builds(
        Entry,
        st.sampled_from(["households", "commerce", "industry", "transport"]),
        st.sampled_from(["heating_oil", "natural_gas", "electricity"]),
        st.floats(0, 1e7, allow_nan=False),
        st.sampled_from(calc.QUALITY),
    ),
    max_size=30,
)


@given(entries)
def test_sectors_and_carriers_sum_to_the_total(items):
    result = calc.balance(items, FACTORS)
    assert math.fsum(result.by_sector.values()) == pytest.approx(result.total, rel=1e-9, abs=1e-6)
    assert math.fsum(result.by_carrier.values()) == pytest.approx(result.total, rel=1e-9, abs=1e-6)


@given(entries, st.floats(0.01, 1000, allow_nan=False))
def test_scaling_activity_scales_emissions(items, k):
    scaled = [Entry(e.sector, e.carrier, e.amount * k, e.quality) for e in items]
    assert calc.balance(scaled, FACTORS).total == pytest.approx(
        k * calc.balance(items, FACTORS).total, rel=1e-9, abs=1e-6
    )


@given(entries, st.randoms(use_true_random=False), st.sampled_from(["kWh", "MWh", "GWh"]))
def test_other_units_and_order_give_the_same_balance(items, rng: random.Random, unit):
    # The same figures written in another unit and shuffled, converted back on reading.
    rewritten = [(e, e.amount / calc.to_mwh(1, unit)) for e in items]
    rng.shuffle(rewritten)
    back = [Entry(e.sector, e.carrier, calc.to_mwh(v, unit), e.quality) for e, v in rewritten]
    a, b = calc.balance(items, FACTORS), calc.balance(back, FACTORS)
    assert b.total == pytest.approx(a.total, rel=1e-9, abs=1e-6)
    for sector, value in a.by_sector.items():
        assert b.by_sector[sector] == pytest.approx(value, rel=1e-9, abs=1e-6)


@given(entries, st.sampled_from(["heating_oil", "natural_gas", "electricity"]), st.floats(0, 2000))
def test_overriding_a_used_factor_flags_non_conformity(items, carrier, value):
    result = calc.balance(items, FACTORS, {carrier: value})
    used = any(e.carrier == carrier for e in items)
    differs = not math.isclose(value, FACTORS[carrier])
    assert result.bisko_conform is not (used and differs)


years = st.integers(1990, 2040)


@given(years, st.integers(1, 60), st.floats(1, 1e9), st.floats(0.001, 0.999))
def test_paths_start_at_the_base_and_hit_the_target(base_year, span, base, residual_share):
    target = base_year + span
    residual = base * residual_share
    for path in (
        calc.linear_path(base_year, base, target, residual),
        calc.constant_rate_path(base_year, base, target, residual),
    ):
        assert path.points[0] == (base_year, pytest.approx(base))
        assert path.points[-1] == (target, pytest.approx(residual))
        assert [y for y, _ in path.points] == list(range(base_year, target + 1))
        values = [v for _, v in path.points]
        assert all(a >= b - 1e-6 * base for a, b in zip(values, values[1:], strict=False))


@given(st.floats(1e6, 1e10), st.integers(1, 10**6), st.floats(1, 1e7))
def test_constant_rate_of_the_budget_never_exceeds_it(budget, population, emissions):
    share = calc.budget_share(
        national_budget_t=budget,
        start_year=2024,
        national_population=84_700_000,
        population=population,
        annual_emissions=emissions,
    )
    r = share.constant_rate
    # Sum of emissions × (1 − r)^t over all years = emissions / r ≤ share (or r = 1: stop now)
    assert r == 1.0 or emissions / r == pytest.approx(share.tonnes)
