"""The request to the administration and the letter, as PDF and DOCX, read back."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from klimapakete.accounts.models import User
from klimapakete.documents.testing import contains, pdf_pages, pdf_text
from klimapakete.selection.models import Selection, Value
from klimapakete.selection.tests.conftest import build_selection


@pytest.fixture
def stratified(personas, settings):
    """A selection stratified by age with decimal shares, seen by German users (the
    selection tests are English otherwise)."""
    settings.LANGUAGE_CODE = "de"
    User.objects.update(language="de")
    selection = build_selection(personas["team"], title="Bürgerrat \u202eKlima\u202c Grünstadt")
    age = selection.categories.get(name="age")
    Value.objects.filter(category=age, name="young").update(
        population_share=Decimal("37.5"), response_rate=Decimal("7.5")
    )
    Value.objects.filter(category=age, name="old").update(
        population_share=Decimal("62.5"), response_rate=Decimal("12")
    )
    Selection.objects.filter(pk=selection.pk).update(
        stratify_by=age,
        contact_name="Erika Mustermann",
        contact_phone="0211 123456",
        event_date=date(2027, 3, 13),
        event_place="Rathaus Teststadt, Ratssaal",
        event_duration="drei Samstage, 10 bis 16 Uhr",
        allowance="50 Euro je Sitzungstag",
        reply_deadline=date(2027, 2, 1),
    )
    selection.refresh_from_db()
    return selection


def get(client, name, selection):
    kwargs = {"team_slug": selection.team.slug, "selection_id": selection.pk}
    response = client.get(reverse(f"selection:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return response.content


def test_the_request_pdf_has_german_decimals_and_every_stratum(member_client, stratified):
    pdf = get(member_client, "request_pdf", stratified)
    text = pdf_text(pdf)
    for expected in (
        "Bitte um eine Zufallsstichprobe aus dem Melderegister",
        "Stichprobe je Schicht",
        "young",
        "old",
        "37,5 %",
        "62,5 %",
        "7,5 %",
        "12 %",
        "Datenschutz",
    ):
        assert contains(text, expected), expected
    assert "37.5" not in text and "7.5 %" not in text


def test_the_request_asks_the_city_to_draw_and_write_and_says_who_asks(member_client, stratified):
    text = pdf_text(get(member_client, "request_pdf", stratified))
    for expected in (
        "Sehr geehrte Damen und Herren,",
        "Erika Mustermann",  # the contact person: the team is no legal entity
        "keine juristische Person",
        "Öffentliches Interesse",
        "auf Ihrem Briefkopf",  # the default route: the city draws and writes
        "§ 46 BMG",  # group information only as the exception
        "Ermessen",
        "Gebühr",
        "Hauptwohnsitz",
        "ab 16 Jahren",
        "§ 51 BMG",  # blocking notices left out
        "Art. 28 DSGVO",
        "Druck und Porto",
        "Zeitplan",
        "1. Februar 2027",  # the reply deadline in the timeline
        "13. März 2027",
    ):
        assert contains(text, expected), expected
    assert not re.search(r"\b(du|dich|dir|dein\w*|euch|euer)\b", text)  # Sie only
    assert not contains(text, "Liebe Einwohnerin")


def test_the_letter_is_neutral_personal_and_complete(member_client, stratified):
    text = pdf_text(get(member_client, "letter_pdf", stratified))
    for expected in (
        "Gestalten Sie die Zukunft von Teststadt",
        "Guten Tag [Vorname] [Nachname],",
        "Verwaltung Teststadt",
        "13. März 2027",
        "Rathaus Teststadt, Ratssaal",
        "drei Samstage, 10 bis 16 Uhr",
        "50 Euro je Sitzungstag",
        "1. Februar 2027",
        "Kinderbetreuung",
        "(Ober-)Bürgermeister:in",  # the city sends, on its letterhead
        "QR-Code",
        "0211 123456",
        "Art. 13 und 14 DSGVO",
        "Melderegister",
        "widerrufen",
        # the supervisory authority of the team's state (NW)
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",
    ):
        assert contains(text, expected), expected
    for wrong in ("Liebe Einwohnerin", "Klima", "Stimme für das Klima"):
        assert not contains(text.replace("Bürgerrat Klima Grünstadt", ""), wrong), wrong


def test_bidi_overrides_in_a_title_do_not_reach_the_pdf(member_client, stratified):
    text = pdf_text(get(member_client, "letter_pdf", stratified))
    assert "\u202e" not in text and "\u202c" not in text
    assert contains(text, "Bürgerrat Klima Grünstadt")


def test_the_letter_has_sender_address_fields_and_the_whole_link(member_client, stratified):
    pdf = get(member_client, "letter_pdf", stratified)
    text = pdf_text(pdf)
    assert pdf_pages(pdf) <= 2
    for expected in (
        "LocalZero Teststadt",
        "[Vorname] [Nachname]",
        "[PLZ und Ort]",
        "So können Sie antworten:",
    ):
        assert contains(text, expected), expected
    link = reverse("selection_public:register", args=[stratified.registration_token])
    assert f"http://testserver{link}".encode() in pdf  # the clickable link, unbroken


def test_the_docx_versions_are_editable_documents(member_client, stratified):
    request = docx.Document(io.BytesIO(get(member_client, "request_docx", stratified)))
    headings = [p.text for p in request.paragraphs if p.style.name.startswith("Heading")]
    assert "Datenschutz" in headings and "Wer fragt an" in headings
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in request.tables]
    rows = next(t for t in tables if t[0][-1] == "Briefe")
    assert "Bitte um eine Zufallsstichprobe aus dem Melderegister" in "".join(
        p.text for p in request.paragraphs
    )
    assert rows[0] == ["age", "Bevölkerungsanteil", "Erwarteter Rücklauf", "Briefe"]
    assert rows[1][:3] == ["young", "37,5\u00a0%", "7,5\u00a0%"]
    assert rows[-1][0] == "Summe"
    letter = docx.Document(io.BytesIO(get(member_client, "letter_docx", stratified)))
    texts = [p.text for p in letter.paragraphs]
    assert "Guten Tag [Vorname] [Nachname]," in texts
    assert letter.core_properties.language == "de-DE"


def test_the_exception_route_asks_for_a_group_information(member_client, stratified):
    Selection.objects.filter(pk=stratified.pk).update(
        route=Selection.Route.EXTRACT, partner_organisation="Klimaverein Teststadt e. V."
    )
    request = pdf_text(get(member_client, "request_pdf", stratified))
    for expected in ("Wir bitten um eine Gruppenauskunft nach § 46 BMG", "keinen Anspruch"):
        assert contains(request, expected), expected
    letter = pdf_text(get(member_client, "letter_pdf", stratified))
    assert contains(letter, "Verantwortlich ist Erika Mustermann")
    assert contains(letter, "Klimaverein Teststadt e. V.")
