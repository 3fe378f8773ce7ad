import pytest

from klimapakete.rotation.rotational import _multiplier, invariant_base_round, multiplier_rounds
from klimapakete.rotation.tests.helpers import check_repeat_free


@pytest.mark.parametrize(
    "groups,size,rounds",
    [(10, 4, 13), (9, 4, 11), (7, 4, 9), (6, 4, 7), (5, 3, 7), (6, 5, 6)],
)
def test_multiplier_rounds_are_repeat_free_partitions(groups, size, rounds):
    got = multiplier_rounds(groups, size, rounds, seed=0, time_limit=20)
    assert got is not None
    plan, how = got
    assert len(plan) == rounds
    check_repeat_free(plan, groups, size)
    assert how.startswith("u=")


def test_pg33_packing_shape_is_found_with_multiplier_3():
    # 40 people, 13 rounds: a resolvable 2-(40,4,1) design, every pair meets exactly once.
    base = invariant_base_round(10, 4, 13, 3, 0, seed=1, deadline=float("inf"))
    assert base is not None
    perm = _multiplier(13, 3, 1, 3, 0)
    tables = {tuple(sorted(t)) for t in base}
    assert {tuple(sorted(perm[p] for p in t)) for t in base} == tables


def test_impossible_multiplier_is_settled_quickly():
    # 8 tables of 4 in 10 rounds: no base round is invariant under x -> 3x.
    assert invariant_base_round(8, 4, 10, 3, 0, seed=0, deadline=float("inf")) is None


def test_shapes_without_a_rotational_structure():
    assert multiplier_rounds(4, 1, 5) is None
    assert multiplier_rounds(3, 4, 2) is None
