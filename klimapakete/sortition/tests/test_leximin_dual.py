"""The experimental cutting-plane (dual) LEXIMIN solver agrees with brute force."""

from hypothesis import HealthCheck, given, settings

from klimapakete.sortition import checker
from klimapakete.sortition.grouping import group_types
from klimapakete.sortition.leximin_dual import solve_types
from klimapakete.sortition.panels import expand
from klimapakete.sortition.tests.helpers import all_panels, brute_force_leximin, make_instance
from klimapakete.sortition.tests.test_leximin import small_instances


def _solve(instance):
    problem = group_types(instance)
    solution = solve_types(problem)
    ids = [r.id for r in instance.respondents]
    distribution = expand(problem, solution.panels, solution.weights, ids)
    marginals = distribution.marginals()
    return solution, distribution, {rid: marginals.get(rid, 0.0) for rid in ids}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_dual_leximin_matches_brute_force_and_passes_checker(instance):
    if not all_panels(instance):
        return
    solution, distribution, probabilities = _solve(instance)
    assert solution.status == "optimal"
    assert checker.check(instance, distribution, probabilities) == []
    expected = brute_force_leximin(instance)
    got = sorted(probabilities.values())
    for a, b in zip(got, expected, strict=True):
        assert abs(a - b) <= 1e-6


def test_dual_someone_who_fits_no_panel_gets_zero():
    rows = [("a",), ("a",), ("b",)]
    quotas = {("c0", "a"): (0, 2), ("c0", "b"): (0, 0)}
    _, _, probabilities = _solve(make_instance(rows, quotas, 2))
    assert probabilities["3"] == 0.0
    assert probabilities["1"] == probabilities["2"] == 1.0
