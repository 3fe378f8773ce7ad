"""Advisory requests (Beratungsangebot): a team asks, staff answer in the thread, mails
both ways, closing with summaries, the inbox and its figures — and staff see only what the
team put into the request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from conftest import client_for, make_user
from klimapakete.packages.models import Step
from klimapakete.support import services
from klimapakete.support.models import AdviceRequest
from klimapakete.support.selectors import service_figures


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def ask(client, team, **data):
    values = {
        "topic": "Klimabeirat",
        "question": "Wie bringen wir den Antrag in den Rat?",
        "tried": "Gespräch mit einer Fraktion",
        "urgency": "normal",
        "contact": "reply",
        **data,
    }
    return client.post(reverse("support_team:advice_list", args=[team.slug]), values)


def test_a_member_asks_and_staff_are_notified(personas, member_client, support_client):
    team = personas["team"]
    response = ask(member_client, team)
    advice = AdviceRequest.objects.get()
    assert response["Location"] == reverse("support_team:advice", args=[team.slug, advice.pk])
    assert advice.created_by == personas["member"] and advice.state == "new"
    inbox = text(support_client.get(reverse("support:inbox")))
    assert "LocalZero Teststadt" in inbox and "Klimabeirat" in inbox and "neu" in inbox
    assert "1 offene Anfrage" in inbox
    bell = text(support_client.get(reverse("notifications:list")))
    assert "LocalZero Teststadt fragt die Supportorganisation: „Klimabeirat“" in bell


def test_a_request_needs_a_step_or_a_topic(personas, member_client):
    response = ask(member_client, personas["team"], topic="")
    assert response.status_code == 400
    assert "Wähle einen Paketschritt oder nenne ein Thema." in text(response)


def test_the_step_page_offers_to_ask_about_the_step(personas, member_client):
    step = Step.objects.get(package__key="klimabeirat", key="administration")
    page = member_client.get(
        reverse("packages:step", args=[personas["team"].slug, "klimabeirat", step.key])
    )
    link = f"/t/{personas['team'].slug}/support/advice/?step={step.pk}"
    assert link in page.content.decode()
    form = member_client.get(link).context["form"]
    assert str(form["step"].value()) == str(step.pk)


def test_staff_answer_and_the_team_gets_a_mail(
    personas, member_client, support_client, django_capture_on_commit_callbacks
):
    team = personas["team"]
    ask(member_client, team)
    advice = AdviceRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(
            reverse("support:advice", args=[advice.pk]),
            {"text": "Sprecht zuerst die Klimaleitstelle an."},
        )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.state == "waiting" and advice.assignee == personas["support"]
    assert advice.first_answer_at is not None
    assert [m.to for m in mail.outbox] == [[personas["member"].email]]
    assert "Die Supportorganisation hat auf eure Anfrage „Klimabeirat“ geantwortet" in (
        mail.outbox[0].subject + mail.outbox[0].body
    )
    page = text(member_client.get(reverse("support_team:advice", args=[team.slug, advice.pk])))
    assert "Sprecht zuerst die Klimaleitstelle an." in page and "wartet auf das Team" in page

    # the team answers back: the assignee is notified, the request waits for staff again
    member_client.post(
        reverse("support_team:advice", args=[team.slug, advice.pk]), {"text": "Danke, gemacht."}
    )
    advice.refresh_from_db()
    assert advice.state == "assigned"
    bell = text(support_client.get(reverse("notifications:list")))
    assert "LocalZero Teststadt hat in der Anfrage „Klimabeirat“ geantwortet" in bell


def test_staff_see_only_what_the_team_put_into_the_request(personas, member_client, support_client):
    from klimapakete.actors.directory.services import actor_create

    team = personas["team"]
    actor_create(team=team, user=personas["coordinator"], name="Bürgermeisterin Beate Bauer")
    ask(member_client, team)
    advice = AdviceRequest.objects.get()
    for url in (reverse("support:advice", args=[advice.pk]), reverse("support:inbox"), "/support/"):
        html = support_client.get(url).content.decode()
        assert "Beate Bauer" not in html
        assert personas["coordinator"].name not in html
        assert personas["coordinator"].email not in html and personas["member"].email not in html
    # the team's own pages stay closed to staff
    for name in ("teams:dashboard", "teams:members", "actors:list"):
        assert support_client.get(reverse(name, args=[team.slug])).status_code == 404


def test_closing_asks_both_sides_for_a_summary(personas, member_client, support_client):
    team = personas["team"]
    ask(member_client, team)
    advice = AdviceRequest.objects.get()
    support_client.post(reverse("support:advice", args=[advice.pk]), {"text": "Antwort"})
    member_client.post(
        reverse("support_team:advice_close", args=[team.slug, advice.pk]),
        {"summary": "Wir stellen den Antrag im März.", "share_consent": "on"},
    )
    advice.refresh_from_db()
    assert advice.state == "done" and advice.share_consent and advice.closed_at
    staff_page = text(support_client.get(reverse("support:advice", args=[advice.pk])))
    assert "Das Team: Wir stellen den Antrag im März." in staff_page
    assert "Deine Zusammenfassung" in staff_page
    support_client.post(
        reverse("support:advice_close", args=[advice.pk]), {"summary": "Antragsweg erklärt."}
    )
    advice.refresh_from_db()
    assert advice.staff_summary == "Antragsweg erklärt."
    response = member_client.post(
        reverse("support_team:advice", args=[team.slug, advice.pk]), {"text": "Noch was"}
    )
    assert advice.messages.count() == 1
    assert "Diese Anfrage ist abgeschlossen." in text(member_client.get(response["Location"]))


def test_service_figures(personas):
    team, member = personas["team"], personas["member"]
    now = timezone.now()
    answered = []
    for hours in (1, 5, 30):
        advice = services.advice_create(team=team, user=member, topic="x", question="?")
        AdviceRequest.objects.filter(pk=advice.pk).update(
            created_at=now - timedelta(hours=hours + 1)
        )
        advice.refresh_from_db()
        services.advice_reply(
            request=advice,
            user=personas["support"],
            text="a",
            from_staff=True,
            now=advice.created_at + timedelta(hours=hours),
        )
        answered.append(advice)
    waiting = services.advice_create(team=team, user=member, topic="y", question="?")
    AdviceRequest.objects.filter(pk=waiting.pk).update(created_at=now - timedelta(days=3))
    services.advice_close(request=answered[0], summary="ok", from_staff=True)
    figures = service_figures(now)
    assert figures.open == 3
    assert figures.median_first_answer == timedelta(hours=5)
    assert figures.oldest_waiting == now - timedelta(days=3)


def test_the_dashboard_shows_the_figures(personas, support_client):
    services.advice_create(team=personas["team"], user=personas["member"], topic="x", question="?")
    html = text(support_client.get("/support/"))
    assert "1 offene Anfrage" in html and "Median bis zur ersten Antwort" in html


def test_a_member_sees_only_requests_of_their_team(personas, outsider_client):
    advice = services.advice_create(
        team=personas["team"], user=personas["member"], topic="Geheim", question="?"
    )
    other = personas["other_team"]
    page = text(outsider_client.get(reverse("support_team:advice_list", args=[other.slug])))
    assert "Geheim" not in page
    url = reverse("support_team:advice", args=[other.slug, advice.pk])
    assert outsider_client.get(url).status_code == 404


STAFF_ADVICE_URLS = [
    "support:inbox",
    "support:advice",
    "support:advice_assign",
    "support:advice_close",
]


@pytest.mark.parametrize("persona", ["coordinator", "member", "outsider"])
@pytest.mark.parametrize("name", STAFF_ADVICE_URLS)
def test_the_inbox_is_for_staff_only(personas, persona, name):
    advice = services.advice_create(
        team=personas["team"], user=personas["member"], topic="x", question="?"
    )
    url = reverse(name, args=[] if name == "support:inbox" else [advice.pk])
    client = client_for(personas[persona])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "x", "summary": "x"}).status_code == 404
    assert Client().get(url).status_code == 302
    assert advice.messages.count() == 0


def test_staff_assign_a_colleague(personas, support_client):
    from klimapakete.accounts.services import support_staff_grant

    colleague = make_user("kollegin@example.org", "Karla Kollegin")
    support_staff_grant(user=colleague)
    advice = services.advice_create(
        team=personas["team"], user=personas["member"], topic="x", question="?"
    )
    support_client.post(
        reverse("support:advice_assign", args=[advice.pk]), {"assignee": colleague.pk}
    )
    advice.refresh_from_db()
    assert advice.assignee == colleague and advice.state == "assigned"
    # only staff can be assigned
    support_client.post(
        reverse("support:advice_assign", args=[advice.pk]), {"assignee": personas["member"].pk}
    )
    advice.refresh_from_db()
    assert advice.assignee == personas["support"]


def test_the_inbox_runs_a_fixed_number_of_queries(
    personas, support_client, django_assert_max_num_queries
):
    services.advice_create(team=personas["team"], user=personas["member"], topic="x", question="?")
    with django_assert_max_num_queries(30) as captured:
        support_client.get(reverse("support:inbox"))
    for i in range(10):
        services.advice_create(
            team=personas["other_team"],
            user=personas["outsider"],
            question="?",
            step=Step.objects.all()[i],
        )
    with django_assert_max_num_queries(len(captured.captured_queries)):
        support_client.get(reverse("support:inbox"))


def test_the_team_export_holds_its_requests_and_dots(personas):
    from klimapakete.support.tests.factories import open_round
    from klimapakete.teams.exports import team_export_tables

    team = personas["team"]
    advice = services.advice_create(
        team=team, user=personas["member"], topic="Beirat", question="Wie anfangen?"
    )
    services.advice_reply(request=advice, user=personas["support"], text="So.", from_staff=True)
    round_ = open_round(staff=personas["support"])
    services.ballot_cast(
        round_=round_, team=team, user=personas["member"], allocations={round_.needs.first().pk: 2}
    )
    tables = team_export_tables(team)
    assert [r["question"] for r in tables["support_advice_requests"]] == ["Wie anfangen?"]
    assert [m["text"] for m in tables["support_advice_messages"]] == ["So."]
    assert [d["dots"] for d in tables["support_dots"]] == [2]
    assert team_export_tables(personas["other_team"])["support_advice_requests"] == []
