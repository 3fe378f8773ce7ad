"""The relaxation bound, the decomposition into panels, and the fallback between them."""

import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.sortition import checker
from klimapakete.sortition.decompose import decompose
from klimapakete.sortition.grouping import group_types
from klimapakete.sortition.leximin import leximin
from klimapakete.sortition.relaxation import relaxed_leximin
from klimapakete.sortition.tests.helpers import all_panels, brute_force_leximin, make_instance
from klimapakete.sortition.tests.test_leximin import small_instances

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _type_counts(instance, problem, panel):
    """Members per type of a panel given as respondent indices."""
    owner = {}
    for t, members in enumerate(problem.members):
        for i in members:
            owner[i] = t
    counts = np.zeros(problem.count, dtype=np.int64)
    for i in panel:
        counts[owner[i]] += 1
    return counts


@SETTINGS
@given(small_instances())
def test_relaxation_bounds_every_lottery_from_above(instance):
    panels = all_panels(instance)
    if not panels:
        return
    problem = group_types(instance)
    relaxed = relaxed_leximin(problem)
    levels = relaxed.levels
    bound = sorted(float(levels[t]) for t, group in enumerate(problem.members) for _ in group)
    exact = brute_force_leximin(instance)
    # lexicographically at least as good: the first difference favours the bound
    for b, e in zip(bound, exact, strict=True):
        if abs(b - e) > 1e-7:
            assert b > e
            break


@SETTINGS
@given(small_instances(), st.data())
def test_any_mix_of_panels_is_decomposed_exactly(instance, data):
    panels = all_panels(instance)
    if not panels:
        return
    problem = group_types(instance)
    chosen = data.draw(st.lists(st.sampled_from(panels), min_size=1, max_size=5))
    size = len(chosen)
    raw = np.array(data.draw(st.lists(st.integers(1, 9), min_size=size, max_size=size)))
    weights = raw / raw.sum()
    counts = [_type_counts(instance, problem, p) for p in chosen]
    target = sum(w * c for w, c in zip(weights, counts, strict=True))
    found = decompose(problem, target, time.monotonic() + 60)
    assert found is not None and found != "stopped"
    assert abs(found.weights.sum() - 1) < 1e-9
    assert np.all(found.weights >= 0)
    mixed = found.weights @ np.array(found.counts, dtype=np.float64)
    assert np.abs(mixed - target).max() < 1e-7
    full = _type_counts(instance, problem, panels[0]).sum()
    for counts in found.counts:  # every part is a real panel of size k
        assert counts.sum() == full
        assert np.all(counts <= problem.sizes)


# On this pool the relaxation's LEXIMIN point is no lottery of panels, so the solver
# must notice and fall back to column generation (found by a random search).
FALLBACK_ROWS = [
    ("v1", "v0", "v1", "v0"),
    ("v1", "v1", "v1", "v0"),
    ("v0", "v0", "v0", "v1"),
    ("v1", "v1", "v0", "v1"),
    ("v0", "v1", "v0", "v1"),
    ("v0", "v0", "v1", "v0"),
    ("v0", "v1", "v1", "v0"),
]
FALLBACK_QUOTAS = {
    ("c0", "v0"): (1, 3),
    ("c0", "v1"): (2, 2),
    ("c1", "v0"): (0, 1),
    ("c1", "v1"): (0, 2),
    ("c2", "v0"): (0, 1),
    ("c2", "v1"): (0, 2),
    ("c3", "v0"): (2, 3),
    ("c3", "v1"): (0, 3),
}


def test_a_fractional_relaxation_point_is_not_decomposed():
    instance = make_instance(FALLBACK_ROWS, FALLBACK_QUOTAS, 3)
    problem = group_types(instance)
    relaxed = relaxed_leximin(problem)
    assert decompose(problem, relaxed.counts, time.monotonic() + 60) is None


def test_solver_falls_back_to_column_generation_and_stays_exact():
    instance = make_instance(FALLBACK_ROWS, FALLBACK_QUOTAS, 3)
    result = leximin(instance)
    assert result.status == "optimal"
    assert result.method == "column_generation"
    assert checker.check(instance, result.distribution, result.probabilities) == []
    got = sorted(result.probabilities.values())
    for a, b in zip(got, brute_force_leximin(instance), strict=True):
        assert abs(a - b) <= 1e-6


def test_realistic_pool_is_certified_by_the_relaxation():
    rng = np.random.default_rng(7)
    rows = [
        (f"g{rng.integers(2)}", f"a{min(rng.poisson(1.2), 3)}", f"d{rng.integers(4)}")
        for _ in range(120)
    ]
    quotas = {("c0", f"g{v}"): (9, 11) for v in range(2)}
    quotas |= {("c1", f"a{v}"): (3, 8) for v in range(4)}
    quotas |= {("c2", f"d{v}"): (4, 6) for v in range(4)}
    instance = make_instance(rows, quotas, 20)
    result = leximin(instance)
    assert result.status == "optimal"
    assert result.method == "relaxation"
    assert checker.check(instance, result.distribution, result.probabilities) == []
    problem = group_types(instance)
    relaxed = relaxed_leximin(problem)
    assert abs(result.min_probability - relaxed.levels.min()) < 1e-8


def test_cancelling_during_the_decomposition():
    rng = np.random.default_rng(3)
    rows = [
        (f"g{rng.integers(2)}", f"d{rng.integers(5)}", f"e{rng.integers(3)}") for _ in range(90)
    ]
    quotas = {("c0", f"g{v}"): (6, 9) for v in range(2)}
    quotas |= {("c1", f"d{v}"): (2, 4) for v in range(5)}
    quotas |= {("c2", f"e{v}"): (3, 7) for v in range(3)}
    instance = make_instance(rows, quotas, 15)
    result = leximin(instance, progress=lambda *_: False)
    assert result.status == "cancelled"
