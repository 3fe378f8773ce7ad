"""Absolute links follow the address the app is reached at (make run PORT=8101)."""

from __future__ import annotations

from datetime import time, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from klimapakete.core.links import absolute_url
from klimapakete.workshops import services
from klimapakete.workshops.models import RoundTable

HOST = "127.0.0.1:8101"


def test_calendar_link_uids_and_invitation_mail_use_the_requested_host(
    coordinator_client, client, personas, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    team = personas["team"]
    table = services.round_table_create(
        team=team,
        title="Stammtisch",
        place="Rathaus",
        frequency=RoundTable.Frequency.MONTHLY,
        interval=1,
        first_date=timezone.localdate() + timedelta(days=3),
        start_time=time(18, 30),
        description="",
    )
    meeting = services.meeting_create(round_table=table)
    page = coordinator_client.get(
        reverse("workshops:roundtables", kwargs={"team_slug": team.slug}), HTTP_HOST=HOST
    ).content.decode()
    feed = services.calendar_feed_for(team)
    assert f"http://{HOST}/ical/{feed.token}.ics" in page and ":8000" not in page

    body = client.get(f"/ical/{feed.token}.ics", HTTP_HOST=HOST).content.decode()
    assert f"UID:meeting-{meeting.pk}@{HOST}" in body and ":8000" not in body

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse(
                "workshops:meeting_invite",
                kwargs={"team_slug": team.slug, "meeting_id": meeting.pk},
            ),
            {"members": "on"},
            HTTP_HOST=HOST,
        )
    assert mail.outbox and all(f"http://{HOST}/ical/" in m.body for m in mail.outbox)
    assert not any(":8000" in m.body for m in mail.outbox)


def test_outside_a_request_links_use_site_url(settings):
    settings.SITE_URL = "https://klima.example.org"
    assert absolute_url("/ical/abc.ics") == "https://klima.example.org/ical/abc.ics"
