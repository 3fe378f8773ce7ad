"""One registration per letter code (issue #11, finding 4)."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from django.db import connection
from django.urls import reverse

from klimapakete.core.errors import error_message
from klimapakete.selection import letter_codes
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import DeletionLog, LetterCode, Respondent, Selection
from klimapakete.selection.services import retention
from klimapakete.selection.tests.conftest import build_selection

EXTRACT = "Vorname,Strasse,Alter\n" + "".join(
    f"V{i},Weg {i},{'young' if i % 2 else 'old'}\n" for i in range(400)
)


def url(name, selection, **kwargs):
    return reverse(
        f"selection:{name}",
        kwargs={"team_slug": selection.team.slug, "selection_id": selection.pk, **kwargs},
    )


def drawn_codes(selection, member_client) -> list[str]:
    """Switch the mode on, draw addresses and read the codes from the mail merge."""
    letter_codes.mode_set(selection=selection, enabled=True)
    Selection.objects.filter(pk=selection.pk).update(
        panel_size=10, letter_multiplier=10, stratify_by=selection.categories.get(name="age")
    )
    upload = io.BytesIO(EXTRACT.encode())
    upload.name = "extract.csv"
    member_client.post(url("addresses", selection), {"file": upload, "column": "Alter"})
    record = selection.address_draws.get()
    mail_merge = member_client.get(url("address_download", selection, draw_id=record.pk))
    rows = list(csv.reader(io.StringIO(b"".join(mail_merge.streaming_content).decode())))
    assert rows[0][-1] == "Registration code"
    return [row[-1] for row in rows[1:]]


def register(client, selection, registration, code):
    page = reverse("selection_public:register", args=[selection.registration_token])
    name = f"Person {code}"
    data = registration(selection, name=name, contact=f"{code.replace(' ', '')}@example.org")
    return client.post(page, {**data, "letter_code": code}).content.decode()


def test_each_letter_gets_its_own_code_printed_in_the_mail_merge(selection, member_client):
    codes = drawn_codes(selection, member_client)
    assert len(codes) == 140 and len(set(codes)) == 140
    assert LetterCode.objects.filter(selection=selection, used_at=None).count() == 140
    # only hashes are stored
    assert not LetterCode.objects.filter(code_hash__in=codes).exists()
    selection.refresh_from_db()
    from klimapakete.selection.documents import letter_document

    text = str(letter_document(selection, register_url="https://x/r", code_url="https://x/c"))
    assert selection.short_code not in text and "[Registration code]" in text


def test_a_code_registers_one_person_and_unknown_codes_are_refused(
    selection, member_client, client, registration
):
    codes = drawn_codes(selection, member_client)
    before = selection.respondents.count()
    page = register(client, selection, registration, "")
    assert "This field is required" in page
    page = register(client, selection, registration, "XXXX XXXX")
    assert "We do not know this code" in page
    # typing variants: lower case, dashes, no space
    typed = codes[0].lower().replace(" ", "-")
    page = register(client, selection, registration, typed)
    assert "You are registered" in page
    page = register(client, selection, registration, codes[0])
    assert "Someone has already registered with this code" in page
    assert selection.respondents.count() == before + 1
    assert letter_codes.counts(selection) == {"issued": 140, "used": 1}


def test_the_code_page_leads_to_the_form_with_the_code_filled_in(selection, member_client, client):
    codes = drawn_codes(selection, member_client)
    response = client.get(reverse("selection_public:code"), {"code": codes[3].lower()})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Code from your letter" in page and codes[3].lower() in page
    # the selection's own code no longer opens the form
    response = client.get(reverse("selection_public:code"), {"code": selection.short_code})
    assert response.status_code == 200


def test_without_the_mode_the_selection_code_is_enough(selection, client, registration):
    page = reverse("selection_public:register", args=[selection.registration_token])
    assert "Code from your letter" not in client.get(page).content.decode()
    assert "You are registered" in client.post(page, registration(selection)).content.decode()


def test_the_mode_is_fixed_once_addresses_are_drawn_or_the_lottery_committed(
    selection, member_client
):
    drawn_codes(selection, member_client)
    with pytest.raises(SelectionError):
        letter_codes.mode_set(selection=selection, enabled=False)
    other = build_selection(selection.team, title="Zweiter Rat")
    Selection.objects.filter(pk=other.pk).update(status=Selection.Status.COMMITTED)
    other.refresh_from_db()
    with pytest.raises(SelectionError) as error:
        letter_codes.mode_set(selection=other, enabled=True)
    assert "only be switched while registration is open" in error_message(error.value)


def test_retention_deletes_the_unused_codes_and_keeps_the_used_as_counts(
    selection, member_client, client, registration
):
    codes = drawn_codes(selection, member_client)
    register(client, selection, registration, codes[0])
    record = selection.address_draws.get()
    # deleted after the mail merge: the letters still have to be answered
    retention.address_draw_delete(record=record)
    assert LetterCode.objects.filter(selection=selection, used_at=None).count() == 139
    record.addresses_deleted_at = None
    record.save()
    retention.address_draw_delete(record=record, reason=DeletionLog.Reason.RETENTION)
    assert list(LetterCode.objects.filter(selection=selection).values_list("code_hash")) == [
        (None,)
    ]
    assert letter_codes.counts(selection) == {"issued": 1, "used": 1}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_parallel_registrations_cannot_both_use_a_code(personas, member_client):
    selection = build_selection(personas["team"])
    codes = drawn_codes(selection, member_client)
    results = []
    barrier = threading.Barrier(2)

    def attempt(n):
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            letter_codes.register(
                selection=Selection.objects.get(pk=selection.pk),
                code=codes[0],
                name=f"Parallel {n}",
                contact=f"parallel{n}@example.org",
                features={"gender": "f", "age": "old"},
                consent=True,
            )
            results.append("registered")
        except SelectionError as error:
            results.append(error.code)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["letter_code_used", "registered"]
    assert Respondent.objects.filter(name__startswith="Parallel").count() == 1
