"""The text sanitiser and the number formats."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from klimapakete.documents import clean_text, format_number, format_percent, safe_colour
from klimapakete.documents.text import BIDI_CONTROLS, clean_data


def test_bidi_and_control_characters_go_line_breaks_tabs_and_emoji_stay():
    assert clean_text("\u202eAnna\u202c \u2067Ben\u2069\u200f") == "Anna Ben"
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"
    assert clean_text("Zeile 1\r\nZeile 2\rZeile 3\tTab") == "Zeile 1\nZeile 2\nZeile 3\tTab"
    assert clean_text("\ufeffKlima 👩‍👩‍👧 🌍 שלום") == "Klima 👩‍👩‍👧 🌍 שלום"
    assert clean_text("lone \ud800 surrogate") == "lone  surrogate"


@given(st.text())
def test_clean_text_leaves_no_control_and_is_idempotent(value):
    cleaned = clean_text(value)
    assert not set(cleaned) & BIDI_CONTROLS
    assert all(c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs") for c in cleaned)
    assert "\r" not in cleaned
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # never a lone surrogate


def test_clean_data_walks_nested_values():
    assert clean_data({"a\u202e": ["x\x00", ("y\u2066",)], "n": 3}) == {
        "a": ["x", ["y"]],
        "n": 3,
    }


def test_colours():
    assert safe_colour("#1a2B3c") == "#1a2B3c"
    for bad in (None, "", "red", "#12345", '#123456"); rgb("x', "#1234567"):
        assert safe_colour(bad) == "#777777"


def test_german_and_english_numbers():
    assert format_percent(18, "de", decimals=2) == "18,00\u00a0%"
    assert format_percent(18, "en", decimals=2) == "18.00%"
    assert format_percent(Decimal("12.50"), "de") == "12,5\u00a0%"
    assert format_number(1234567.891, "de", decimals=1) == "1.234.567,9"
    assert format_number(1234567.891, "en", decimals=1) == "1,234,567.9"
    assert format_number(1234, "de") == "1.234"
    assert format_number(-0.004, "de", decimals=2) == "0,00"
    assert format_number(-2.5, "de-AT") == "-2,5"
    assert format_number(0.125, "de", decimals=2) == "0,13"  # half up, not to even
    assert format_number(7, "fr") == "7"  # unknown languages write English numbers


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False),
    st.sampled_from(["de", "en"]),
    st.integers(min_value=0, max_value=3),
)
def test_formatted_numbers_read_back_to_the_rounded_value(value, language, decimals):
    text = format_number(value, language, decimals=decimals)
    thousands, point = (".", ",") if language == "de" else (",", ".")
    parsed = Decimal(text.replace(thousands, "").replace(point, "."))
    assert parsed == value.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP")
    whole = text.lstrip("-").split(point)[0]
    assert all(len(group) == 3 for group in whole.split(thousands)[1:])
