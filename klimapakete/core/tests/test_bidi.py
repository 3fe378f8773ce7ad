"""A right-to-left override in user text never reaches the database (issue 10, part 12).

A U+202E in a name shows the rest of its line backwards ("grO "detouq" ,live"); it comes
in through forms and uploaded tables, so both entrances remove the bidi controls.
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from klimapakete.core.middleware import BidiControlsMiddleware
from klimapakete.tables import read_table

RLO = "\u202e"
HOSTILE = f"Anna {RLO}Müller\u2066x\u2069, Verein \u202bY\u202c"


def submitted(request) -> dict:
    seen = {}

    def view(request):
        seen.update({key: request.POST.getlist(key) for key in request.POST})
        return HttpResponse()

    BidiControlsMiddleware(view)(request)
    return seen


def test_form_fields_lose_bidi_controls_but_passwords_stay_as_typed():
    request = RequestFactory().post(
        "/", {"name": HOSTILE, "tags": [RLO + "a", "b"], "password": RLO + "geheim"}
    )
    seen = submitted(request)
    assert seen["name"] == ["Anna Müllerx, Verein Y"]
    assert seen["tags"] == ["a", "b"]
    assert seen["password"] == [RLO + "geheim"]


def test_multipart_forms_are_cleaned_and_keep_their_files():
    upload = SimpleUploadedFile("a.csv", b"Name\nA\n")
    request = RequestFactory().post("/", {"title": f"{RLO}Titel", "file": upload})
    seen = {}

    def view(request):
        seen["title"] = request.POST["title"]
        seen["file"] = request.FILES["file"].read()
        return HttpResponse()

    BidiControlsMiddleware(view)(request)
    assert seen == {"title": "Titel", "file": b"Name\nA\n"}


def test_text_with_right_to_left_letters_and_marks_is_kept():
    text = "שלום \u200fעולם – مرحبا"
    assert submitted(RequestFactory().post("/", {"name": text}))["name"] == [text]


def test_uploaded_tables_lose_bidi_controls():
    table = read_table(f'Name,Organisation\n"{HOSTILE}",{RLO}Stadtwerke\n'.encode(), "a.csv")
    assert table.rows == [["Anna Müllerx, Verein Y", "Stadtwerke"]]


def test_a_saved_form_keeps_no_override(coordinator_client, personas):
    from klimapakete.workshops.models import Workshop

    team = personas["team"]
    coordinator_client.post(
        reverse("workshops:create", kwargs={"team_slug": team.slug}),
        {"title": f"Kick-off {RLO}Grünstadt", "date": "2099-05-08", "start_time": "10:00"},
    )
    assert Workshop.objects.get(team=team).title == "Kick-off Grünstadt"
