from decimal import Decimal

import pytest

from klimapakete.selection.planning import PlanError, Stratum, letters_plan


def test_ten_letters_per_seat_at_ten_percent_and_more_where_fewer_answer():
    plan = letters_plan(
        [Stratum("young", Decimal(40), Decimal(5)), Stratum("old", Decimal(60), Decimal(10))],
        panel_size=20,
    )
    # young: 8 seats, 10x at 10 % → 80, at 5 % → 160; old: 12 seats → 120
    assert [s.letters for s in plan.strata] == [160, 120]
    assert plan.total == 280
    # at the default multiplier the expected pool is about the panel size
    assert plan.expected_respondents == Decimal(20)


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
