"""Look (design, colour, logo), downloads with their history, the preview, the demo."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from klimapakete.kompass.models import Kompass, KompassExport

pytestmark = pytest.mark.django_db


def url(team, name, *args):
    return reverse(name, args=[team.slug, *args])


def image_bytes(size=(300, 120), fmt="PNG", **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#aa3300").save(out, format=fmt, **save)
    return out.getvalue()


def upload(client, team, data: bytes, name="logo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        url(team, "kompass:look"),
        {
            "design": "path",
            "colour": "#0b5394",
            "language": "de",
            "logo_file": SimpleUploadedFile(name, data, content_type="image/png"),
        },
        follow=True,
    )


def test_design_colour_and_a_logo_re_encoded_as_png(personas, member_client):
    team = personas["team"]
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    upload(member_client, team, image_bytes(fmt="JPEG", exif=exif), name="logo.jpg")
    kompass = Kompass.objects.get(team=team)
    assert (kompass.design, kompass.colour) == ("path", "#0b5394")
    logo = Image.open(io.BytesIO(bytes(kompass.logo)))
    assert logo.format == "PNG" and logo.size == (300, 120)
    assert b"secret description" not in bytes(kompass.logo)


def test_a_logo_is_checked_by_its_content_not_its_name(personas, member_client):
    team = personas["team"]
    response = upload(member_client, team, b"<svg onload=alert(1)>", name="logo.png")
    assert "Das Logo muss ein PNG-, JPEG-, GIF- oder WebP-Bild sein." in response.content.decode()
    assert not Kompass.objects.get(team=team).logo


def test_a_logo_too_large_or_with_too_many_pixels_is_refused(personas, member_client, settings):
    team = personas["team"]
    settings.KOMPASS_LOGO_MAX_BYTES = 2000
    response = upload(member_client, team, image_bytes(size=(800, 800)) + b"\0" * 3000)
    assert "höchstens 1 KB" in response.content.decode()
    settings.KOMPASS_LOGO_MAX_BYTES = 10_000_000
    settings.KOMPASS_LOGO_MAX_PIXELS = 100_000
    response = upload(member_client, team, image_bytes(size=(1000, 1000)))
    assert "zu viele Pixel" in response.content.decode()
    assert not Kompass.objects.get(team=team).logo


def test_an_invalid_colour_is_refused(personas, member_client):
    team = personas["team"]
    member_client.post(
        url(team, "kompass:look"), {"design": "wheel", "colour": "red;}", "language": "de"}
    )
    assert not Kompass.objects.filter(team=team, colour="red;}").exists()


def test_a_download_is_kept_and_can_be_downloaded_again(personas, member_client):
    team = personas["team"]
    response = member_client.post(url(team, "kompass:export"), {"format": "a4"})
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''Kompass" in disposition
    version = KompassExport.objects.get(kompass__team=team)
    assert version.design == "wheel" and version.format == "a4"
    assert version.created_by == personas["member"]
    # The team changes its texts; the kept version still has the old ones.
    member_client.post(
        url(team, "kompass:block_save", "header"),
        {"header-headline": "Neue Überschrift", "header-town": "", "header-tagline": ""},
    )
    again = member_client.get(url(team, "kompass:version_download", version.pk))
    assert again["Content-Type"] == "application/pdf"
    from klimapakete.documents.testing import contains

    assert contains(again.content, "Teststadt auf dem Weg zur Klimaneutralität")
    assert not contains(again.content, "Neue Überschrift")
    page = member_client.get(url(team, "kompass:versions")).content.decode()
    assert "Teststadt auf dem Weg zur Klimaneutralität" in page


def test_only_the_newest_versions_are_kept(personas, member_client, settings):
    settings.KOMPASS_VERSIONS_KEPT = 2
    team = personas["team"]
    for fmt in ("a4", "slide_pdf", "slide_png"):
        member_client.post(url(team, "kompass:export"), {"format": fmt})
    assert list(KompassExport.objects.values_list("format", flat=True)) == [
        "slide_png",
        "slide_pdf",
    ]


def test_the_preview_shows_the_texts_as_typed_without_saving(personas, member_client):
    team = personas["team"]
    response = member_client.post(
        url(team, "kompass:preview"),
        {"block": "header", "header-headline": "Vorschau-Text", "page": "square"},
    )
    page = response.content.decode()
    assert 'src="data:image/png;base64,' in page and 'data-page="square"' in page
    assert not Kompass.objects.filter(team=team).exists()
    other = member_client.post(
        url(team, "kompass:preview"),
        {"block": "header", "header-headline": "Ganz anders", "page": "square"},
    ).content.decode()
    assert other != page


def test_previews_are_limited_per_minute(personas, member_client, settings):
    settings.KOMPASS_PREVIEWS_PER_MINUTE = 1
    team = personas["team"]
    member_client.post(url(team, "kompass:preview"), {"page": "square"})
    response = member_client.post(url(team, "kompass:preview"), {"page": "square"})
    assert "Zu viele Vorschauen" in response.content.decode()


def test_the_demo_team_has_a_kompass_in_two_designs_and_its_public_page_on(personas):
    from klimapakete.actors.demo import build_actor_map
    from klimapakete.kompass.demo import build_kompass
    from klimapakete.workshops.demo import build_workshops

    team = personas["team"]
    users = [personas["coordinator"], personas["member"], personas["coordinator"]]
    context = {"team": team, "users": users}
    for build in (build_actor_map, build_workshops, build_kompass):
        build(context=context)
    kompass = Kompass.objects.get(team=team)
    assert set(kompass.exports.values_list("design", flat=True)) == {"wheel", "plain"}
    page = Client().get(reverse("kompass_public:page", args=[kompass.public_slug]))
    assert page.status_code == 200
    assert "Stadtwerke Musterstadt GmbH" in page.content.decode()


def test_the_team_export_holds_the_logo_and_none_of_another_team(personas, member_client):
    import csv
    import zipfile

    from klimapakete.teams.exports import team_export_zip

    team, other_team = personas["team"], personas["other_team"]
    upload(member_client, team, image_bytes(size=(300, 120)))
    Kompass.objects.create(team=other_team, logo=image_bytes(size=(50, 50)))
    ours, theirs = (bytes(Kompass.objects.get(team=t).logo) for t in (team, other_team))
    archive = zipfile.ZipFile(io.BytesIO(team_export_zip(team)))
    row = next(csv.DictReader(io.StringIO(archive.read("kompass.csv").decode())))
    assert archive.read(row["logo"]) == ours  # the logo itself, as stored
    assert [n for n in archive.namelist() if n.startswith("files/")] == [row["logo"]]
    assert not any(theirs in archive.read(n) for n in archive.namelist())
    # a team without a logo gets no file and an empty column
    Kompass.objects.filter(team=other_team).update(logo=None)
    others = zipfile.ZipFile(io.BytesIO(team_export_zip(other_team)))
    assert not [n for n in others.namelist() if n.startswith("files/")]
