"""Advice is only given when it was seen to work: following it improves the plan."""

from dataclasses import replace

from klimapakete.rotation import Participant, RotationProblem, advise, solve
from klimapakete.rotation.advice import repeat_free_rounds
from klimapakete.rotation.model import Plan


def people(n=21):
    return tuple(Participant(f"p{i}", "ABCDEFG"[i % 7] if i < 14 else None) for i in range(n))


def test_no_advice_for_a_plan_without_repeats():
    problem = RotationProblem(people(), rounds=4, group_size=5)
    result = solve(problem, seed=1, time_limit=3, choose_groups=True)
    assert result.metrics.groups == 5  # not the 4 tables of 5–6 with 15 repeats
    assert result.metrics.repeated_pairs == 0
    assert advise(problem, result) == []


def test_following_the_advice_gives_fewer_repeats():
    problem = RotationProblem(people(), rounds=7, group_size=5)
    result = solve(problem, seed=1, time_limit=3, choose_groups=True)
    assert result.metrics.repeated_pairs > 0
    advice = advise(problem, result, seed=1, time_limit=3)
    assert advice
    for item in advice:
        followed = replace(problem, rounds=item.rounds, group_size=item.group_size)
        again = solve(followed, seed=2, time_limit=3, choose_groups=True)
        assert again.metrics.repeated_pairs < result.metrics.repeated_pairs
        if item.kind == "group_size":
            assert item.groups != result.metrics.groups


def test_repeat_free_rounds_are_the_largest_set_sharing_no_pair():
    plan = Plan.from_lists(
        [[["a", "b"], ["c", "d"]], [["a", "c"], ["b", "d"]], [["a", "b"], ["c", "d"]]]
    )
    assert repeat_free_rounds(plan) in ([0, 1], [1, 2])
