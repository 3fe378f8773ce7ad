"""Pure parts, property-tested: the search query parser and highlighter, mentions,
anonymising shared documents, and recognising uploads by content."""

from __future__ import annotations

import io
import re
from html import unescape

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.core.uploads import UploadError, sniff, upload_check
from klimapakete.forum import rows
from klimapakete.forum.library.anonymise import REPLACEMENT, anonymise
from klimapakete.forum.mentions import mentioned_handles, quote
from klimapakete.forum.search import text

# Search text


@given(st.text())
def test_parsing_never_raises_and_yields_only_word_characters(raw):
    query = text.parse(raw)
    fts = query.fts5()
    # Outside the quoted stems only our own operators and brackets remain.
    outside = re.sub(r'"[^"]*"', "", fts)
    assert set(outside.split()) <= {"AND", "OR", "NOT", "(", ")"} | {
        token for token in outside.split() if set(token) <= {"(", ")"}
    }
    for stem in re.findall(r'"([^"]*)"', fts):
        assert all(re.fullmatch(r"\w+", part) for part in stem.split())
    web = query.websearch()
    assert all(re.fullmatch(r'-?"?[\w ]+"?|or', part) for part in re.findall(r'-?"[^"]+"|\S+', web))
    assert len([t for g in query.groups for t in g]) <= text.MAX_TERMS


def test_the_query_syntax():
    query = text.parse('Beirat "Stadtrat Antrag" -Verwaltung or Klimarat')
    assert query.websearch() == 'Beirat "Stadtrat Antrag" -Verwaltung or Klimarat'
    assert query.fts5() == '(("beirat" AND "stadtrat antrag") NOT "verwalt") OR ("klimarat")'
    assert not text.parse("-nur -ausschluss")
    assert not text.parse('"" - or')


def test_german_word_forms_share_a_stem():
    assert text.stem("Beiräte") == text.stem("Beirat")
    assert text.stem("Fraktionen") == text.stem("Fraktion")
    assert text.stemmed("Die Häuser") == "die haus"


@given(st.text(max_size=300), st.sets(st.text(alphabet="abcdefghij", min_size=1, max_size=5)))
def test_highlighting_keeps_the_text_and_marks_only_matches(body, stems):
    parts = text.highlight(body, stems)
    joined = "".join(part for part, _hit in parts).strip("… ")
    assert joined in text.clean(body)
    for part, hit in parts:
        if hit:
            assert text.stem(part) in stems


_WORDS = st.sampled_from(["Beirat", "Beiräte", "Häuser", "Haus", "und", "ÖPNV", "CO2", "<b>"])


@given(
    st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=40).map(" ".join),
    st.sets(st.sampled_from(["beirat", "haus", "und", "opnv", "co2", "b"]), max_size=3),
)
def test_highlighting_from_stored_stems_is_the_same_as_stemming_again(body, stems):
    """The stored line of stems gives the same snippet as stemming every word, and a line
    that does not fit the text word for word (a stale one) changes nothing either."""
    every_match = [m.group() for m in text.WORD.finditer(body) if text.stem(m.group()) in stems]
    plain = text.highlight(body, stems, width=10_000)
    assert [part for part, hit in plain if hit] == every_match
    assert text.highlight(body, stems, width=10_000, stemmed=text.stemmed(body)) == plain
    stale = " ".join(["haus"] * (len(text.words(body)) + 1))
    assert text.highlight(body, stems, width=10_000, stemmed=stale) == plain


@given(st.lists(st.tuples(st.text(max_size=20), st.booleans()), max_size=10))
def test_marked_rows_escape_every_part_and_mark_every_match(parts):
    html = str(rows.marked(parts))
    plain = re.sub(r"</?mark>", "", html)
    assert "<" not in plain and ">" not in plain
    assert html.count("<mark>") == sum(1 for part, hit in parts if hit)
    assert unescape(plain) == "".join(part for part, _hit in parts)


@given(st.integers(min_value=1, max_value=10**12))
def test_urls_from_a_placeholder_are_the_reversed_urls(pk):
    assert rows.url_maker("forum:thread")(pk) == reverse("forum:thread", args=[pk])
    assert rows.url_maker("library:detail")(pk) == reverse("library:detail", args=[pk])


def test_marked_parts():
    assert text.marked_parts("a \x02Beirat\x03 b") == [
        ("a ", False),
        ("Beirat", True),
        (" b", False),
    ]


# Mentions


def test_mentions_outside_quotes_and_code():
    body = "Hallo @mira-mitglied und @Bea!\n> @zitiert\n`@code`\n```\n@block\n```\nmail@x.de"
    assert mentioned_handles(body) == ["mira-mitglied", "bea"]


@given(st.text())
def test_mentions_never_raise_and_are_handles(body):
    for handle in mentioned_handles(body):
        assert re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", handle)


@given(st.text())
def test_quoted_text_mentions_nobody(body):
    assert mentioned_handles(quote(body, heading="Mira schrieb:")) == []


# Anonymising


names = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJ ", min_size=1, max_size=20),
    max_size=4,
)


@given(names, st.text(max_size=200))
def test_no_name_part_survives_anonymising(people, filler):
    body = filler + " " + " und ".join(people) + " " + filler
    result = anonymise(body, people)
    for name in people:
        for part in re.findall(r"\w+", name):
            if len(part) >= 2:
                assert not re.search(rf"(?<!\w){re.escape(part)}(?!\w)", result, re.I), part


def test_anonymising_removes_contact_details():
    result = anonymise(
        "Mail an frida@example.org oder 0171 2345678, Frida Fischer.", ["Frida Fischer"]
    )
    assert result == f"Mail an {REPLACEMENT} oder {REPLACEMENT}, {REPLACEMENT}."


# Uploads


@given(st.binary(max_size=2000))
def test_sniffing_any_bytes_never_raises(data):
    stream = io.BytesIO(data)
    kind = sniff(stream)
    assert stream.tell() == 0
    assert kind is None or kind.key in {"pdf", "png", "jpeg", "gif", "webp", "docx", "odt"}


def test_the_upload_check_names_the_problem():
    for data, size, code in (
        (b"", 0, "empty"),
        (b"%PDF-1.4", 10**9, "too_large"),
        (b"GIF", 3, "type"),
    ):
        try:
            upload_check(io.BytesIO(data), size=size, max_bytes=1000)
        except UploadError as error:
            assert error.code == code
        else:
            raise AssertionError(code)
    assert upload_check(io.BytesIO(b"%PDF-1.7 x"), size=10, max_bytes=1000).key == "pdf"
