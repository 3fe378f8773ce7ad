"""Notifications: the bell, the page, e-mail immediately / as a digest / never, the daily
limit, one-click unsubscribe without logging in, export and deletion."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import client_for
from klimapakete.notifications import kinds
from klimapakete.notifications.models import MailPreference, Notification
from klimapakete.notifications.services import (
    frequency_set,
    notification_create,
)
from klimapakete.notifications.tokens import unsubscribe_token

PING = kinds.register(kinds.Kind("test.ping", "%(actor)s pinged you about %(topic)s"))
QUIET = kinds.register(kinds.Kind("test.quiet", "Quiet news about %(topic)s", mail=kinds.NONE))
URGENT = kinds.register(
    kinds.Kind("test.urgent", "A place for %(topic)s is free", mail=kinds.IMMEDIATE)
)


@pytest.fixture
def notify(personas, django_capture_on_commit_callbacks):
    def send(recipient="member", kind=PING.key, topic="Wärmeplanung", actor="outsider"):
        with django_capture_on_commit_callbacks(execute=True):
            return notification_create(
                recipient=personas[recipient],
                kind=kind,
                url="/teams/",
                params={"topic": topic},
                actor=personas[actor] if actor else None,
                actor_team=personas["other_team"] if actor else None,
            )

    return send


def test_a_notification_is_mailed_at_once_by_default(personas, notify):
    notify()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas["member"].email]
    assert message.subject == "Otto Outsider (LocalZero Anderswo) pinged you about Wärmeplanung"
    assert "/notifications/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_nobody_is_notified_of_their_own_doing(personas, notify):
    assert notify(recipient="outsider", actor="outsider") is None
    assert not Notification.objects.exists()


def test_the_bell_counts_unread_notifications(personas, notify):
    client = client_for(personas["member"])
    notify()
    notify(topic="Radwege")
    header = client.get("/teams/").content.decode().split("<main")[0]
    assert re.search(r'class="bell-count"[^>]*>2<', header)
    assert "Benachrichtigungen: 2 ungelesen" in header
    fragment = client.get(reverse("notifications:bell")).content.decode()
    assert "bell-count" in fragment and "<html" not in fragment
    # Without JavaScript the bell is a plain link to the page.
    assert f'href="{reverse("notifications:list")}"' in header


def test_opening_a_notification_marks_it_read_and_leads_to_its_page(personas, notify):
    note = notify()
    client = client_for(personas["member"])
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Wärmeplanung" in page
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == "/teams/"
    note.refresh_from_db()
    assert note.is_read
    # Nobody opens someone else's notification.
    other = client_for(personas["outsider"]).post(reverse("notifications:open", args=[note.pk]))
    assert other.status_code == 404


def test_mark_all_read(personas, notify):
    notify()
    notify()
    client_for(personas["member"]).post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_digest_readers_get_one_mail_a_day(personas, notify, django_capture_on_commit_callbacks):
    frequency_set(user=personas["member"], frequency=MailPreference.Frequency.DAILY)
    notify(topic="Eins")
    notify(topic="Zwei")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notification_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert "Eins" in mail.outbox[0].body and "Zwei" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Klimapakete: 2 neue Benachrichtigungen"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notification_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1  # each notification is mailed once


def test_a_notification_read_before_the_digest_is_not_mailed(
    personas, notify, django_capture_on_commit_callbacks
):
    frequency_set(user=personas["member"], frequency=MailPreference.Frequency.DAILY)
    note = notify()
    client_for(personas["member"]).post(reverse("notifications:open", args=[note.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_notification_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_never_means_never(personas, notify):
    frequency_set(user=personas["member"], frequency=MailPreference.Frequency.NEVER)
    notify()
    notify(kind=URGENT.key)
    assert mail.outbox == []
    assert Notification.objects.filter(mail="none").count() == 2


def test_urgent_kinds_skip_the_digest_and_quiet_ones_never_mail(personas, notify):
    frequency_set(user=personas["member"], frequency=MailPreference.Frequency.DAILY)
    notify(kind=URGENT.key)
    notify(kind=QUIET.key)
    assert [m.subject for m in mail.outbox] == ["A place for Wärmeplanung is free"]


def test_past_the_daily_limit_mails_wait_for_the_digest(personas, notify, settings):
    settings.NOTIFICATION_MAILS_PER_DAY = 2
    for topic in ("A", "B", "C"):
        notify(topic=topic)
    assert len(mail.outbox) == 2
    assert Notification.objects.get(params__topic="C").mail == "pending"
    page = client_for(personas["member"]).get(reverse("notifications:settings"))
    assert "höchstens 2 E-Mails" in page.content.decode()


def test_the_person_chooses_the_frequency(personas):
    client = client_for(personas["member"])
    response = client.post(reverse("notifications:settings"), {"frequency": "daily"})
    assert response.status_code == 302
    assert MailPreference.objects.get(user=personas["member"]).frequency == "daily"


def test_one_click_unsubscribe_works_without_logging_in(personas):
    token = unsubscribe_token(personas["member"])
    link = reverse("notifications:unsubscribe", args=[token])
    client = Client(enforce_csrf_checks=True)
    page = client.get(link)
    assert page.status_code == 200
    assert not MailPreference.objects.exists()  # GET changes nothing
    # What a mail program sends for RFC 8058 one-click: a POST without session or CSRF token.
    response = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert MailPreference.objects.get(user=personas["member"]).frequency == "never"


def test_a_forged_unsubscribe_link_does_nothing(personas):
    token = unsubscribe_token(personas["member"])
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert Client().post(reverse("notifications:unsubscribe", args=[forged])).status_code == 404
    assert Client().get(reverse("notifications:unsubscribe", args=["x"])).status_code == 404
    assert not MailPreference.objects.exists()


def test_the_personal_export_contains_the_notifications(personas, notify):
    import io
    import json
    import zipfile

    notify()
    response = client_for(personas["member"]).get(reverse("accounts:export"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("personal-data.json"))
    rows = data["tables"]["notifications"]
    assert "pinged you about Wärmeplanung" in rows[0]["text"]
    assert data["tables"]["notification_settings"] == [{"email_frequency": "immediately"}]


def test_a_deleted_actor_shows_as_former_member_without_team(personas, notify):
    from conftest import PASSWORD

    note = notify()
    client_for(personas["outsider"]).post(reverse("accounts:delete"), {"password": PASSWORD})
    note.refresh_from_db()
    assert note.actor is None and note.actor_team is None
    page = client_for(personas["member"]).get(reverse("notifications:list")).content.decode()
    assert "Ehemaliges Mitglied pinged you" in page


def test_deleting_an_account_deletes_its_notifications(personas, notify):
    from conftest import PASSWORD

    notify()
    client_for(personas["member"]).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not Notification.objects.exists()


def test_a_notification_leads_only_into_this_site(personas):
    with pytest.raises(ValueError):
        notification_create(
            recipient=personas["member"], kind=PING.key, url="https://evil.example/", params={}
        )
    with pytest.raises(LookupError):
        notification_create(recipient=personas["member"], kind="nope", url="/", params={})


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_sends_a_notification_mail(personas, settings):
    """With the database task backend, the mail waits for ``db_worker``."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    with transaction.atomic():
        notification_create(
            recipient=personas["member"], kind=PING.key, url="/", params={"topic": "X"}
        )
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert len(mail.outbox) == 1
