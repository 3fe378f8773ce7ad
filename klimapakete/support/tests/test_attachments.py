"""Files on advisory requests: the forum's checks and storage, the team and staff only."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from klimapakete.support.models import AdviceAttachment
from klimapakete.support.services import advice_create

PDF = b"%PDF-1.4\n% Plan\n"


def _advice(personas):
    return advice_create(
        team=personas["team"], user=personas["member"], topic="Beirat", question="Wie anfangen?"
    )


def test_team_and_staff_attach_files_and_both_download_them(personas, settings):
    advice = _advice(personas)
    team_url = reverse("support_team:advice", args=[personas["team"].slug, advice.pk])
    member = client_for(personas["member"])
    response = member.post(
        team_url,
        {"text": "Unser Entwurf", "file": SimpleUploadedFile("Entwurf Köln.pdf", PDF)},
        follow=True,
    )
    assert "Entwurf Köln.pdf" in response.content.decode()
    support = client_for(personas["support"])
    support.post(
        reverse("support:advice", args=[advice.pk]),
        {
            "text": "Hier ein Muster",
            "file": SimpleUploadedFile("muster.png", b"\x89PNG\r\n\x1a\n.."),
        },
    )
    ours, theirs = AdviceAttachment.objects.order_by("pk")
    assert (ours.from_staff, theirs.from_staff) == (False, True)
    assert theirs.original_name == "muster.png" and theirs.kind == "png"
    # stored under MEDIA_ROOT, outside the web root, under a random name
    assert ours.file.path.startswith(str(settings.MEDIA_ROOT)) and "Köln" not in ours.file.path

    staff_page = support.get(reverse("support:advice", args=[advice.pk])).content.decode()
    assert "Entwurf Köln.pdf" in staff_page and "muster.png" in staff_page
    download = support.get(reverse("support:advice_file", args=[ours.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == PDF
    team_file = reverse(
        "support_team:advice_file", args=[personas["team"].slug, advice.pk, theirs.pk]
    )
    assert client_for(personas["coordinator"]).get(team_file).status_code == 200


def test_nobody_else_downloads_them(personas):
    advice = _advice(personas)
    client_for(personas["member"]).post(
        reverse("support_team:advice", args=[personas["team"].slug, advice.pk]),
        {"text": "Anbei", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    attachment = AdviceAttachment.objects.get()
    outsider = client_for(personas["outsider"])
    assert outsider.get(reverse("support:advice_file", args=[attachment.pk])).status_code == 404
    other_slug = personas["other_team"].slug
    url = reverse("support_team:advice_file", args=[other_slug, advice.pk, attachment.pk])
    assert outsider.get(url).status_code == 404


def test_files_are_checked_by_content_size_and_count(personas, settings):
    advice = _advice(personas)
    url = reverse("support_team:advice", args=[personas["team"].slug, advice.pk])
    member = client_for(personas["member"])
    fake = SimpleUploadedFile("tabelle.pdf", b"<html><script>alert(1)</script></html>")
    response = member.post(url, {"text": "x", "file": fake}, follow=True)
    assert AdviceAttachment.objects.count() == 0
    assert advice.messages.count() == 0  # nothing half-sent
    assert "docx" in response.content.decode()  # the allowed types are named
    settings.SUPPORT_ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("gross.pdf", PDF + b" " * 100)
    assert "zu groß" in member.post(url, {"text": "x", "file": big}, follow=True).content.decode()
    settings.SUPPORT_ATTACHMENT_MAX_BYTES, settings.SUPPORT_ATTACHMENTS_PER_REQUEST = 10_000, 1
    for n in range(2):
        response = member.post(
            url, {"text": "x", "file": SimpleUploadedFile(f"{n}.pdf", PDF)}, follow=True
        )
    assert AdviceAttachment.objects.count() == 1
    assert "höchstens 1 Anhang" in response.content.decode()


def test_deleting_the_team_removes_the_files(personas, django_capture_on_commit_callbacks):
    import os

    advice = _advice(personas)
    client_for(personas["member"]).post(
        reverse("support_team:advice", args=[personas["team"].slug, advice.pk]),
        {"text": "Anbei", "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    path = AdviceAttachment.objects.get().file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        personas["team"].delete()
    assert not os.path.exists(path)


def _past_event():
    from datetime import timedelta

    from django.utils import timezone

    from klimapakete.support.models import PartnerEvent
    from klimapakete.support.tests.factories import partner_event

    event = partner_event(materials_link="https://example.org/folien")
    past = timezone.now() - timedelta(days=1)
    PartnerEvent.objects.filter(pk=event.pk).update(
        starts_at=past - timedelta(hours=2), ends_at=past, registration_until=past
    )
    return event


def test_staff_upload_materials_after_a_workshop_and_teams_download_them(personas):
    from klimapakete.support.models import EventMaterial

    event = _past_event()
    support = client_for(personas["support"])
    upload_url = reverse("support:event_materials", args=[event.pk])
    fake = SimpleUploadedFile("folien.pdf", b"<script>alert(1)</script>")
    assert "docx" in support.post(upload_url, {"file": fake}, follow=True).content.decode()
    assert not EventMaterial.objects.exists()
    response = support.post(
        upload_url, {"file": SimpleUploadedFile("Folien Köln.pdf", PDF)}, follow=True
    )
    assert "Folien Köln.pdf" in response.content.decode()
    # a new upload replaces the file
    support.post(upload_url, {"file": SimpleUploadedFile("Folien neu.pdf", PDF)})
    material = EventMaterial.objects.get()
    assert material.original_name == "Folien neu.pdf"

    team = personas["team"]
    member = client_for(personas["member"])
    page = member.get(reverse("support_team:event", args=[team.slug, event.pk])).content.decode()
    assert "Material: Folien neu.pdf" in page and "https://example.org/folien" in page
    download = member.get(reverse("support_team:event_materials", args=[team.slug, event.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == PDF
    # an outsider of the support organisation cannot upload or download on the staff side
    outsider = client_for(personas["outsider"])
    assert outsider.get(upload_url).status_code == 404
    assert outsider.post(upload_url, {"file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404


def _ask(client, team, **extra):
    values = {
        "topic": "Klimabeirat",
        "question": "Passt unser Satzungsentwurf?",
        "urgency": "normal",
        "contact": "reply",
        **extra,
    }
    return client.post(reverse("support_team:advice_list", args=[team.slug]), values, follow=True)


def test_the_first_question_can_carry_a_file(personas):
    from klimapakete.support.models import AdviceRequest

    team = personas["team"]
    member = client_for(personas["member"])
    form = member.get(reverse("support_team:advice_list", args=[team.slug])).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form
    response = _ask(member, team, file=SimpleUploadedFile("Satzung Entwurf.pdf", PDF))
    advice = AdviceRequest.objects.get()
    assert "Satzung Entwurf.pdf" in response.content.decode()  # the request's page
    attachment = AdviceAttachment.objects.get()
    assert attachment.request == advice and not attachment.from_staff
    staff_page = client_for(personas["support"]).get(reverse("support:advice", args=[advice.pk]))
    assert "Satzung Entwurf.pdf" in staff_page.content.decode()


def test_a_refused_file_on_the_first_question_sends_nothing(personas):
    from klimapakete.notifications.models import Notification
    from klimapakete.support.models import AdviceRequest

    team = personas["team"]
    fake = SimpleUploadedFile("satzung.pdf", b"<html><script>alert(1)</script></html>")
    response = _ask(client_for(personas["member"]), team, file=fake)
    assert response.status_code == 400
    page = response.content.decode()
    assert "docx" in page and "Passt unser Satzungsentwurf?" in page  # the question stays
    assert not AdviceRequest.objects.exists() and not AdviceAttachment.objects.exists()
    assert not Notification.objects.filter(kind="support.advice_new").exists()


def _export(user, team):
    import zipfile

    response = client_for(user).post(reverse("teams:export", args=[team.slug]))
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_team_export_holds_the_files_of_its_requests(personas):
    import csv

    from klimapakete.support.models import AdviceRequest
    from klimapakete.support.services import advice_reply

    team = personas["team"]
    _ask(client_for(personas["member"]), team, file=SimpleUploadedFile("Entwurf.pdf", PDF))
    png = b"\x89PNG\r\n\x1a\n.."
    advice_reply(
        request=AdviceRequest.objects.get(team=team),
        user=personas["support"],
        text="Muster",
        from_staff=True,
        upload=SimpleUploadedFile("muster.png", png),
    )
    archive = _export(personas["coordinator"], team)
    table = archive.read("support_advice_attachments.csv").decode()
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [(r["name"], r["from_support_organisation"]) for r in rows] == [
        ("Entwurf.pdf", "False"),
        ("muster.png", "True"),
    ]
    assert archive.read(rows[0]["file"]) == PDF  # the file itself, not only its name
    assert archive.read(rows[1]["file"]) == png
    # the other team's export holds none of them
    others = _export(personas["outsider"], personas["other_team"])
    assert not [name for name in others.namelist() if name.startswith("files/")]
