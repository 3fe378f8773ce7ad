"""The team's workflow: plan, respondents, quotas, compute, draw, reserves."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from klimapakete.selection import selectors
from klimapakete.selection.models import Category, Respondent, Run, Selection, Value, match_key
from klimapakete.selection.services import compute as compute_services
from klimapakete.selection.services import setup
from klimapakete.selection.tests.conftest import build_selection
from klimapakete.sortition import draw as sortition_draw
from klimapakete.sortition.cli import read_distribution

HOSTILE = '#import "evil.typ": * $x$ *bold* ] ) \\ <script>=1+1'


def url(name, selection, **kwargs):
    return reverse(
        f"selection:{name}",
        kwargs={"team_slug": selection.team.slug, "selection_id": selection.pk, **kwargs},
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- plan ---------------------------------------------------------------------------------


def test_a_member_creates_a_selection_and_plans_the_letters(personas, member_client):
    team = personas["team"]
    response = member_client.post(
        reverse("selection:list", kwargs={"team_slug": team.slug}),
        {"title": "Klimarat", "panel_size": "20"},
    )
    selection = Selection.objects.get(team=team)
    assert response.status_code == 302
    response = member_client.post(
        url("plan_categories", selection),
        {
            "c-category": ["age", "age", ""],
            "c-value": ["young", "old", ""],
            "c-share": ["40", "60,0", ""],
            "c-response_rate": ["5", "", ""],
        },
        follow=True,
    )
    assert Category.objects.filter(selection=selection).count() == 1
    page = response.content.decode()
    assert "400" in page and "300" in page  # letters per stratum, 25 per seat at 10 %
    assert '<td class="letters-total">700</td>' in page
    assert "Expected pool: about 50 respondents" in page and "Aim: 40 to 60" in page
    assert "smaller than twice the seats" not in page


def test_one_letter_per_seat_and_a_pool_of_one_read_in_the_singular(personas, member_client):
    selection = setup.selection_create(team=personas["team"], title="Klein", panel_size=10)
    selection.letter_multiplier = 1
    selection.save(update_fields=["letter_multiplier"])
    response = member_client.post(
        url("plan_categories", selection),
        {
            "c-category": ["alle", ""],
            "c-value": ["alle", ""],
            "c-share": ["100", ""],
            "c-response_rate": ["10", ""],
        },
        follow=True,
    )
    page = response.content.decode()
    assert "rounded up: 1 letter per seat where 10 % answer" in page
    assert "Expected pool: about 1 respondent (" in page


def test_a_non_numeric_share_saves_nothing(selection, member_client):
    before = list(
        Value.objects.filter(category__selection=selection).values_list("name", flat=True)
    )
    response = member_client.post(
        url("plan_categories", selection),
        {
            "c-category": ["gender", "gender"],
            "c-value": ["f", "x"],
            "c-share": ["fifty", "50"],
            "c-response_rate": ["10", "10"],
        },
    )
    assert any("“fifty”" in m and "not a number" in m for m in messages_of(response))
    after = list(Value.objects.filter(category__selection=selection).values_list("name", flat=True))
    assert after == before


@pytest.mark.parametrize(
    ("share", "rate", "expected"),
    [
        ("1e30", "10", "at most 100 %"),
        ("150", "10", "at most 100 %"),
        ("50", "1e-30", "response rate must be above 0"),
    ],
)
def test_out_of_range_shares_and_rates_are_refused_not_stored(
    personas, member_client, share, rate, expected
):
    selection = setup.selection_create(team=personas["team"], title="Rat", panel_size=10)
    response = member_client.post(
        url("plan_categories", selection),
        {
            "c-category": ["gender", "gender"],
            "c-value": ["f", "m"],
            "c-share": [share, "50"],
            "c-response_rate": [rate, "10"],
        },
    )
    assert response.status_code == 200
    assert any(expected in m for m in messages_of(response))
    assert not Value.objects.filter(category__selection=selection).exists()
    assert member_client.get(url("plan", selection)).status_code == 200


def test_categories_can_be_imported_from_csv(personas, member_client):
    selection = setup.selection_create(team=personas["team"], title="CSV", panel_size=10)
    data = "category;value;share;rate\nDistrict;Nord;50;10\nDistrict;Süd;50;8\n".encode()
    upload = io.BytesIO(data)
    upload.name = "cats.csv"
    member_client.post(url("plan_import", selection), {"file": upload})
    assert list(
        Value.objects.filter(category__selection=selection).values_list("name", flat=True)
    ) == ["Nord", "Süd"]


def test_request_and_letter_are_real_pdfs_even_with_hostile_text(personas, member_client):
    team = personas["team"]
    selection = build_selection(team, title=HOSTILE)
    Category.objects.filter(selection=selection, name="age").update(name=HOSTILE[:60])
    Value.objects.filter(category__selection=selection, name="old").update(name=HOSTILE[:60])
    for name in ("request_pdf", "letter_pdf"):
        response = member_client.get(url(name, selection))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert len(response.content) > 5000


# --- respondents ---------------------------------------------------------------------------


def register_url(selection):
    return reverse("selection_public:register", args=[selection.registration_token])


def test_the_registration_form_requires_consent(selection, client, registration):
    data = registration(selection)
    del data["consent"]
    response = client.post(register_url(selection), data)
    assert response.status_code == 200
    assert "Please confirm that you agree" in response.content.decode()
    assert not selection.respondents.filter(name="Rita Resident").exists()
    response = client.post(register_url(selection), {**data, "consent": "on"})
    person = selection.respondents.get(name="Rita Resident")
    assert person.consent_at is not None
    assert person.number == 13
    assert person.features == {"gender": "f", "age": "young"}


def test_the_registration_form_shows_only_title_team_and_retention(selection, client):
    page = client.get(register_url(selection)).content.decode()
    assert selection.title in page and selection.team.name in page
    assert "30 days after the draw" in page
    assert "Person 1" not in page and "p1@example.org" not in page


def test_an_unknown_token_is_404(db, client):
    assert client.get("/r/not-a-token/").status_code == 404
    assert client.get("/v/not-a-token/").status_code == 404


def upload_file(name: str, text: str):
    f = io.BytesIO(text.encode())
    f.name = name
    return f


def test_import_is_all_or_nothing_with_row_errors(selection, member_client):
    bad = "Name,Contact,gender,age\nA,a@x.de,f,young\nB,b@x.de,q,old\nC,c@x.de,m,\n"
    member_client.post(url("import_upload", selection), {"file": upload_file("p.csv", bad)})
    response = member_client.post(url("import_confirm", selection), {})
    page = response.content.decode()
    assert "Row 3: “q” is not a value of gender" in page
    assert "Row 4: the column “age” is empty." in page
    assert selection.respondents.count() == 12

    good = "Name,Contact,gender,age\nA,a@x.de,f,young\nB,b@x.de,M,old\n"
    member_client.post(url("import_upload", selection), {"file": upload_file("p.csv", good)})
    response = member_client.post(url("import_confirm", selection), {}, follow=True)
    assert "2 respondents have been imported." in messages_of(response)
    assert list(selection.respondents.filter(number__gt=12).values_list("features", flat=True)) == [
        {"gender": "f", "age": "young"},
        {"gender": "m", "age": "old"},
    ]


def test_import_from_xlsx_with_a_column_mapping(selection, member_client):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Wer", "Mail", "G", "A"])
    sheet.append(["Xaver", "x@example.org", "m", "old"])
    data = io.BytesIO()
    book.save(data)
    f = io.BytesIO(data.getvalue())
    f.name = "pool.xlsx"
    member_client.post(url("import_upload", selection), {"file": f})
    mapping = {"map-name": "0", "map-contact": "1", "map-gender": "2", "map-age": "3"}
    member_client.post(url("import_confirm", selection), {**mapping})
    assert selection.respondents.filter(
        name="Xaver", features={"gender": "m", "age": "old"}
    ).exists()


def test_duplicates_are_flagged(selection, member_client):
    Respondent.objects.create(
        selection=selection,
        number=99,
        name="person  1",
        contact="P1@example.org",
        match_key=match_key("person  1", "P1@example.org"),
        features={"gender": "f", "age": "old"},
    )
    page = member_client.get(url("respondents", selection)).content.decode()
    assert "2 entries have the same name and contact as another." in page


def test_a_large_pool_is_shown_in_pages_with_its_duplicates(personas, member_client):
    big = build_selection(personas["team"], n=250, title="Groß")
    Respondent.objects.create(
        selection=big,
        number=251,
        name="PERSON 7",
        contact="p7@example.org",
        match_key=match_key("PERSON 7", "p7@example.org"),
        features={"gender": "f", "age": "old"},
    )
    first = member_client.get(url("respondents", big)).content.decode()
    assert "251 respondents" in first
    assert "Page 1 of 3" in first
    assert first.count('<tr class="duplicate">') == 1  # person 7 on page 1
    assert "2 entries have the same name and contact as another." in first
    last = member_client.get(url("respondents", big) + "?page=3").content.decode()
    assert last.count('<th scope="row">') == 51
    assert last.count('<tr class="duplicate">') == 1  # the second entry on page 3
    assert ">251</th>" in last and ">1</th>" not in last


def test_the_respondents_list_runs_a_constant_number_of_queries(
    personas, member_client, django_assert_max_num_queries
):
    small = build_selection(personas["team"], n=5)
    big = build_selection(personas["team"], n=80, title="Big")
    member_client.get(url("respondents", small))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        member_client.get(url("respondents", small))
    with CaptureQueriesContext(connection) as many:
        member_client.get(url("respondents", big))
    assert len(many) == len(few)


def test_a_respondent_can_be_exported_and_deleted(selection, member_client):
    person = selection.respondents.get(number=3)
    response = member_client.get(url("respondent_export", selection, respondent_id=person.pk))
    assert response.json()["name"] == "Person 3"
    member_client.post(url("respondent_delete", selection, respondent_id=person.pk))
    assert not selection.respondents.filter(pk=person.pk).exists()
    entry = selection.deletion_log.get()
    assert (entry.what, entry.count, entry.reason) == ("respondent", 1, "request")


# --- quotas -----------------------------------------------------------------------------


def quota_data(selection, **overrides):
    data = {}
    for v in Value.objects.filter(category__selection=selection):
        low, high = overrides.get(v.name, (v.quota_min, v.quota_max))
        data[f"min-{v.pk}"], data[f"max-{v.pk}"] = str(low), str(high)
    return data


def test_min_above_max_and_non_numbers_are_refused_and_nothing_is_saved(selection, member_client):
    data = quota_data(selection, f=(3, 1))
    data[f"max-{Value.objects.get(category__selection=selection, name='m').pk}"] = "zwei"
    page = member_client.post(url("quotas", selection), data).content.decode()
    assert "gender = f: min 3 is above max 1." in page
    assert "gender = m: “zwei” is not a whole number ≥ 0." in page
    assert Value.objects.get(category__selection=selection, name="f").quota_min == 2


@pytest.mark.parametrize("cell", ["²", "٣", "99999999999999999999", "100001"])
@pytest.mark.parametrize("name", ["quotas", "quotas_check", "quotas_apply"])
def test_odd_digits_and_huge_quotas_are_refused_with_a_message(
    selection, member_client, name, cell
):
    data = quota_data(selection)
    data[f"max-{Value.objects.get(category__selection=selection, name='m').pk}"] = cell
    suggestions = {f"suggest-{v.pk}": f"{cell}-{cell}" for v in Value.objects.all()}
    response = member_client.post(
        url(name, selection), {**data, **suggestions, "apply": "all"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "not a whole number ≥ 0" in page or "a quota can be at most 100000" in page
    assert Value.objects.get(category__selection=selection, name="m").quota_max == 2


def test_an_odd_suggestion_is_ignored_not_a_server_error(selection, member_client):
    value = Value.objects.get(category__selection=selection, name="m")
    data = {**quota_data(selection), "apply": str(value.pk), f"suggest-{value.pk}": "²-²"}
    assert member_client.post(url("quotas_apply", selection), data).status_code == 302
    value.refresh_from_db()
    assert value.quota_max == 2


def test_live_feasibility_explains_conflicts_and_a_suggestion_can_be_applied(
    selection, member_client
):
    # 3 + 3 women and men cannot make a panel of 4.
    data = quota_data(selection, f=(3, 3), m=(3, 3))
    response = member_client.post(url("quotas_check", selection), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="feasibility"')
    assert "gender: the mins add up to 6, more than the panel size 4." in page
    assert "Smallest change that makes a panel possible:" in page
    assert Value.objects.get(category__selection=selection, name="f").quota_min == 2  # unsaved
    suggestions = {k: v for k, v in _hidden_suggestions(page).items()}
    member_client.post(url("quotas_apply", selection), {**data, **suggestions, "apply": "all"})
    instance = selectors.pool_instance(selection=selection)
    assert selectors.feasibility_check(instance).feasible


def _hidden_suggestions(page: str) -> dict:
    import re

    return dict(re.findall(r'name="(suggest-\d+)" value="(\d+-\d+)"', page))


def test_feasible_quotas_are_confirmed(selection, member_client):
    page = member_client.post(
        url("quotas_check", selection), quota_data(selection)
    ).content.decode()
    assert "The quotas can be met" in page


def test_an_empty_pool_and_k_above_n_are_explained(personas, member_client):
    selection = build_selection(personas["team"], n=0)
    page = member_client.get(url("quotas", selection)).content.decode()
    assert "The pool is empty" in page
    response = member_client.post(url("compute", selection), follow=True)
    assert "The pool is empty: there are no respondents yet." in messages_of(response)
    selection = build_selection(personas["team"], n=3, k=4, title="Small")
    response = member_client.post(url("compute", selection), follow=True)
    assert any(
        "panel size 4 is larger than the number of respondents in the pool (3)" in m
        for m in messages_of(response)
    )
    assert not Run.objects.filter(selection__team=personas["team"]).exists()


# --- compute ----------------------------------------------------------------------------


def compute(selection, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("compute", selection))
    return selection.runs.get()


def test_compute_runs_as_a_task_and_shows_probabilities_and_histogram(
    selection, member_client, django_capture_on_commit_callbacks
):
    run = compute(selection, member_client, django_capture_on_commit_callbacks)
    assert run.status == Run.Status.DONE
    assert run.iterations >= 1
    assert abs(sum(run.probabilities.values()) - selection.panel_size) < 1e-6
    assert run.min_probability > 0
    page = member_client.get(url("compute", selection)).content.decode()
    assert (
        "<svg" in page
        and 'fill="#1d6b3a"' in page
        and "style=" not in page.split("<svg")[1].split("</svg>")[0]
    )
    assert "k/n = 0.3333" in page
    # the certificate of optimality is explained, with the time it took
    assert run.method in ("relaxation", "column_generation")
    assert ("Proven fairest" in page) == (run.method == "relaxation")
    assert "Computing time" in page


def test_a_run_stopped_at_the_time_limit_says_it_may_not_be_the_fairest(
    selection, member_client, django_capture_on_commit_callbacks
):
    run = compute(selection, member_client, django_capture_on_commit_callbacks)
    Run.objects.filter(pk=run.pk).update(result_status="time_limit")
    page = member_client.get(url("compute", selection)).content.decode()
    assert "Stopped at the time limit" in page and "Proven fairest" not in page


def test_the_histogram_has_plain_numbers_in_a_german_page(
    selection, member_client, django_capture_on_commit_callbacks
):
    """SVG coordinates must not be localised ("220,0" is not a length)."""
    import re

    compute(selection, member_client, django_capture_on_commit_callbacks)
    member_client.post("/language/", {"language": "de", "next": "/"})
    page = member_client.get(url("compute", selection)).content.decode()
    svg = page.split("<svg")[1].split("</svg>")[0]
    assert not re.search(r'\b(x|y|x1|x2|y1|y2|width|height)="[^"]*,', svg)


def new_run(selection, **fields) -> Run:
    """A computation record on the current pool and quotas, as the compute view makes it."""
    instance = selectors.pool_instance(selection=selection)
    return Run.objects.create(
        selection=selection, instance=selectors.instance_to_json(instance), **fields
    )


def test_progress_fragment_polls_while_running_and_refreshes_when_done(selection, member_client):
    run = new_run(
        selection,
        status=Run.Status.RUNNING,
        iterations=7,
        current_minimum=0.25,
    )
    response = member_client.get(
        url("run_progress", selection, run_id=run.pk), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert 'hx-trigger="every 2s"' in page and "iteration 7" in page and "0.2500" in page
    Run.objects.filter(pk=run.pk).update(status=Run.Status.DONE)
    response = member_client.get(
        url("run_progress", selection, run_id=run.pk), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"


def test_cancel_stops_the_solver_through_the_progress_callback(
    selection, member_client, monkeypatch
):
    run = new_run(selection)
    real = compute_services.leximin

    def leximin_with_cancel_click(instance, time_limit=None, progress=None):
        Run.objects.filter(pk=run.pk).update(cancel_requested=True)
        return real(instance, time_limit=time_limit, progress=progress)

    monkeypatch.setattr(compute_services, "leximin", leximin_with_cancel_click)
    compute_services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == Run.Status.CANCELLED
    assert run.distribution == []


def test_the_cancel_button_cancels_a_queued_run(selection, member_client):
    run = new_run(selection)
    member_client.post(url("run_cancel", selection, run_id=run.pk))
    run.refresh_from_db()
    assert run.cancel_requested and run.status == Run.Status.CANCELLED


def test_a_run_whose_worker_went_away_can_be_cancelled_and_computed_again(selection, member_client):
    from datetime import timedelta

    from django.utils import timezone

    run = new_run(
        selection,
        status=Run.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )
    member_client.post(url("run_cancel", selection, run_id=run.pk))
    run.refresh_from_db()
    assert run.status == Run.Status.CANCELLED
    member_client.post(url("compute", selection))
    assert selection.runs.count() == 2


def test_a_live_run_is_only_asked_to_stop_and_a_late_result_does_not_undo_a_cancel(
    selection, member_client
):
    from django.utils import timezone

    run = new_run(
        selection,
        status=Run.Status.RUNNING,
        heartbeat_at=timezone.now(),
    )
    member_client.post(url("run_cancel", selection, run_id=run.pk))
    run.refresh_from_db()
    assert run.status == Run.Status.RUNNING and run.cancel_requested
    Run.objects.filter(pk=run.pk).update(status=Run.Status.CANCELLED)
    compute_services._run_finish(run.pk, status=Run.Status.DONE)
    run.refresh_from_db()
    assert run.status == Run.Status.CANCELLED


# --- draw, verification, reserves ---------------------------------------------------------


def drawn(selection, coordinator_client, member_client, capture):
    compute(selection, member_client, capture)
    coordinator_client.post(url("draw_commit", selection), {"kind": "secret"})
    selection.refresh_from_db()
    coordinator_client.post(url("draw_panel", selection), {})
    selection.refresh_from_db()
    return selection


def test_members_cannot_draw(selection, member_client):
    assert member_client.post(url("draw_commit", selection), {"kind": "secret"}).status_code == 403


def test_the_draw_is_reproducible_from_the_published_distribution_and_seed(
    selection,
    coordinator_client,
    member_client,
    client,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    compute(selection, member_client, django_capture_on_commit_callbacks)
    coordinator_client.post(url("draw_commit", selection), {"kind": "secret"})
    selection.refresh_from_db()
    commitment = selection.seed_commitment
    verify = reverse("selection_public:verify", args=[selection.verification_token])
    page = client.get(verify).content.decode()
    assert commitment in page and selection.seed_secret not in page
    coordinator_client.post(url("draw_panel", selection), {})
    selection.refresh_from_db()
    assert selection.status == Selection.Status.DRAWN
    assert sortition_draw.seed_commitment(selection.seed) == commitment
    assert len(selection.drawn_panel) == 4

    page = client.get(verify).content.decode()
    assert selection.seed in page and "klimapakete verify-draw" in page
    assert "Person" not in page and "@example.org" not in page
    csv_text = client.get(
        reverse("selection_public:verify_distribution", args=[selection.verification_token])
    ).content.decode()
    path = tmp_path / "distribution.csv"
    path.write_text(csv_text)
    distribution = read_distribution(path)
    assert sortition_draw.verify_draw(
        distribution, selection.seed, [str(n) for n in selection.drawn_panel]
    )
    assert set(
        selection.respondents.filter(status="selected").values_list("number", flat=True)
    ) == set(selection.drawn_panel)


def test_the_commitment_fixes_the_lottery_too(
    selection,
    coordinator_client,
    member_client,
    client,
    django_capture_on_commit_callbacks,
):
    import hashlib

    # no computation yet: nothing to fix
    response = coordinator_client.post(
        url("draw_commit", selection), {"kind": "secret"}, follow=True
    )
    assert any("no finished computation" in m for m in messages_of(response))
    selection.refresh_from_db()
    assert not selection.committed_at

    run = compute(selection, member_client, django_capture_on_commit_callbacks)
    coordinator_client.post(
        url("draw_commit", selection),
        {"kind": "public", "declaration": "Lotto 6aus49, 2 May 2026"},
    )
    selection.refresh_from_db()
    assert selection.committed_run == run
    page = client.get(
        reverse("selection_public:verify", args=[selection.verification_token]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert selection.distribution_sha256 in page

    # A commitment is final: it cannot be swapped, and pool and quotas are locked.
    response = coordinator_client.post(
        url("draw_commit", selection),
        {"kind": "public", "declaration": "Lotto 6aus49, 9 May 2026"},
        follow=True,
    )
    assert any("already committed to" in m for m in messages_of(response))
    response = member_client.post(url("compute", selection), follow=True)
    assert any("are locked until the draw" in m for m in messages_of(response))
    assert selection.runs.count() == 1

    # Withdrawn publicly (with a reason), the pool may change and a new commitment be made.
    coordinator_client.post(
        url("draw_withdraw", selection),
        {"reason": "A respondent withdrew her consent."},
    )
    respondent = selection.respondents.first()
    respondent.delete()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(url("compute", selection))
    coordinator_client.post(
        url("draw_commit", selection),
        {"kind": "public", "declaration": "Lotto 6aus49, 9 May 2026"},
    )
    coordinator_client.post(url("draw_panel", selection), {"public_value": "1 2 3 4 5 6"})
    selection.refresh_from_db()
    assert selection.drawn_run == selection.committed_run != run
    page = client.get(
        reverse("selection_public:verify", args=[selection.verification_token]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "withdrawn on" in page and "A respondent withdrew her consent." in page
    # the published file has exactly the hash fixed at the commitment
    published = client.get(
        reverse("selection_public:verify_distribution", args=[selection.verification_token])
    ).content
    assert hashlib.sha256(published).hexdigest() == selection.distribution_sha256


def test_a_public_value_seed_is_declared_first_and_entered_at_the_draw(
    selection, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    compute(selection, member_client, django_capture_on_commit_callbacks)
    coordinator_client.post(
        url("draw_commit", selection),
        {"kind": "public", "declaration": "Lotto 6aus49, 2 May 2026"},
    )
    response = coordinator_client.post(url("draw_panel", selection), {})
    assert "Please enter the public random value" in response.content.decode()
    coordinator_client.post(url("draw_panel", selection), {"public_value": "3 14 15 26 35 49"})
    selection.refresh_from_db()
    assert selection.seed == "3 14 15 26 35 49"
    dist = selectors.run_distribution(selection.drawn_run)
    assert sortition_draw.verify_draw(dist, selection.seed, [str(n) for n in selection.drawn_panel])


def panel_meets_quotas(selection) -> bool:
    members = list(selection.respondents.filter(status="selected"))
    if len(members) != selection.panel_size:
        return False
    for v in Value.objects.filter(category__selection=selection).select_related("category"):
        have = sum(1 for m in members if m.features[v.category.name] == v.name)
        if not v.quota_min <= have <= v.quota_max:
            return False
    return True


def test_reserves_replace_dropouts_and_keep_the_quotas(
    personas, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    selection = build_selection(personas["team"], n=24)
    drawn(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    page = member_client.get(url("panel", selection)).content.decode()
    assert "Reserves in order" in page
    for _round in range(3):
        lists = selectors.reserves(selection=selection)
        number = next(int(m) for m, reserves in sorted(lists.items()) if reserves)
        first_reserve = int(lists[str(number)][0])
        member = selection.respondents.get(number=number)
        response = member_client.post(
            url("dropout", selection, respondent_id=member.pk), follow=True
        )
        member.refresh_from_db()
        assert member.status == "dropped", messages_of(response)
        assert selection.respondents.get(number=first_reserve).status == "selected"
        assert panel_meets_quotas(selection)
    assert selection.replacements.count() == 3
    assert {r.method for r in selection.replacements.all()} == {"reserve"}


def test_a_dropout_without_reserves_is_redrawn_from_the_pool(
    personas, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    selection = build_selection(personas["team"], n=8)
    drawn(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    # Use up every interchangeable reserve, then drop out once more.
    for _round in range(4):
        member = selection.respondents.filter(status="selected").first()
        response = member_client.post(
            url("dropout", selection, respondent_id=member.pk), follow=True
        )
        if not panel_meets_quotas(selection):
            # Nobody can take the seat: the drop-out is still recorded, the seat open,
            # and the quota that can no longer be met is named.
            assert any("the seat stays open" in m for m in messages_of(response))
            member.refresh_from_db()
            assert member.status == "dropped"
            assert selection.replacements.last().replacement_number is None
            page = response.content.decode()
            assert "1 seat is open" in page and "Quotas that can no longer be met" in page
            assert selectors.unmet_quotas(selection)
            return
        assert panel_meets_quotas(selection)


def test_the_verification_page_explains_every_replacement(
    personas, coordinator_client, member_client, django_capture_on_commit_callbacks, client
):
    selection = build_selection(personas["team"], n=8)
    drawn(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    for _round in range(4):
        member = selection.respondents.filter(status="selected").first()
        member_client.post(url("dropout", selection, respondent_id=member.pk))
    selection.refresh_from_db()
    replacements = list(selection.replacements.all())
    assert replacements
    page = client.get(
        reverse("selection_public:verify", args=[selection.verification_token]),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "How replacements are chosen" in page
    for i, r in enumerate(replacements, 1):
        if r.method == "open":
            assert f"no. {r.dropout_number} dropped out; nobody left in the pool" in page
            continue
        assert f"no. {r.dropout_number} → no. {r.replacement_number}" in page
        if r.method == "redraw":
            assert f"{selection.seed}:replacement:{i}" in page
        else:
            assert "the first reserve with the same values" in page
    # respondents stay numbers on the public page
    assert not any(
        name and name in page for name in selection.respondents.values_list("name", flat=True)
    )


def test_after_the_draw_a_dropout_does_not_ask_to_compute_again(
    personas, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    selection = build_selection(personas["team"], n=24)
    drawn(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    member = selection.respondents.filter(status="selected").first()
    member_client.post(url("dropout", selection, respondent_id=member.pk))
    page = member_client.get(url("compute", selection)).content.decode()
    assert "Selection probabilities" in page
    assert "please compute again before the draw" not in page


def test_percent_formatted_excel_cells_are_read_as_the_sheet_shows_them(personas, member_client):
    from openpyxl import Workbook

    selection = setup.selection_create(team=personas["team"], title="Rat", panel_size=10)
    book = Workbook()
    sheet = book.active
    sheet.append(["category", "value", "share", "response rate"])
    for value, share in (("f", 0.51), ("m", 0.49)):
        sheet.append(["gender", value, share, 0.1])
        for column in (3, 4):
            sheet.cell(sheet.max_row, column).number_format = "0%"
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "categories.xlsx"
    member_client.post(url("plan_import", selection), {"file": data})
    shares = {
        v.name: (v.population_share, v.response_rate)
        for v in Value.objects.filter(category__selection=selection)
    }
    assert shares == {"f": (51, 10), "m": (49, 10)}
