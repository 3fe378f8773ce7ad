"""The weekly digest mail: due next steps and contacts going cold, per member, opt-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klimapakete.actors.directory import digest
from klimapakete.actors.models import Actor, Conversation, DigestOptOut


@pytest.fixture
def team(personas):
    return personas["team"]


@pytest.fixture
def something_to_report(team, personas):
    today = timezone.localdate()
    mara = Actor.objects.create(team=team, name="Mara Stadtwerke", owner=personas["member"])
    Conversation.objects.create(
        team=team,
        actor=mara,
        date=today - timedelta(days=20),
        next_step="Send the council motion draft",
        next_step_due=today - timedelta(days=2),
        next_step_owner=personas["member"],
    )
    cold = Actor.objects.create(team=team, name="Kurt Kaltkontakt", contact_rhythm_days=30)
    Conversation.objects.create(team=team, actor=cold, date=today - timedelta(days=45))
    return {"mara": mara, "cold": cold}


def _run(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return digest.digests_enqueue(**kwargs)


def _mails_to(mailoutbox, user):
    return [m for m in mailoutbox if m.to == [user.email]]


def test_a_member_gets_one_mail_with_due_steps_and_cold_contacts(
    team, personas, something_to_report, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://klima.example.org"
    personas["member"].language = "en"
    personas["member"].save()
    counts = _run(django_capture_on_commit_callbacks)
    assert counts == digest.EnqueueCounts(teams=1, mails=2)  # coordinator and member
    [mail] = _mails_to(mailoutbox, personas["member"])
    assert "Weekly digest" in mail.subject and team.name in mail.subject
    assert "Send the council motion draft" in mail.body and "(overdue)" in mail.body
    assert "yours" in mail.body
    assert "Kurt Kaltkontakt" in mail.body and "desired every 30 days" in mail.body
    detail = reverse(
        "actors:detail", kwargs={"team_slug": team.slug, "actor_id": something_to_report["cold"].pk}
    )
    assert f"https://klima.example.org{detail}" in mail.body
    settings_url = reverse("actors:digest_settings", kwargs={"team_slug": team.slug})
    assert f"https://klima.example.org{settings_url}" in mail.body
    html, mime = mail.alternatives[0]
    assert mime == "text/html" and 'lang="en"' in html and "Kurt Kaltkontakt" in html


def test_the_mail_comes_in_the_members_language(
    team, personas, something_to_report, mailoutbox, django_capture_on_commit_callbacks
):
    personas["member"].language = "en"
    personas["member"].save()
    personas["coordinator"].language = "de"
    personas["coordinator"].save()
    _run(django_capture_on_commit_callbacks)
    [english] = _mails_to(mailoutbox, personas["member"])
    [german] = _mails_to(mailoutbox, personas["coordinator"])
    due = timezone.localdate() - timedelta(days=2)
    assert english.body.startswith("Hello Mo Member")
    assert f"{due.day} {due:%b %Y}" in english.body  # "4 Dec 2026", not 12/04/2026
    assert 'lang="de"' in german.alternatives[0][0] and "Clara Coordinator" in german.body
    assert due.strftime("%d.%m.%Y") in german.body


def test_opted_out_members_get_no_mail(
    team, personas, something_to_report, mailoutbox, django_capture_on_commit_callbacks
):
    DigestOptOut.objects.create(team=team, user=personas["member"])
    counts = _run(django_capture_on_commit_callbacks)
    assert counts.mails == 1
    assert _mails_to(mailoutbox, personas["member"]) == []
    assert len(_mails_to(mailoutbox, personas["coordinator"])) == 1


def test_an_opt_out_after_queueing_is_respected(team, personas, something_to_report, mailoutbox):
    DigestOptOut.objects.create(team=team, user=personas["member"])
    sent = digest.send_actor_digest.call(team_id=team.pk, user_id=personas["member"].pk)
    assert sent == 0 and mailoutbox == []


def test_a_former_member_gets_no_mail(team, personas, something_to_report, mailoutbox):
    sent = digest.send_actor_digest.call(team_id=team.pk, user_id=personas["outsider"].pk)
    assert sent == 0 and mailoutbox == []


def test_teams_with_nothing_to_report_send_nothing(
    team, personas, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    fresh = Actor.objects.create(team=team, name="Frieda Frisch", contact_rhythm_days=30)
    Conversation.objects.create(
        team=team,
        actor=fresh,
        date=today - timedelta(days=3),
        next_step="Later",
        next_step_due=today + timedelta(days=40),
    )
    done = Actor.objects.create(team=team, name="Erik Erledigt")
    Conversation.objects.create(
        team=team,
        actor=done,
        date=today - timedelta(days=10),
        next_step="Done already",
        next_step_due=today - timedelta(days=1),
        next_step_done=True,
    )
    counts = _run(django_capture_on_commit_callbacks)
    assert counts == digest.EnqueueCounts(teams=0, mails=0)
    assert mailoutbox == []


def test_the_command_queues_and_the_dry_run_only_counts(
    team, personas, something_to_report, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    call_command("send_actor_digest", "--dry-run")
    assert "would queue 2 digest mail(s) for 1 team(s)" in capsys.readouterr().out
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_actor_digest")
    assert "queued 2 digest mail(s) for 1 team(s)" in capsys.readouterr().out
    assert len(mailoutbox) == 2


def test_members_switch_the_digest_off_and_on(team, personas, member_client):
    settings_url = reverse("actors:digest_settings", kwargs={"team_slug": team.slug})
    page = member_client.get(settings_url)
    assert page.status_code == 200 and 'name="receive"' in page.text and "checked" in page.text
    member_client.post(settings_url, {})
    assert DigestOptOut.objects.filter(team=team, user=personas["member"]).exists()
    member_client.post(settings_url, {"receive": "on"})
    assert not DigestOptOut.objects.filter(team=team, user=personas["member"]).exists()


def test_opt_outs_go_with_the_member_and_the_team(team, personas):
    DigestOptOut.objects.create(team=team, user=personas["member"])
    personas["member"].delete()
    assert not DigestOptOut.objects.exists()
    DigestOptOut.objects.create(team=team, user=personas["coordinator"])
    team.delete()
    assert not DigestOptOut.objects.exists()
