"""The best-practice library: drafts stay in the team, attachments are checked by content
and served as downloads, staff feature and ask, teams share generated documents."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from klimapakete.forum.demo import _pdf, _png
from klimapakete.forum.library.services import (
    attachment_add,
    practice_create,
    practice_publish,
)
from klimapakete.forum.models import Practice, PracticeAttachment
from klimapakete.notifications.models import Notification


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture
def practice(forum):
    return practice_create(
        user=forum["member"],
        team=forum["team"],
        step=forum["category"].step,
        title="Stadtwerke zuerst",
        what_we_did="Wir haben zuerst mit den Stadtwerken gesprochen.",
        town_size="m",
        federal_state="NW",
    )


def test_a_member_writes_a_draft_and_publishes_it(forum):
    client = client_for(forum["member"])
    response = client.post(
        url("library:new"),
        {
            "team": forum["team"].pk,
            "title": "Runder Tisch im Rathaus",
            "step": forum["category"].step.pk,
            "what_we_did": "Wir haben eingeladen.",
            "town_size": "s",
            "federal_state": "NW",
            "show_team": "on",
        },
    )
    practice = Practice.objects.get(title="Runder Tisch im Rathaus")
    assert response["Location"] == url("library:detail", practice_id=practice.pk)
    assert practice.status == "draft" and practice.team == forum["team"]
    outsider = client_for(forum["outsider"])
    assert outsider.get(url("library:detail", practice_id=practice.pk)).status_code == 404
    assert "Runder Tisch" not in outsider.get(url("library:index")).content.decode()

    client.post(url("library:publish", practice_id=practice.pk), {"publish": "1"})
    assert outsider.get(url("library:detail", practice_id=practice.pk)).status_code == 200
    assert "Runder Tisch" in outsider.get(url("library:index")).content.decode()


def test_nobody_publishes_for_a_team_they_are_not_in(forum):
    client = client_for(forum["outsider"])
    response = client.post(
        url("library:new"),
        {
            "team": forum["team"].pk,
            "title": "Fremd",
            "step": forum["category"].step.pk,
            "what_we_did": "x",
            "town_size": "s",
            "federal_state": "NW",
        },
    )
    assert response.status_code == 200
    assert not Practice.objects.filter(title="Fremd").exists()


def test_only_the_team_edits_its_practice(forum, practice):
    practice_publish(practice=practice, publish=True)
    for persona in ("outsider", "support"):
        client = client_for(forum[persona])
        assert client.get(url("library:edit", practice_id=practice.pk)).status_code == 403
        response = client.post(url("library:publish", practice_id=practice.pk), {"publish": "0"})
        assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.is_published


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("bericht.pdf", _pdf(), "pdf"),
        ("foto.png", _png(), "png"),
        ("brief.docx", docx(), "docx"),
        ("brief.odt", odt(), "odt"),
        ("ohne-endung", _pdf(), "pdf"),
    ],
)
def test_attachments_are_recognised_by_content(forum, practice, name, content, kind):
    client = client_for(forum["member"])
    client.post(
        url("library:attachment_upload", practice_id=practice.pk),
        {"file": SimpleUploadedFile(name, content)},
    )
    attachment = PracticeAttachment.objects.get(practice=practice)
    assert attachment.kind == kind
    assert attachment.original_name.endswith(f".{attachment.original_name.rsplit('.', 1)[1]}")


@pytest.mark.parametrize(
    "name, content",
    [
        ("bild.png", b"<svg onload=alert(1)></svg>"),
        ("tabelle.pdf", b"<html><script>alert(1)</script></html>"),
        ("archiv.docx", b"PK\x03\x04 not really a zip"),
        ("leer.pdf", b""),
    ],
)
def test_other_files_are_refused(forum, practice, name, content):
    response = client_for(forum["member"]).post(
        url("library:attachment_upload", practice_id=practice.pk),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert not PracticeAttachment.objects.exists()
    assert "message error" in response.content.decode()


def test_attachments_have_a_size_and_count_limit(forum, practice, settings):
    settings.LIBRARY_ATTACHMENT_MAX_BYTES = 100
    response = client_for(forum["member"]).post(
        url("library:attachment_upload", practice_id=practice.pk),
        {"file": SimpleUploadedFile("gross.pdf", _pdf() + b" " * 200)},
        follow=True,
    )
    assert "zu groß" in response.content.decode()
    settings.LIBRARY_ATTACHMENT_MAX_BYTES = 10_000
    settings.LIBRARY_ATTACHMENTS_PER_PRACTICE = 1
    client = client_for(forum["member"])
    for n in range(2):
        response = client.post(
            url("library:attachment_upload", practice_id=practice.pk),
            {"file": SimpleUploadedFile(f"{n}.pdf", _pdf())},
            follow=True,
        )
    assert PracticeAttachment.objects.count() == 1
    assert "höchstens 1 Anhang" in response.content.decode()


def test_downloads_are_attachments_with_safe_headers(forum, practice, settings):
    attachment = attachment_add(
        user=forum["member"],
        practice=practice,
        upload=SimpleUploadedFile("Plan für Köln.pdf", _pdf()),
    )
    # Stored outside the web root, under a random name.
    path = attachment.file.path
    assert path.startswith(str(settings.MEDIA_ROOT)) and "Köln" not in path
    outsider = client_for(forum["outsider"])
    assert outsider.get(url("library:attachment", attachment_id=attachment.pk)).status_code == 404
    practice_publish(practice=practice, publish=True)
    response = outsider.get(url("library:attachment", attachment_id=attachment.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Plan%20f%C3%BCr%20K%C3%B6ln.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == _pdf()


def test_deleting_the_team_removes_its_practices_and_files(
    forum, practice, django_capture_on_commit_callbacks
):
    import os

    attachment = attachment_add(
        user=forum["member"], practice=practice, upload=SimpleUploadedFile("a.pdf", _pdf())
    )
    path = attachment.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(forum["coordinator"]).post(
            reverse("teams:delete", kwargs={"team_slug": forum["team"].slug}),
            {"confirm_name": forum["team"].name},
        )
    assert response.status_code == 302
    assert not Practice.objects.filter(pk=practice.pk).exists()
    assert not os.path.exists(path)


def test_a_removed_attachment_file_is_deleted(forum, practice, django_capture_on_commit_callbacks):
    import os

    attachment = attachment_add(
        user=forum["member"], practice=practice, upload=SimpleUploadedFile("a.pdf", _pdf())
    )
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        client_for(forum["member"]).post(
            url("library:attachment_delete", attachment_id=attachment.pk)
        )
    assert not os.path.exists(path)


def test_usefulness_sorts_and_filters_narrow(forum, practice):
    other = practice_create(
        user=forum["outsider"],
        team=forum["other_team"],
        step=forum["category"].step,
        title="Kleine Gemeinde",
        what_we_did="Alle eingeladen.",
        town_size="xs",
        federal_state="BY",
    )
    for item in (practice, other):
        practice_publish(practice=item, publish=True)
    client = client_for(forum["coordinator"])
    client.post(url("library:react", practice_id=other.pk), {"kind": "helped"})
    listed = list(client.get(url("library:index")).context["page"])
    assert listed[:2] == [other, practice]
    by_state = list(client.get(url("library:index"), {"federal_state": "NW"}).context["page"])
    assert by_state == [practice]
    by_size = list(client.get(url("library:index"), {"town_size": "xs"}).context["page"])
    assert by_size == [other]
    by_step = client.get(url("library:index"), {"step": forum["category"].step.pk})
    assert set(by_step.context["page"]) == {practice, other}
    assert list(client.get(url("library:index"), {"package": "klimabeirat"}).context["page"]) == []


def test_staff_feature_a_practice_and_it_shows_on_the_step_page(forum, practice):
    practice_publish(practice=practice, publish=True)
    client_for(forum["support"]).post(
        url("library:feature", practice_id=practice.pk), {"featured": "1"}
    )
    practice.refresh_from_db()
    assert practice.featured_at is not None
    step = practice.step
    page = client_for(forum["outsider"]).get(
        reverse(
            "packages:step",
            kwargs={
                "team_slug": forum["other_team"].slug,
                "package_key": step.package.key,
                "step_key": step.key,
            },
        )
    )
    html = page.content.decode()
    assert "Von anderen Teams" in html and "Stadtwerke zuerst" in html
    assert "Andere Teams zu diesem Schritt fragen" in html
    # Members cannot feature.
    response = client_for(forum["member"]).post(
        url("library:feature", practice_id=practice.pk), {"featured": "0"}
    )
    assert response.status_code == 404


def test_staff_ask_a_team_to_share(forum):
    response = client_for(forum["support"]).post(
        url("library:share_request"),
        {
            "team": forum["team"].pk,
            "step": forum["category"].step.pk,
            "message": "Eure Akteurslandkarte war toll – teilt ihr sie?",
        },
    )
    assert response.status_code == 302
    note = Notification.objects.get(recipient=forum["coordinator"])
    assert note.kind == "library.share_request"
    assert note.url.startswith(url("library:new") + f"?team={forum['team'].slug}")
    assert not Notification.objects.filter(recipient=forum["member"]).exists()
    form = client_for(forum["coordinator"]).get(note.url).context["form"]
    assert form.initial["team"] == forum["team"]
    assert form.initial["step"] == forum["category"].step


def test_a_team_shares_its_workshop_agenda_without_names(forum):
    from datetime import date

    from klimapakete.workshops.models import AgendaBlock, Participant, Workshop

    team = forum["team"]
    workshop = Workshop.objects.create(
        team=team, title="Auftakt", date=date(2027, 3, 1), facilitators="Frida Fischer"
    )
    AgendaBlock.objects.create(
        workshop=workshop, order=1, title="Begrüßung durch Mo Member", minutes=15
    )
    AgendaBlock.objects.create(
        workshop=workshop, order=2, title="Runde mit Frida", minutes=45, notes="Tel. 0171 1234567"
    )
    Participant.objects.create(workshop=workshop, name="Paula Privat")
    client = client_for(forum["member"])
    share_url = reverse(
        "library_share:confirm",
        kwargs={"team_slug": team.slug, "source": "workshops.agenda", "object_id": workshop.pk},
    )
    assert (
        "Auftakt"
        in client.get(
            reverse("library_share:list", kwargs={"team_slug": team.slug})
        ).content.decode()
    )
    preview = client.get(share_url).context["form"].initial["text"]
    assert "Begrüßung durch […]" in preview and "Runde mit […]" in preview
    assert "0171" not in preview and "Member" not in preview
    # Without the confirmation nothing is shared.
    data = {"title": "Agenda Auftakt", "town_size": "m", "text": preview}
    assert client.post(share_url, data).status_code == 200
    assert not Practice.objects.exists()
    # A name typed back in is removed again.
    data.update(confirmed="on", text=preview + "\nDanke an Paula Privat!")
    response = client.post(share_url, data)
    practice = Practice.objects.get()
    assert response["Location"] == url("library:detail", practice_id=practice.pk)
    assert practice.is_published and practice.template_source == "workshops.agenda"
    assert "Paula" not in practice.template_text and "Privat" not in practice.template_text
    # Another team's workshop cannot be shared through this team.
    other = Workshop.objects.create(team=forum["other_team"], title="X", date=date(2027, 1, 1))
    foreign = reverse(
        "library_share:confirm",
        kwargs={"team_slug": team.slug, "source": "workshops.agenda", "object_id": other.pk},
    )
    assert client.get(foreign).status_code == 404


def test_the_team_export_contains_its_practices(forum, practice):
    import json

    response = client_for(forum["coordinator"]).post(
        reverse("teams:export", kwargs={"team_slug": forum["team"].slug})
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("team.json"))
    assert [p["title"] for p in data["tables"]["best_practices"]] == ["Stadtwerke zuerst"]


def test_the_team_export_holds_the_files_of_its_practices(forum, practice):
    import csv

    content = _pdf()
    attachment_add(
        user=forum["member"], practice=practice, upload=SimpleUploadedFile("Ablauf.pdf", content)
    )
    response = client_for(forum["coordinator"]).post(
        reverse("teams:export", args=[forum["team"].slug])
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    table = archive.read("best_practice_attachments.csv").decode()
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [(r["practice"], r["name"]) for r in rows] == [("Stadtwerke zuerst", "Ablauf.pdf")]
    assert archive.read(rows[0]["file"]) == content
