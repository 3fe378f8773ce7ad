import itertools
from collections import Counter

import pytest

from klimapakete.rotation.construct import galois_field, grid_rounds, latin_rounds, prime_power
from klimapakete.rotation.cyclic import cyclic_rounds


def meetings(rounds):
    counts = Counter()
    for rnd in rounds:
        for table in rnd:
            for pair in itertools.combinations(sorted(table), 2):
                counts[pair] += 1
    return counts


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9])
def test_galois_field_is_a_field(q):
    f = galois_field(q)
    for a in range(1, q):
        assert sum(f.mul[a][b] == 1 for b in range(q)) == 1
    for a, b, c in itertools.product(range(q), repeat=3):
        assert f.mul[a][f.add[b][c]] == f.add[f.mul[a][b]][f.mul[a][c]]
        assert f.add[a][f.add[b][c]] == f.add[f.add[a][b]][c]


def test_prime_power():
    assert prime_power(8) == (2, 3)
    assert prime_power(9) == (3, 2)
    assert prime_power(6) is None
    assert prime_power(1) is None


@pytest.mark.parametrize("q,rows", [(5, 5), (7, 6), (8, 4), (9, 3), (4, 2)])
def test_latin_rounds_are_repeat_free_with_one_per_row(q, rows):
    rounds = latin_rounds(q, rows)
    assert len(rounds) == q
    for rnd in rounds:
        assert sorted(cell for table in rnd for cell in table) == sorted(
            itertools.product(range(rows), range(q))
        )
        for table in rnd:
            assert sorted(s for s, _ in table) == list(range(rows))
    assert max(meetings(rounds).values()) == 1


@pytest.mark.parametrize(
    "groups,size,expected", [(4, 4, 5), (5, 5, 6), (8, 4, 9), (9, 3, 10), (7, 3, 7), (6, 3, 0)]
)
def test_grid_rounds(groups, size, expected):
    rounds = grid_rounds(groups, size)
    assert len(rounds) == expected
    for rnd in rounds:
        assert sorted(p for table in rnd for p in table) == list(range(groups * size))
        assert all(len(table) == size for table in rnd)
    if rounds:
        assert max(meetings(rounds).values()) == 1


@pytest.mark.parametrize(
    "groups,size,rounds,bases", [(5, 3, 7, 1), (6, 4, 7, 1), (6, 3, 8, 2), (6, 5, 6, 1)]
)
def test_cyclic_rounds_are_repeat_free(groups, size, rounds, bases):
    plan = cyclic_rounds(groups, size, rounds, bases=bases, time_limit=30)
    assert plan is not None
    assert len(plan) == rounds
    for rnd in plan:
        assert sorted(p for table in rnd for p in table) == list(range(groups * size))
        assert all(len(table) == size for table in rnd)
    assert max(meetings(plan).values()) == 1


def test_cyclic_rounds_refuses_impossible_layouts():
    # 4 fixed people would be more than the 3 tables.
    assert cyclic_rounds(3, 3, 5, time_limit=1) is None


def test_the_local_search_finds_ten_tables_of_five_for_nine_rounds():
    # The depth-first search alone takes 2 to over 20 s here, depending on the seed.
    plan = cyclic_rounds(10, 5, 9, seed=4, time_limit=30)
    assert plan is not None
    for rnd in plan:
        assert sorted(p for table in rnd for p in table) == list(range(50))
    assert max(meetings(plan).values()) == 1


@pytest.mark.parametrize(("groups", "size"), [(3, 4), (4, 6), (5, 9)])
def test_glued_rounds_meet_the_pigeonhole_bound(groups, size):
    from klimapakete.rotation.bounds import repeat_bound
    from klimapakete.rotation.catalog import glued_rounds

    rounds = glued_rounds(groups, size)
    assert len(rounds) == groups
    for rnd in rounds:
        assert sorted(p for table in rnd for p in table) == list(range(groups * size))
        assert all(len(table) == size for table in rnd)
    repeats = sum(m - 1 for m in meetings(rounds).values())
    assert repeats == repeat_bound(groups * size, groups, groups)
