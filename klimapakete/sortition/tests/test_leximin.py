from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.sortition import checker, feasibility
from klimapakete.sortition.leximin import leximin
from klimapakete.sortition.tests.helpers import all_panels, brute_force_leximin, make_instance


@st.composite
def small_instances(draw, max_n=8):
    n = draw(st.integers(2, max_n))
    category_count = draw(st.integers(1, 3))
    sizes = [draw(st.integers(2, 3)) for _ in range(category_count)]
    rows = [tuple(f"v{draw(st.integers(0, s - 1))}" for s in sizes) for _ in range(n)]
    k = draw(st.integers(1, min(n, 5)))
    quotas = {}
    for j, s in enumerate(sizes):
        for v in range(s):
            lo = draw(st.integers(0, 2))
            hi = draw(st.integers(min(lo, k), k))
            quotas[(f"c{j}", f"v{v}")] = (lo, hi)
    return make_instance(rows, quotas, k)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_feasibility_agrees_with_enumeration(instance):
    report = feasibility.check(instance)
    assert report.feasible == bool(all_panels(instance))
    if not report.feasible:
        assert report.conflicts and report.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_leximin_matches_brute_force_and_passes_checker(instance):
    if not all_panels(instance):
        return
    result = leximin(instance)
    assert result.status == "optimal"
    assert checker.check(instance, result.distribution, result.probabilities) == []
    expected = brute_force_leximin(instance)
    got = sorted(result.probabilities.values())
    assert abs(got[0] - expected[0]) <= 1e-6  # the maximin optimum
    for a, b in zip(got, expected, strict=True):
        assert abs(a - b) <= 1e-6


def test_interchangeable_respondents_get_equal_probability():
    rows = [("a", "x")] * 5 + [("b", "x")] * 3 + [("b", "y")] * 4
    quotas = {("c0", "a"): (2, 3), ("c0", "b"): (1, 3), ("c1", "x"): (2, 4), ("c1", "y"): (1, 2)}
    instance = make_instance(rows, quotas, 5)
    result = leximin(instance)
    p = result.probabilities
    assert max(p[str(i)] for i in range(1, 6)) - min(p[str(i)] for i in range(1, 6)) < 1e-9
    assert checker.check(instance, result.distribution, p) == []


def test_unconstrained_quotas_give_everyone_k_over_n():
    rows = [("a",), ("a",), ("b",), ("b",), ("b",), ("c",), ("c",)]
    quotas = {("c0", "a"): (0, 3), ("c0", "b"): (0, 3), ("c0", "c"): (0, 3)}
    result = leximin(make_instance(rows, quotas, 3))
    assert all(abs(v - 3 / 7) < 1e-9 for v in result.probabilities.values())


def test_someone_who_fits_no_panel_gets_zero():
    # "b" is capped at 0, so respondent 3 can never be selected.
    rows = [("a",), ("a",), ("b",)]
    quotas = {("c0", "a"): (0, 2), ("c0", "b"): (0, 0)}
    instance = make_instance(rows, quotas, 2)
    result = leximin(instance)
    assert result.probabilities["3"] == 0.0
    assert result.probabilities["1"] == result.probabilities["2"] == 1.0
    assert checker.check(instance, result.distribution, result.probabilities) == []


def test_checker_reports_broken_results():
    rows = [("a",), ("a",), ("b",), ("b",)]
    quotas = {("c0", "a"): (1, 1), ("c0", "b"): (1, 1)}
    instance = make_instance(rows, quotas, 2)
    result = leximin(instance)
    dist = result.distribution
    dist.panels[0] = ("1", "2")
    problems = checker.check(instance, dist, result.probabilities)
    assert any("quota" in p for p in problems)
    dist.probabilities[0] *= 2
    assert any("sum to" in p for p in checker.check(instance, dist))
    wrong = dict(result.probabilities, **{"1": 0.9})
    assert any("respondent '1'" in p for p in checker.check(instance, dist, wrong))
