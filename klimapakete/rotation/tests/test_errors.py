import pytest

from klimapakete.rotation import Participant, RotationError, RotationProblem, solve


def people(n, sector=None):
    return tuple(Participant(f"p{i}", sector) for i in range(n))


def code_of(problem):
    with pytest.raises(RotationError) as info:
        solve(problem, time_limit=1)
    return info.value


def test_zero_rounds():
    error = code_of(RotationProblem(people(6), rounds=0, group_size=3))
    assert error.code == "zero_rounds"
    assert error.params == {"rounds": 0}


def test_group_size_one():
    assert (
        code_of(RotationProblem(people(6), rounds=2, group_size=1)).code == "group_size_too_small"
    )


def test_group_size_larger_than_participants():
    error = code_of(RotationProblem(people(6), rounds=2, group_size=7))
    assert error.code == "group_size_too_large"
    assert error.params == {"group_size": 7, "participants": 6}
    assert "larger than the 6 participants" in error.message


def test_duplicate_ids():
    twice = (Participant("a"), Participant("b"), Participant("a"))
    error = code_of(RotationProblem(twice, rounds=1, group_size=2))
    assert (error.code, error.params) == ("duplicate_id", {"id": "a"})


def test_keep_apart_with_unknown_id():
    error = code_of(RotationProblem(people(6), rounds=1, group_size=3, keep_apart=(("p1", "x"),)))
    assert error.code == "unknown_id"
    assert error.params["id"] == "x"


def test_keep_apart_clique_larger_than_groups():
    clique = (("p0", "p1"), ("p0", "p2"), ("p1", "p2"))
    error = code_of(RotationProblem(people(6), rounds=1, group_size=3, keep_apart=clique))
    assert error.code == "keep_apart_clique"
    assert error.params == {"ids": ["p0", "p1", "p2"], "groups": 2}


def test_person_kept_apart_from_almost_everybody():
    pairs = tuple(("p0", f"p{i}") for i in range(1, 5))
    error = code_of(RotationProblem(people(6), rounds=1, group_size=3, keep_apart=pairs))
    assert error.code == "keep_apart_too_many"


def test_sector_too_large_only_when_strict():
    group = people(6, "Verwaltung")
    error = code_of(RotationProblem(group, rounds=1, group_size=3, strict_sectors=True))
    assert error.code == "sector_too_large"
    assert error.params == {"sector": "Verwaltung", "members": 6, "groups": 2}
    # Without strict sectors they are spread as evenly as possible.
    result = solve(RotationProblem(group, rounds=1, group_size=3))
    assert result.metrics.sector_clashes == 0


def test_too_many_hosts():
    error = code_of(RotationProblem(people(6), rounds=1, group_size=3, hosts=("p0", "p1", "p2")))
    assert error.code == "too_many_hosts"


def test_error_as_dict():
    error = RotationError("zero_rounds", "the number of rounds must be at least 1", rounds=0)
    assert error.as_dict() == {
        "code": "zero_rounds",
        "message": "the number of rounds must be at least 1",
        "params": {"rounds": 0},
    }
