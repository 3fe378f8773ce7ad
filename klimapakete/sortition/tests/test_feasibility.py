from klimapakete.sortition import feasibility
from klimapakete.sortition.model import Quota
from klimapakete.sortition.tests.helpers import all_panels, make_instance


def kinds(report):
    return {c.kind for c in report.conflicts}


def apply(instance, changes):
    by_key = {(c.category, c.feature): c for c in changes}
    instance.quotas = [
        Quota(
            q.category,
            q.feature,
            by_key[q.category, q.feature].new_min,
            by_key[q.category, q.feature].new_max,
        )
        if (q.category, q.feature) in by_key
        else q
        for q in instance.quotas
    ]
    return instance


def test_min_above_max_is_explained_and_fixed():
    rows = [("a",), ("a",), ("b",), ("b",)]
    instance = make_instance(rows, {("c0", "a"): (2, 1), ("c0", "b"): (0, 2)}, 2)
    report = feasibility.check(instance)
    assert not report.feasible
    assert "min_above_max" in kinds(report)
    assert "min 2 is above max 1" in report.message
    assert len(report.changes) == 1  # one unit of change suffices
    assert all_panels(apply(instance, report.changes))


def test_too_few_people_and_sums():
    rows = [("a",), ("b",), ("b",), ("b",)]
    instance = make_instance(rows, {("c0", "a"): (2, 3), ("c0", "b"): (1, 1)}, 3)
    report = feasibility.check(instance)
    assert {"min_above_available", "maxes_below_panel_size"} <= kinds(report)
    conflict = next(c for c in report.conflicts if c.kind == "min_above_available")
    assert (conflict.category, conflict.feature, conflict.value, conflict.limit) == (
        "c0",
        "a",
        2,
        1,
    )
    assert all_panels(apply(instance, report.changes))
    instance = make_instance(rows, {("c0", "a"): (1, 1), ("c0", "b"): (3, 3)}, 3)
    assert "mins_above_panel_size" in kinds(feasibility.check(instance))


def test_joint_infeasibility_names_the_quotas_and_smallest_change():
    # Only young women and old men responded: 3 young need 3 women, but 2 are allowed.
    rows = [("f", "young")] * 3 + [("m", "old")] * 3
    quotas = {
        ("c0", "f"): (2, 2),
        ("c0", "m"): (2, 2),
        ("c1", "young"): (3, 4),
        ("c1", "old"): (0, 4),
    }
    instance = make_instance(rows, quotas, 4)
    report = feasibility.check(instance)
    assert not report.feasible
    assert kinds(report) == {"joint"}
    total = sum(abs(c.new_min - c.old_min) + abs(c.new_max - c.old_max) for c in report.changes)
    assert total == 1
    assert report.changes[0].category == "c1" and report.changes[0].new_min == 2
    assert all_panels(apply(instance, report.changes))
    data = report.as_dict()
    assert data["changes"][0]["category"] in {"c0", "c1"}
    assert "Smallest change" in data["message"]


def test_feasible_report_is_empty():
    rows = [("a",), ("b",)]
    report = feasibility.check(make_instance(rows, {("c0", "a"): (0, 1), ("c0", "b"): (0, 1)}, 1))
    assert report.feasible and report.message == "" and not report.changes
