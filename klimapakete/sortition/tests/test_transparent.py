"""The transparent draw: M equally likely panels close to the LEXIMIN lottery."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

from klimapakete.cli import main
from klimapakete.sortition import feasibility
from klimapakete.sortition.leximin import leximin
from klimapakete.sortition.model import Instance, Respondent
from klimapakete.sortition.tests.helpers import make_instance
from klimapakete.sortition.tests.test_cli import read, setup
from klimapakete.sortition.tests.test_leximin import small_instances
from klimapakete.sortition.transparent import (
    number_from_digits,
    number_from_seed,
    round_lottery,
)


def quotas_hold(instance: Instance, panel: tuple[str, ...]) -> bool:
    people = {r.id: r for r in instance.respondents}
    counts = Counter((c, people[i].features[c]) for i in panel for c in instance.categories)
    return all(q.min <= counts.get((q.category, q.feature), 0) <= q.max for q in instance.quotas)


def town(n: int = 60, k: int = 12, seed: int = 3) -> Instance:
    rng = random.Random(seed)
    rows = [
        (rng.choice("fm"), rng.choice(["16-29", "30-59", "60+"]), rng.choice("abcd"))
        for _ in range(n)
    ]
    quotas = {("c0", "f"): (5, 7), ("c0", "m"): (5, 7)}
    quotas |= {("c1", v): (2, 6) for v in ["16-29", "30-59", "60+"]}
    quotas |= {("c2", v): (1, 5) for v in "abcd"}
    return make_instance(rows, quotas, k)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_every_rounded_panel_keeps_the_quotas_and_no_one_sits_twice(instance):
    if not feasibility.check(instance).feasible:
        return
    result = leximin(instance)
    lottery = round_lottery(instance, result.distribution, panels=50, time_limit=1.0)
    assert lottery.size == 50
    for panel in lottery.panels:
        assert len(set(panel)) == len(panel) == instance.panel_size
        assert quotas_hold(instance, panel)
    # probabilities are the panel shares and sum to the panel size
    assert sum(lottery.probabilities.values()) == pytest.approx(instance.panel_size)
    assert lottery.max_deviation >= lottery.deviation_lower_bound - 1e-12


def test_the_change_is_small_and_reported():
    instance = town()
    result = leximin(instance)
    lottery = round_lottery(instance, result.distribution, panels=1000, time_limit=3.0)
    assert lottery.max_deviation < 0.01  # ten panels out of a thousand at the very most
    assert lottery.deviation_lower_bound <= lottery.max_deviation
    assert lottery.min_probability > 0.8 * lottery.leximin_min_probability
    for rid, p in lottery.probabilities.items():
        assert abs(p - lottery.leximin[rid]) <= lottery.max_deviation + 1e-12


def test_interchangeable_people_get_the_same_number_of_panels_give_or_take_one():
    instance = town()
    result = leximin(instance)
    lottery = round_lottery(instance, result.distribution, panels=1000, time_limit=2.0)
    by_type: dict[tuple, list[float]] = {}
    for r in instance.respondents:
        key = tuple(r.features[c] for c in instance.categories)
        by_type.setdefault(key, []).append(lottery.probabilities[r.id] * 1000)
    for counts in by_type.values():
        assert max(counts) - min(counts) <= 1


def test_the_result_does_not_depend_on_how_the_pool_is_listed():
    instance = town()
    shuffled = Instance(
        instance.categories,
        list(reversed(instance.quotas)),
        random.Random(9).sample(instance.respondents, len(instance.respondents)),
        instance.panel_size,
    )
    a = round_lottery(instance, leximin(instance).distribution, panels=500, salt="s")
    b = round_lottery(shuffled, leximin(shuffled).distribution, panels=500, salt="s")
    assert a.max_deviation == pytest.approx(b.max_deviation, abs=2 / 500)


def test_singleton_pool_members_keep_their_chance():
    rows = [("x",)] * 5 + [("y",)]
    instance = make_instance(rows, {("c0", "x"): (0, 2), ("c0", "y"): (0, 1)}, 2)
    lottery = round_lottery(instance, leximin(instance).distribution, panels=1000)
    assert lottery.probabilities["6"] == pytest.approx(lottery.leximin["6"], abs=1e-3)
    assert all(p > 0 for p in lottery.probabilities.values())


def test_drawn_numbers():
    assert number_from_digits("000", 1000) == 1
    assert number_from_digits(" 9 9 9 ", 1000) == 1000
    assert number_from_digits("042", 1000) == 43
    with pytest.raises(ValueError):
        number_from_digits("1000", 1000)
    with pytest.raises(ValueError):
        number_from_digits("4-2", 1000)
    numbers = {number_from_seed(f"seed {i}", 10) for i in range(200)}
    assert numbers == set(range(1, 11))


def test_select_writes_a_lottery_that_verify_draw_reproduces(tmp_path, capsys):
    args = setup(tmp_path)
    assert main([*args, "--panel-size", "5", "--seed", "abc", "--transparent", "100"]) == 0
    out = tmp_path / "out"
    summary = json.loads((out / "summary.json").read_text())["transparent"]
    assert summary["panels"] == 100
    assert summary["max_deviation"] >= summary["deviation_lower_bound"]
    lottery = read(out / "lottery.csv")
    assert [int(r["number"]) for r in lottery] == list(range(1, 101))
    drawn = [r["id"] for r in read(out / "transparent_panel.csv")]
    assert " ".join(drawn) == lottery[summary["drawn_number"] - 1]["ids"]
    capsys.readouterr()
    verify = ["verify-draw", "--lottery", str(out / "lottery.csv")]
    assert main([*verify, "--seed", "abc", "--panel", str(out / "transparent_panel.csv")]) == 0
    assert "matches" in capsys.readouterr().out
    assert main([*verify, "--number", "07"]) == 0
    assert capsys.readouterr().out.startswith("panel 8: " + lottery[7]["ids"])
    assert main([*verify, "--number", "100"]) == 2
    # a physical draw that does not match the published panel is reported
    other = next(n for n in range(100) if lottery[n]["ids"] != " ".join(drawn))
    wrong = [*verify, "--number", f"{other:02d}", "--panel", str(out / "transparent_panel.csv")]
    assert main(wrong) == 1


def test_a_lottery_file_with_gaps_in_the_numbers_is_refused(tmp_path, capsys):
    (tmp_path / "lottery.csv").write_text("number,ids\n1,a b\n3,a c\n")
    assert main(["verify-draw", "--lottery", str(tmp_path / "lottery.csv"), "--number", "0"]) == 2
    assert "numbered" in capsys.readouterr().err


def test_respondent_model_is_unchanged():
    # the rounding never invents people: every id on a panel is in the pool
    instance = town()
    lottery = round_lottery(instance, leximin(instance).distribution, panels=200)
    pool = {r.id for r in instance.respondents}
    assert {i for panel in lottery.panels for i in panel} <= pool
    assert isinstance(instance.respondents[0], Respondent)
