"""The version diff in plain words, and the composition graphic's geometry."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import replace
from pathlib import Path

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.council import chart
from klimapakete.council.diff import profile_diff
from klimapakete.council.labels import arrow, change_sentences
from klimapakete.council.profile import SeatGroup, blank_profile

BASE = blank_profile(town="Stadt Musterstadt", party_groups=4)


def sentences(old, new, language="de") -> list[str]:
    with translation.override(language):
        return change_sentences(profile_diff(old, new))


def test_no_change_no_sentence():
    assert profile_diff(BASE, replace(BASE)) == []


def test_the_consultation_deadline_reads_as_in_a_negotiation():
    longer = replace(BASE, consultation_weeks=4)
    shorter = replace(BASE, consultation_weeks=2)
    assert sentences(shorter, longer) == ["Anhörungsfrist: 2 → 4 Wochen"]
    assert sentences(shorter, longer, "en") == ["Consultation deadline: 2 → 4 weeks"]


def test_units_that_differ_stay_in_full():
    assert arrow("1 Woche", "2 Wochen") == "1 Woche → 2 Wochen"
    assert arrow("2 Wochen", "4 Wochen") == "2 → 4 Wochen"


def test_seat_changes_name_the_group_and_the_total():
    seats = list(BASE.seats)
    seats[4] = replace(seats[4], count=4)  # civil society 3 → 4
    seats.append(SeatGroup("residents_by_lot", "Geloste Einwohner:innen", 2, deputies=False))
    seats.pop(5)  # youth removed
    lines = sentences(BASE, replace(BASE, seats=tuple(seats)))
    assert "Umwelt- und Sozialverbände: Sitze 3 → 4" in lines
    assert "Sitzgruppe hinzugefügt: Geloste Einwohner:innen (2 Sitze)" in lines
    assert "Sitzgruppe entfernt: Jugend" in lines
    assert "Sitze insgesamt: 14 → 15 Sitze" in lines


def test_tasks_and_choices_in_words():
    changed = replace(BASE, tasks=("advise", "monitor"), chair="mayor", public=False)
    lines = sentences(BASE, changed)
    added = "Aufgabe hinzugefügt: Die Erreichung der Klimaziele verfolgen und auf Abweichungen"
    assert f"{added} hinweisen" in lines
    assert any(line.startswith("Aufgabe entfernt: ") for line in lines)
    assert any(line.startswith("Vorsitz: ") and "Bürgermeister" in line for line in lines)
    assert "Öffentliche Sitzungen: öffentlich → nicht öffentlich" in lines


@given(st.integers(1, 12), st.integers(1, 12))
def test_a_diff_is_empty_exactly_when_nothing_changed(a, b):
    old, new = replace(BASE, consultation_weeks=a), replace(BASE, consultation_weeks=b)
    assert (profile_diff(old, new) == []) == (a == b)


# --- chart -------------------------------------------------------------------------------


@given(st.integers(1, 60))
def test_every_seat_gets_a_dot_inside_the_picture_without_overlap(total):
    dots = chart.seat_positions(total)
    assert len(dots) == total
    for x, y, r in dots:
        assert 0 <= x - r <= x + r <= chart.WIDTH
        assert 0 <= y - r <= y + r <= chart.HEIGHT
    for a, b in itertools.combinations(dots, 2):
        assert math.dist(a[:2], b[:2]) >= a[2] + b[2] - 1e-6


@given(st.lists(st.integers(1, 8), min_size=1, max_size=8))
def test_groups_sit_side_by_side_from_left_to_right(sizes):
    groups = [chart.ChartGroup(str(n), size, True, chart.colour(n)) for n, size in enumerate(sizes)]
    dots = chart.composition_dots(groups)
    owners = [dot.group for dot in dots]
    assert owners == sorted(owners)
    assert [owners.count(n) for n in range(len(sizes))] == sizes


def test_the_svg_escapes_text_and_marks_advisory_seats_as_rings():
    svg = chart.composition_svg(
        [chart.ChartGroup("a", 2, True, "#000000"), chart.ChartGroup("b", 1, False, "#0072B2")],
        title='<script>alert("x")</script>',
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<circle") == 3
    assert svg.count('fill="#ffffff" stroke="#0072B2"') == 1
    assert "style=" not in svg  # the Content-Security-Policy forbids inline styles


def test_the_legend_swatches_use_the_chart_colours():
    css = (Path(chart.__file__).parent / "static" / "council" / "council.css").read_text()
    swatches = dict(re.findall(r"\.swatch-(\d+) \{ background: (#[0-9A-Fa-f]{6});", css))
    assert {int(k): v for k, v in swatches.items()} == dict(enumerate(chart.PALETTE))


def test_every_choice_has_a_label():
    from klimapakete.council import labels
    from klimapakete.council.profile import CHOICES, TASKS
    from klimapakete.legal.model import SEAT_GROUPS

    for field, values in CHOICES.items():
        assert tuple(labels.CHOICE_LABELS[field]) == values, field
    assert tuple(labels.TASKS) == TASKS
    assert set(labels.SEAT_GROUPS) == SEAT_GROUPS
