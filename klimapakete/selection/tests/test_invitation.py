"""Issue 16: the registration form states the event, asks for explicit consent to
special-category answers (Art. 9 GDPR), and the team sees what needs care."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from klimapakete.selection.models import Category, Selection
from klimapakete.selection.tests.test_robustness import register
from klimapakete.selection.tests.test_workflow import register_url, url


def special(selection) -> Category:
    age = selection.categories.get(name="age")
    age.special = True
    age.save()
    return age


def test_the_form_states_date_place_and_duration(selection, client):
    Selection.objects.filter(pk=selection.pk).update(
        event_date=date(2027, 3, 13),
        event_place="Town hall",
        event_duration="three Saturdays, 10 a.m. to 4 p.m.",
        allowance="50 euros per day",
    )
    page = client.get(register_url(selection)).content.decode()
    for expected in ("13", "2027", "Town hall", "three Saturdays", "50 euros per day"):
        assert expected in page, expected


def test_sensitive_answers_need_explicit_consent(selection, client, registration):
    special(selection)
    page = register(client, selection, registration(selection)).content.decode()
    assert "Please agree expressly to the use of your sensitive answers" in page
    assert not selection.respondents.filter(source="form").exists()
    register(client, selection, registration(selection, special_consent="on"))
    assert selection.respondents.filter(source="form").count() == 1


def test_prefer_not_to_say_needs_no_explicit_consent(selection, client, registration):
    age = special(selection)
    register(client, selection, registration(selection, **{f"category_{age.pk}": "-"}))
    assert selection.respondents.get(source="form").features["age"] == ""


def test_without_sensitive_categories_there_is_no_extra_consent(selection, client):
    assert "special_consent" not in client.get(register_url(selection)).content.decode()


def test_the_team_sees_warnings_for_sensitive_data_and_a_missing_divers(selection, member_client):
    special(selection)
    page = member_client.get(url("plan", selection)).content.decode()
    assert "Special-category data (Art. 9 GDPR): age" in page
    assert "The category gender has no value “divers”" in page


def test_the_settings_save_route_contact_and_event(selection, member_client):
    response = member_client.post(
        url("plan_settings", selection),
        {
            "title": selection.title,
            "panel_size": "4",
            "letter_multiplier": "25",
            "retention_days": "30",
            "route": "extract",
            "contact_name": "Erika Mustermann",
            "partner_organisation": "Klimaverein e. V.",
            "contact_email": "erika@example.org",
            "event_date": "2027-03-13",
            "reply_deadline": "2027-02-01",
            "minimum_age": "18",
            "special_categories": [selection.categories.get(name="age").pk],
        },
    )
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.route == "extract" and selection.contact_name == "Erika Mustermann"
    assert selection.reply_deadline == date(2027, 2, 1) and selection.minimum_age == 18
    assert [c.name for c in selection.categories.all() if c.special] == ["age"]
    assert reverse("selection:plan", args=[selection.team.slug, selection.pk]) in response.url


def test_the_code_from_the_letter_leads_to_the_registration(selection, client):
    code = selection.short_code
    assert len(code) <= 8 and not set(code) & set("0O1IL5S2Z8B")
    typed = " " + code[:4].lower() + "-" + code[4:] + " "
    response = client.get(reverse("selection_public:code"), {"code": typed})
    assert response.status_code == 302 and response.url == register_url(selection)
    page = client.get(reverse("selection_public:code"), {"code": "XXXX9999"})
    assert "We do not know this code" in page.content.decode()


def test_the_letter_prints_the_code_and_where_to_type_it(selection, member_client):
    from klimapakete.documents.testing import contains, pdf_text

    pdf = member_client.get(url("letter_pdf", selection)).content
    assert contains(pdf_text(pdf), selection.short_code)
    assert contains(pdf_text(pdf), "http://testserver/los/")
