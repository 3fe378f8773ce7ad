from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.selection.planning import PlanError, Stratum, letters_plan


def test_ten_letters_per_seat_at_ten_percent_and_more_where_fewer_answer():
    plan = letters_plan(
        [Stratum("young", Decimal(40), Decimal(5)), Stratum("old", Decimal(60), Decimal(10))],
        panel_size=20,
        multiplier=10,
    )
    # young: 8 seats, 10x at 10 % → 80, at 5 % → 160; old: 12 seats → 120
    assert [s.letters for s in plan.strata] == [160, 120]
    assert plan.total == 280
    # at ten letters per seat the expected pool is only the panel size: too small
    assert plan.expected_respondents == Decimal(20)
    assert plan.pool_too_small


def test_the_default_aims_at_a_pool_of_two_to_three_times_the_seats():
    plan = letters_plan(
        [Stratum("young", Decimal(40), Decimal(5)), Stratum("old", Decimal(60), Decimal(10))],
        panel_size=20,
    )
    assert plan.multiplier == 25 and plan.total == 700
    assert plan.expected_respondents == Decimal(50)
    assert plan.pool_aim == (40, 60) and not plan.pool_too_small
    low, high = plan.pool_range
    assert low < 50 < high and high - low < 50


@given(
    panel=st.integers(min_value=1, max_value=60),
    multiplier=st.integers(min_value=1, max_value=60),
    rate=st.integers(min_value=1, max_value=100),
)
def test_the_pool_range_holds_the_expected_pool(panel, multiplier, rate):
    plan = letters_plan(
        [Stratum("all", Decimal(100), Decimal(rate))], panel_size=panel, multiplier=multiplier
    )
    low, high = plan.pool_range
    assert 0 <= low <= plan.expected_respondents <= high
    assert plan.pool_too_small == (plan.expected_respondents < 2 * panel)


def test_letters_round_up_so_no_stratum_falls_short():
    plan = letters_plan(
        [Stratum("a", Decimal("33.33"), Decimal(7)), Stratum("b", Decimal("66.67"), Decimal(7))],
        panel_size=10,
    )
    for s in plan.strata:
        assert s.letters * s.response_rate_percent / 100 >= s.seats * Decimal("0.9999")
    assert plan.total == sum(s.letters for s in plan.strata)


@pytest.mark.parametrize(
    "strata, code",
    [
        ([Stratum("a", Decimal(50), Decimal(10))], "shares_sum"),
        ([Stratum("a", Decimal(100), Decimal(0))], "response_rate"),
        ([Stratum("a", Decimal(100), Decimal(120))], "response_rate"),
        ([], "no_strata"),
    ],
)
def test_bad_plans_name_the_problem(strata, code):
    with pytest.raises(PlanError) as error:
        letters_plan(strata, panel_size=10)
    assert error.value.code == code
