"""The generated documents: structure, the state's law, honesty about unknown facts,
and what a reader of the PDF and the DOCX finds."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import docx
import pytest

from klimapakete.council import drafting
from klimapakete.council.drafting.statute import CLAUSES
from klimapakete.council.profile import (
    TEXT_LIMITS,
    SeatGroup,
    blank_profile,
    profile_from_reference,
    profile_problems,
)
from klimapakete.council.rules import all_references, all_states, rules_for
from klimapakete.documents import Clause, Image, document_text, to_docx, to_pdf
from klimapakete.documents.testing import HOSTILE, contains, pdf_pages, pdf_reader
from klimapakete.legal.model import FEDERAL_STATES

TODAY = date(2026, 12, 6)
REFERENCES = tuple(all_references().values())
# Anything a template engine or an author would leave behind unfilled.
PLACEHOLDER = re.compile(r"\[|\]|\{|\}|_{3,}|\bXX+\b|\bTODO\b|\bNone\b|\.\.\.|…|\?\?")


def full(**changes):
    profile = replace(
        blank_profile(town="Stadt Musterstadt", party_groups=5),
        reason="Musterstadt will bis 2040 klimaneutral werden.",
        proposers="Fraktion Grüne\nFraktion SPD",
        lead_unit="Stabsstelle Klimaschutz",
        representatives="Mira Mitglied, Lindenstraße 4, Musterstadt",
        recipient="Stadt Musterstadt\nBürgermeisterin / Bürgermeister",
        committee="Ausschuss für Umwelt und Klima",
        secretariat="Stabsstelle Klimaschutz",
        budget=5000,
        consultation_min_days=14,
        seats=(
            *blank_profile(town="", party_groups=5).seats,
            SeatGroup("residents_by_lot", "Geloste Einwohner:innen", 2, deputies=False),
        ),
    )
    return replace(profile, **changes)


def build(kind, profile=None, state="NW"):
    return drafting.build(
        kind,
        profile or full(),
        rules_for(state),
        today=TODAY,
        team="LocalZero Musterstadt",
        place="Musterstadt",
        references=REFERENCES,
    )


def text(document) -> str:
    return "\n".join(document_text(document))


def clause_text(document) -> str:
    return "\n".join(
        "".join(span.text for sub in block.paragraphs for span in sub.content)
        + "".join(span.text for sub in block.paragraphs for item in sub.items for span in item)
        for block in document.blocks
        if isinstance(block, Clause)
    )


def routes_for(state):
    """Every route that the state's rules allow for the full profile."""
    rules = rules_for(state)
    for route in ("statute", "rules", "hauptsatzung", "committee"):
        profile = full(route=route)
        if route == "committee":
            profile = replace(
                profile,
                seats=tuple(
                    s if s.group == "council_groups" else replace(s, voting=False)
                    for s in profile.seats
                ),
            )
        if not profile_problems(profile, rules):
            yield profile


ALL = [
    (state, kind, profile)
    for state in FEDERAL_STATES
    for profile in routes_for(state)
    for kind in drafting.KINDS
]


@pytest.mark.parametrize(("state", "kind", "profile"), ALL, ids=lambda v: getattr(v, "route", v))
def test_no_document_carries_a_placeholder(state, kind, profile):
    assert drafting.missing_fields(kind, profile) == []
    found = PLACEHOLDER.findall(text(build(kind, profile, state)))
    assert found == []


def _known_citations(state: str) -> set[str]:
    rules = rules_for(state)
    cited = {f.citation for f in rules.facts.values() if f.known and f.citation}
    for council in REFERENCES:  # named in the justification's examples
        cited |= {f.value for f in council.facts.values()}
    return cited


EVERY_CITATION = {
    fact.citation
    for state in all_states().values()
    for fact in [*state.facts.values(), *(state.district.facts.values() if state.district else [])]
    if fact.citation
}


@pytest.mark.parametrize(("state", "kind", "profile"), ALL, ids=lambda v: getattr(v, "route", v))
def test_only_facts_known_for_the_state_are_cited(state, kind, profile):
    body = text(build(kind, profile, state))
    known = _known_citations(state)
    wrong = [c for c in EVERY_CITATION if c in body and not any(c in k for k in known)]
    assert wrong == []


@pytest.mark.parametrize("state", FEDERAL_STATES)
def test_the_state_code_is_cited_or_the_gap_is_named(state):
    rules = rules_for(state)
    body = text(build("satzung", full(), state))
    code = rules.fact("municipal_code")
    if code.known:
        assert code.value in body
        if code.law:
            assert code.law in body
    else:
        assert "Kommunalverfassung: für" in body and "nicht geprüft" in body


@pytest.mark.parametrize("state", FEDERAL_STATES)
def test_unknown_facts_become_notes_not_claims(state):
    rules = rules_for(state)
    body = text(build("satzung", full(), state))
    agenda = rules.fact("agenda_setter")
    if agenda.known:
        assert "der für die Tagesordnung zuständigen Stelle" not in body
    else:
        assert "der für die Tagesordnung zuständigen Stelle" in body
        assert (
            f"Zuständigkeit für die Tagesordnung des Rates: für {rules.state.name} in unseren "
            "Daten nicht geprüft" in body
        )
    if not rules.fact("advisory_council_basis").known:
        assert "Vorschrift für den Erlass der Satzung" in body  # statute route: no basis cited


def test_the_statute_has_every_section_in_order():
    document = build("satzung")
    titles = [
        "".join(s.text for s in block.title)
        for block in document.blocks
        if isinstance(block, Clause)
    ]
    assert titles == [title for _key, title, _build in CLAUSES]
    assert len(titles) == 18
    body = clause_text(document)
    for word in ("Befangenheit", "Verschwiegenheit", "Umlaufverfahren", "Nachrückliste"):
        assert word in body or word in titles


RIGHTS = {
    "consultation": "in der Regel vier Wochen, mindestens jedoch 14 Tage vor der Beschlussfassung",
    "agenda_proposals": "zur Aufnahme in die Tagesordnung",
    "speaking_rights": "Gelegenheit, Stellungnahmen des Beirats zu erläutern",
    "document_access": "erforderlichen Unterlagen und Auskünfte",
    "publish_statements": "kann seine Stellungnahmen und Empfehlungen veröffentlichen",
    "justify_deviations": "begründet sie dies schriftlich",
}


@pytest.mark.parametrize("right", RIGHTS)
def test_every_right_chosen_appears_in_the_sections(right):
    none = {name: False for name in RIGHTS}
    without = clause_text(build("satzung", full(**none)))
    with_it = clause_text(build("satzung", full(**{**none, right: True})))
    assert RIGHTS[right] not in without
    assert RIGHTS[right] in with_it


def test_every_task_chosen_appears_in_the_sections():
    profile = full(tasks=("monitor",), tasks_extra="Jährlicher Klimabericht an den Rat")
    body = clause_text(build("satzung", profile))
    assert "Hinweise auf Abweichungen" in body and "Jährlicher Klimabericht an den Rat" in body
    assert "Stellungnahmen zu klimarelevanten Vorhaben" not in body


def test_the_agenda_right_names_the_states_agenda_holder():
    assert "der Bürgermeisterin oder dem Bürgermeister (§ 48 Abs. 1 GO NRW)" in text(
        build("satzung")
    )
    assert "der oder dem Vorsitzenden des Rates (§ 58 Abs. 5 HGO)" in text(
        build("satzung", state="HE")
    )


def test_bavaria_statute_rests_on_article_23_and_its_motion_is_a_buergerantrag():
    assert "Aufgrund von Art. 23 GO (Gemeindeordnung für den Freistaat Bayern) hat der Rat" in text(
        build("satzung", state="BY")
    )
    motion = build("einwohnerantrag", state="BY")
    assert motion.title.startswith("Bürgerantrag")
    assert "Bürgerantrag nach Art. 18b GO" in text(motion)
    assert "Gemeindebürgerinnen und Gemeindebürger" in text(motion)


def test_the_resident_motion_in_nrw_forces_a_decision():
    body = text(build("einwohnerantrag"))
    assert "Einwohnerantrag nach § 25 GO NRW" in body
    assert "berät und entscheidet" in body


def test_a_committee_in_lower_saxony_cites_its_advisory_members():
    profile = next(p for p in routes_for("NI") if p.route == "committee")
    body = text(build("satzung", profile, "NI"))
    assert "sachkundige Bürgerinnen und Bürger mit (§ 71 Abs. 7 NKomVG)" in body


def test_the_hauptsatzung_route_adds_the_amendment_and_the_open_majority():
    body = text(build("fraktionsantrag", full(route="hauptsatzung"), "RP"))
    assert "Änderung der Hauptsatzung" in body
    assert "Verankerung in der Hauptsatzung und die dafür nötige Mehrheit: für" in body


def test_a_city_state_uses_its_district_law():
    body = text(build("satzung", full(), "BE"))
    assert "Bezirksverwaltungsgesetz" in body


def test_documents_name_what_they_still_need():
    profile = full(proposers="", representatives=" ", lead_unit="")
    assert drafting.missing_fields("fraktionsantrag", profile) == ["proposers"]
    assert drafting.missing_fields("einwohnerantrag", profile) == ["representatives"]
    assert drafting.missing_fields("beschlussvorlage", profile) == ["lead_unit"]
    assert drafting.missing_fields("satzung", profile) == []


def test_file_names_keep_umlauts():
    assert drafting.file_stem("satzung", full(route="rules"), rules_for("NW")) == (
        "Geschäftsordnung Klimabeirat Stadt Musterstadt"
    )


# --- PDF and DOCX ------------------------------------------------------------------------


def reference_profiles():
    for council in REFERENCES:
        profile = profile_from_reference(council, town="Stadt Musterstadt", party_groups=5)
        yield replace(profile, seats=tuple(replace(s, count=s.count or 2) for s in profile.seats))


def longest_profile():
    """Every text at its limit, the most seat groups: the Steckbrief must still fit."""
    words = "Klimaschutzmaßnahme " * 40
    label = ("Gruppe mit einem recht langen Namen und mehr " * 2)[: TEXT_LIMITS["seat_label"] - 3]
    return full(
        name="Beirat für Klimaschutz und Klimaanpassung",
        town="Stadt Musterstadt an der Muster",
        reason=words[: TEXT_LIMITS["reason"]],
        tasks=("advise", "comment", "own_topics", "strategy", "monitor", "exchange"),
        tasks_extra="\n".join(["Eine weitere Aufgabe, die fast die ganze Zeile füllt"] * 2),
        seats=tuple(SeatGroup("other", f"{label} {n}", 3) for n in range(10)),
        secretariat="Stabsstelle für Klimaschutz und Nachhaltigkeit beim Bürgermeister",
    )


@pytest.mark.parametrize(
    "profile", [full(), *reference_profiles(), longest_profile()], ids=lambda p: p.name
)
def test_the_steckbrief_is_one_page(profile):
    assert profile_problems(profile, rules_for("NW")) == []
    document = build("steckbrief", profile)
    pdf = to_pdf(document)
    assert pdf_pages(pdf) == 1
    for seat in profile.seats:
        assert contains(pdf, seat.label)
    assert contains(pdf, profile.reason)


def test_a_normal_steckbrief_shows_the_composition_graphic():
    assert any(isinstance(block, Image) for block in build("steckbrief").blocks)


@pytest.mark.parametrize("kind", list(drafting.KINDS))
def test_every_document_renders_to_pdf_and_reopens_as_docx(kind):
    document = build(kind)
    pdf = to_pdf(document)
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) >= 1
    assert contains(pdf, "Musterstadt")
    opened = docx.Document(io.BytesIO(to_docx(document)))
    paragraphs = "\n".join(p.text for p in opened.paragraphs)
    assert opened.core_properties.title == document.title
    if kind == "satzung":
        assert "§\u00a01 Einrichtung und Zweck" in paragraphs
        assert "§\u00a018 Inkrafttreten" in paragraphs
    if kind == "einwohnerantrag":
        signatures = next(t for t in opened.tables if t.rows[0].cells[0].text == "Nr.")
        assert [c.text for c in signatures.rows[0].cells][:2] == ["Nr.", "Name, Vorname"]
        assert len(signatures.rows) == 16


def test_the_signature_list_starts_on_its_own_page():
    pdf = to_pdf(build("einwohnerantrag"))
    pages = [page.extract_text() for page in pdf_reader(pdf).pages]
    start = next(i for i, page in enumerate(pages) if "Unterschriftenliste" in page)
    assert start > 0 and "Beschlussvorschlag" not in pages[start]


def test_hostile_texts_come_out_literally():
    hostile = full(
        reason=HOSTILE[0],
        tasks_extra=HOSTILE[1],
        proposers=HOSTILE[5],
        secretariat=HOSTILE[3],
    )
    expected = {
        "steckbrief": [HOSTILE[0], HOSTILE[1], HOSTILE[3]],
        "fraktionsantrag": [HOSTILE[0], HOSTILE[5]],
        "satzung": [HOSTILE[1], HOSTILE[3]],
    }
    for kind, strings in expected.items():
        pdf = to_pdf(build(kind, hostile))
        for string in strings:
            assert contains(pdf, string), (kind, string)


def test_amounts_in_drafts_use_german_separators():
    from decimal import Decimal

    from klimapakete.council.drafting.words import euros

    assert euros(12500) == "12.500 Euro"
    assert euros(Decimal("1250.5")) == "1.250,50 Euro"
