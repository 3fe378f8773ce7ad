import itertools

import pytest

from klimapakete.rotation import Participant, RotationProblem, solve
from klimapakete.rotation.tests.helpers import check_repeat_free
from klimapakete.rotation.translation import translation_rounds


def test_32_people_in_10_rounds_meet_everyone_but_one():
    plan = translation_rounds(8, 4, 10, seed=0, time_limit=10)
    assert plan is not None and len(plan) == 10
    counts = check_repeat_free(plan, 8, 4)
    # 480 of the 496 pairs meet; the 16 that never do form a perfect matching.
    missed = [pair for pair in itertools.combinations(range(32), 2) if pair not in counts]
    assert len(missed) == 16
    assert sorted(p for pair in missed for p in pair) == list(range(32))


def test_16_people_give_the_affine_plane():
    plan = translation_rounds(4, 4, 5, seed=3, time_limit=10)
    assert plan is not None
    counts = check_repeat_free(plan, 4, 4)
    assert len(counts) == 120  # every pair meets exactly once


def test_seed_is_deterministic_and_varies_the_plan():
    a = translation_rounds(8, 4, 6, seed=1, time_limit=10)
    assert a == translation_rounds(8, 4, 6, seed=1, time_limit=10)
    assert a != translation_rounds(8, 4, 6, seed=2, time_limit=10)


@pytest.mark.parametrize("shape", [(8, 3, 10), (8, 4, 11), (6, 4, 7), (16, 4, 21), (8, 4, 0)])
def test_shapes_it_does_not_cover(shape):
    assert translation_rounds(*shape) is None


def test_solve_32_golfers_in_10_rounds():
    problem = RotationProblem(
        participants=tuple(Participant(f"p{i}") for i in range(32)), rounds=10, group_size=4
    )
    # A generous limit: on a busy machine the exact cover may take a few seconds.
    result = solve(problem, seed=5, time_limit=20)
    assert result.method == "translation"
    assert result.metrics.repeated_pairs == 0
    assert result.seconds < 20
    for rnd in result.plan.rounds:
        assert sorted(p for table in rnd for p in table) == sorted(f"p{i}" for i in range(32))
        assert all(len(table) == 4 for table in rnd)
    again = solve(problem, seed=5, time_limit=20)
    assert again.plan == result.plan
