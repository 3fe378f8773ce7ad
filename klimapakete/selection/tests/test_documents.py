"""The request to the administration and the letter, as PDF and DOCX, read back."""

from __future__ import annotations

import io
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
    Selection.objects.filter(pk=selection.pk).update(stratify_by=age)
    selection.refresh_from_db()
    return selection


def get(client, name, selection):
    kwargs = {"team_slug": selection.team.slug, "selection_id": selection.pk}
    response = client.get(reverse(f"selection:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return response.content


def test_the_request_pdf_has_german_decimals_and_every_stratum(member_client, stratified):
    pdf = get(member_client, "request_pdf", stratified)
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    for expected in (
        "Bitte um eine Zufallsstichprobe aus dem Melderegister",
        "LocalZero Teststadt, Teststadt",
        "Stichprobe je Schicht",
        "young",
        "old",
        "37,5 %",
        "62,5 %",
        "7,5 %",
        "12 %",
        "Datenschutz",
        "Vielen Dank für Ihre Unterstützung.",
    ):
        assert contains(text, expected), expected
    assert "37.5" not in text and "7.5 %" not in text


def test_bidi_overrides_in_a_title_do_not_reach_the_pdf(member_client, stratified):
    text = pdf_text(get(member_client, "letter_pdf", stratified))
    assert "\u202e" not in text and "\u202c" not in text
    assert contains(text, "Bürgerrat Klima Grünstadt")


def test_the_letter_has_sender_address_fields_and_the_whole_link(member_client, stratified):
    pdf = get(member_client, "letter_pdf", stratified)
    text = pdf_text(pdf)
    assert pdf_pages(pdf) == 1
    for expected in (
        "LocalZero Teststadt",
        "[Vorname] [Nachname]",
        "[PLZ und Ort]",
        "Liebe Einwohnerin, lieber Einwohner,",
        "Hier anmelden:",
    ):
        assert contains(text, expected), expected
    link = reverse("selection_public:register", args=[stratified.registration_token])
    assert f"http://testserver{link}".encode() in pdf  # the clickable link, unbroken


def test_the_docx_versions_are_editable_documents(member_client, stratified):
    request = docx.Document(io.BytesIO(get(member_client, "request_docx", stratified)))
    headings = [p.text for p in request.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Bitte um eine Zufallsstichprobe aus dem Melderegister"
    assert "Datenschutz" in headings
    rows = [[c.text for c in row.cells] for row in request.tables[0].rows]
    assert rows[0] == ["age", "Bevölkerungsanteil", "Erwarteter Rücklauf", "Briefe"]
    assert rows[1][:3] == ["young", "37,5\u00a0%", "7,5\u00a0%"]
    assert rows[-1][0] == "Summe"
    letter = docx.Document(io.BytesIO(get(member_client, "letter_docx", stratified)))
    texts = [p.text for p in letter.paragraphs]
    assert "Liebe Einwohnerin, lieber Einwohner," in texts
    assert letter.core_properties.language == "de-DE"
