"""The workshop planner: participants, agenda, breakout plan, printables, personal links."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klimapakete.actors.directory.services import sectors_ensure_defaults
from klimapakete.actors.models import Actor, Sector
from klimapakete.documents.testing import pdf_pages, pdf_text
from klimapakete.teams.exports import team_export_tables
from klimapakete.workshops import selectors, services
from klimapakete.workshops.models import AgendaBlock, BreakoutPlan, Participant, Workshop

HOSTILE = [
    '#import "evil.typ": *',
    "]] #panic(1) [[",
    "$x^2$ and \\ backslash",
    "*bold* _emph_ `raw` <label> @ref",
    "Prof. Dr. Dr. h.c. Maximiliane Müller-Lüdenscheidt-Oberhausen",
    "W" * 80,
    '"); #panic("boom") //',
]


def url(name, team, **kwargs):
    return reverse(name, kwargs={"team_slug": team.slug, **kwargs})


def make_actors(team, sizes=(5, 5, 4, 4, 3, 3)) -> list[Actor]:
    sectors_ensure_defaults(team=team, language="de")
    sectors = list(Sector.objects.filter(team=team).order_by("order"))
    actors = []
    for s, size in enumerate(sizes):
        for n in range(size):
            actors.append(
                Actor.objects.create(
                    team=team, name=f"{sectors[s].name} {n + 1}", sector=sectors[s], kind="person"
                )
            )
    return actors


@pytest.fixture
def workshop(personas):
    team = personas["team"]
    make_actors(team)
    ws = services.workshop_create(
        team=team, title="Kick-off", date=timezone.localdate() + timedelta(days=10), place="VHS"
    )
    services.participants_add_actors(workshop=ws, actors=team.actors.all())
    return ws


def seated_tables(plan: BreakoutPlan, round_index: int) -> dict[str, int]:
    return {pid: g for g, group in enumerate(plan.rounds[round_index]) for pid in group}


# --- The whole flow ------------------------------------------------------------------------


def test_the_whole_flow_through_the_pages(coordinator_client, personas):
    team = personas["team"]
    actors = make_actors(team)
    response = coordinator_client.post(
        url("workshops:create", team),
        {
            "title": "Kick-off Teststadt",
            "date": "2026-09-18",
            "start_time": "14:00",
            "place": "VHS",
        },
    )
    workshop = Workshop.objects.get(team=team)
    assert response.status_code == 302
    assert [b.kind for b in workshop.agenda.all()] == [
        "arrival",
        "welcome",
        "round",
        "round",
        "round",
        "round",
        "plenary",
        "goal",
        "next",
    ]

    response = coordinator_client.post(
        url("workshops:participants_add", team, workshop_id=workshop.pk),
        {"actors": [a.pk for a in actors]},
    )
    assert response.status_code == 302
    sector = team.sectors.first()
    coordinator_client.post(
        url("workshops:guest_add", team, workshop_id=workshop.pk),
        {"name": "Gast Gastfreund", "sector": sector.pk, "email": "gast@example.org"},
    )
    assert workshop.participants.count() == len(actors) + 1
    page = coordinator_client.get(url("workshops:participants", team, workshop_id=workshop.pk))
    assert "Gast Gastfreund" in page.text

    response = coordinator_client.post(
        url("workshops:plan", team, workshop_id=workshop.pk), {"rounds": 3, "group_size": 4}
    )
    assert response.status_code == 302
    plan = BreakoutPlan.objects.get(workshop=workshop)
    assert len(plan.rounds) == 3
    everyone = {str(p.pk) for p in workshop.participants.all()}
    for rnd in plan.rounds:
        assert sorted(pid for group in rnd for pid in group) == sorted(everyone)
    assert plan.metrics["repeated_pairs"] == 0
    assert plan.metrics["sector_clashes"] == 0

    page = coordinator_client.get(url("workshops:plan", team, workshop_id=workshop.pk))
    assert page.status_code == 200
    assert 'id="metric-repeated">0<' in page.text
    assert 'fill="#1b6ca8"' in page.text  # the sector colour as an SVG attribute
    assert " style=" not in page.text

    for name in ("detail", "agenda", "results"):
        assert (
            coordinator_client.get(
                url(f"workshops:{name}", team, workshop_id=workshop.pk)
            ).status_code
            == 200
        )


def test_agenda_times_follow_the_durations(coordinator_client, workshop):
    team = workshop.team
    blocks = list(workshop.agenda.all())
    page = coordinator_client.get(url("workshops:agenda", team, workshop_id=workshop.pk))
    assert "14:00–14:20" in page.text and "14:20–14:35" in page.text
    coordinator_client.post(
        url("workshops:agenda_block_edit", team, block_id=blocks[0].pk),
        {"kind": "arrival", "title": "Ankommen", "minutes": 30, "notes": ""},
    )
    page = coordinator_client.get(url("workshops:agenda", team, workshop_id=workshop.pk))
    assert "14:00–14:30" in page.text and "14:30–14:45" in page.text
    # Moving and removing blocks keeps the times consecutive.
    coordinator_client.post(
        url("workshops:agenda_block_move", team, block_id=blocks[1].pk), {"direction": "up"}
    )
    assert [b.pk for b in workshop.agenda.all()][:2] == [blocks[1].pk, blocks[0].pk]
    coordinator_client.post(url("workshops:agenda_block_delete", team, block_id=blocks[1].pk))
    coordinator_client.post(
        url("workshops:agenda_add", team, workshop_id=workshop.pk),
        {"kind": "break", "title": "Kaffeepause", "minutes": 10, "notes": ""},
    )
    assert AgendaBlock.objects.filter(workshop=workshop).last().title == "Kaffeepause"
    page = coordinator_client.get(url("workshops:agenda", team, workshop_id=workshop.pk))
    assert "14:00–14:30" in page.text  # the removed welcome block no longer takes time
    # htmx gets the partial only
    partial = coordinator_client.post(
        url("workshops:agenda_block_move", team, block_id=blocks[0].pk),
        {"direction": "down"},
        headers={"HX-Request": "true"},
    )
    assert partial.text.lstrip().startswith('<div id="agenda-blocks">')


# --- Swap and re-plan ----------------------------------------------------------------------


def test_a_manual_swap_updates_the_metrics(coordinator_client, workshop):
    team = workshop.team
    plan = services.plan_generate(workshop=workshop, rounds=3, group_size=4, seed=1)
    assert plan.metrics["repeated_pairs"] == 0
    # Swap two people who meet in round 1 so that... find a swap that creates a repeat:
    # a person of table 0 in round 2 goes to the table of someone they met in round 1.
    r1 = plan.rounds[0]
    a = r1[0][0]
    buddy = r1[0][1]
    tables2 = seated_tables(plan, 1)
    target_table = tables2[buddy]
    b = next(pid for pid in plan.rounds[1][target_table] if pid != buddy)
    if tables2[a] == target_table:
        pytest.skip("already together")  # cannot happen in a repeat-free plan
    response = coordinator_client.post(
        url("workshops:plan_swap", team, workshop_id=workshop.pk),
        {"round_number": 2, "first": a, "second": b},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert seated_tables(plan, 1)[a] == target_table
    assert plan.metrics["repeated_pairs"] >= 1
    assert plan.metrics["max_meetings"] == 2
    page = coordinator_client.get(url("workshops:plan", team, workshop_id=workshop.pk))
    assert f'id="metric-repeated">{plan.metrics["repeated_pairs"]}<' in page.text
    # Swapping back restores a repeat-free plan.
    coordinator_client.post(
        url("workshops:plan_swap", team, workshop_id=workshop.pk),
        {"round_number": 2, "first": a, "second": b},
    )
    plan.refresh_from_db()
    assert plan.metrics["repeated_pairs"] == 0


def test_swapping_people_at_one_table_is_refused(coordinator_client, workshop):
    plan = services.plan_generate(workshop=workshop, rounds=2, group_size=4, seed=1)
    a, b = plan.rounds[0][0][:2]
    response = coordinator_client.post(
        url("workshops:plan_swap", workshop.team, workshop_id=workshop.pk),
        {"round_number": 1, "first": a, "second": b},
        follow=True,
    )
    assert "already sit at the same table" in response.text or "am selben Tisch" in response.text


def test_cancellations_replan_the_open_rounds_and_keep_the_held_ones(
    coordinator_client, workshop, settings
):
    # The re-plan is an anytime search; on a loaded machine give it room to finish.
    settings.BREAKOUT_SOLVER_SECONDS = 12
    team = workshop.team
    plan = services.plan_generate(workshop=workshop, rounds=4, group_size=4, seed=3)
    held_before = [list(map(sorted, rnd)) for rnd in plan.rounds[:1]]
    gone = list(workshop.participants.all()[:3])
    for p in gone:
        coordinator_client.post(
            url("workshops:participant_update", team, participant_id=p.pk),
            {"status": "cancelled"},
        )
    late = services.participant_add_guest(
        workshop=workshop, name="Lena Spät", sector=team.sectors.last()
    )
    page = coordinator_client.get(url("workshops:plan", team, workshop_id=workshop.pk))
    assert "Lena Spät" in page.text  # listed as without a seat
    before = BreakoutPlan.objects.get(pk=plan.pk)
    response = coordinator_client.post(
        url("workshops:plan_replan", team, workshop_id=workshop.pk), {"held_rounds": 1}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert [list(map(sorted, rnd)) for rnd in plan.rounds[:1]] == held_before
    assert plan.held_rounds == 1
    gone_ids = {str(p.pk) for p in gone}
    for rnd in plan.rounds[1:]:
        seated = {pid for group in rnd for pid in group}
        assert not seated & gone_ids
        assert str(late.pk) in seated
    assert plan.metrics["size_spread"] <= 1
    # The moves shown are exactly the seat changes against the previous plan.
    for move in plan.moves:
        assert seated_tables(plan, move["round"] - 1)[move["id"]] == move["to"] - 1
        if move["from"] is not None:
            assert seated_tables(before, move["round"] - 1)[move["id"]] == move["from"] - 1
    moved = {m["id"] for m in plan.moves}
    assert str(late.pk) in moved  # the late arrival gets seats
    assert len(moved) < workshop.participants.count() - len(gone)  # not everyone is reseated
    page = coordinator_client.get(url("workshops:plan", team, workshop_id=workshop.pk))
    moves_section = page.text.split('id="moves-h"')[1].split("</section>")[0]
    assert "Lena Spät" in moves_section, moves_section


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "english"),
    [
        ({"rounds": 0, "group_size": 4}, "Please plan at least one round."),
        ({"rounds": 3, "group_size": 1}, "a group size of 1 is too small"),
        (
            {"rounds": 3, "group_size": 99},
            "The group size 99 is larger than the number of people taking part (24)",
        ),
        (
            {"rounds": 3, "group_size": 7, "strict_sectors": "on"},
            "has more people (5) than there are tables (3)",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(personas, workshop, data, english):
    from conftest import client_for

    user = personas["coordinator"]
    user.language = "en"
    user.save(update_fields=["language"])
    client = client_for(user)
    response = client.post(url("workshops:plan", workshop.team, workshop_id=workshop.pk), data)
    assert response.status_code == 400
    assert english in response.text
    assert not BreakoutPlan.objects.filter(workshop=workshop).exists()


def test_a_crowded_sector_is_explained_when_not_strict(coordinator_client, workshop):
    services.plan_generate(workshop=workshop, rounds=2, group_size=7)
    page = coordinator_client.get(url("workshops:plan", workshop.team, workshop_id=workshop.pk))
    assert page.text.count('class="notice warning"') >= 1


def test_messages_exist_for_every_input_error_of_the_solver():
    from klimapakete.workshops.views import PLAN_MESSAGES

    for code in [
        "no_participants",
        "zero_rounds",
        "group_size_too_small",
        "group_size_too_large",
        "sector_too_large",
        "too_many_hosts",
    ]:
        assert code in PLAN_MESSAGES


# --- Printables ------------------------------------------------------------------------------


@pytest.mark.parametrize("document", ["print_tables", "print_cards", "print_schedules"])
def test_printables_are_real_pdfs_even_with_hostile_names(coordinator_client, workshop, document):
    sector = workshop.team.sectors.first()
    for name in HOSTILE:
        services.participant_add_guest(workshop=workshop, name=name, sector=sector)
    services.plan_generate(workshop=workshop, rounds=4, group_size=4, seed=1)
    response = coordinator_client.get(
        url(f"workshops:{document}", workshop.team, workshop_id=workshop.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    pages = pdf_pages(pdf)
    people = workshop.participants.count()
    expected = {
        "print_tables": 4,
        "print_cards": -(-people // 8),
        "print_schedules": -(-people // 6),
    }
    assert pages == expected[document]


def test_hostile_text_comes_out_literally():
    """Typst places the names as text: the PDF's text layer has them verbatim."""
    from klimapakete.documents import render_typst, safe_colour

    data = {
        "title": "#set page(width: 1cm)",
        "subtitle": "$",
        "lang": "de",
        "empty": "-",
        "host_label": "#",
        "rounds": [],
        "people": [
            {"name": n, "sector": "]", "colour": "not-a-colour", "host": False, "lines": []}
            for n in HOSTILE
        ],
    }
    data["people"] = [{**p, "colour": safe_colour(p["colour"])} for p in data["people"]]
    pdf = render_typst("workshops/typst/cards.typ", data)
    assert pdf.startswith(b"%PDF") and pdf_pages(pdf) == 1


def test_the_host_label_sits_with_its_host_never_above_a_guest(coordinator_client, workshop):
    """Each table names its hosts first, each under the label; the label is never
    followed by a guest's name (issue 10, point 7)."""
    hosts = list(workshop.participants.order_by("pk")[:4])
    Participant.objects.filter(pk__in=[p.pk for p in hosts]).update(is_host=True)
    services.plan_generate(workshop=workshop, rounds=2, group_size=5, seed=3)
    response = coordinator_client.get(
        url("workshops:print_tables", workshop.team, workshop_id=workshop.pk)
    )
    host_names = {p.name for p in hosts}
    guest_names = set(workshop.participants.values_list("name", flat=True)) - host_names
    lines = [line.strip() for line in pdf_text(response.content).splitlines() if line.strip()]
    labels = [i for i, line in enumerate(lines) if line.casefold() == "tischmoderator:in"]
    assert labels, lines
    for i in labels:
        assert lines[i + 1] in host_names, lines[i - 1 : i + 2]
        assert lines[i + 1] not in guest_names
    # In every table box, hosts come before guests.
    for block in "\n".join(lines).split("Tisch ")[1:]:
        names = [line for line in block.splitlines()[1:] if line in host_names | guest_names]
        seen_guest = False
        for name in names:
            seen_guest = seen_guest or name in guest_names
            assert not (seen_guest and name in host_names), names


def test_personal_schedules_show_each_rounds_start_time(coordinator_client, workshop):
    services.plan_generate(workshop=workshop, rounds=4, group_size=4, seed=1)
    starts = selectors.round_starts(workshop)
    assert len(starts) == 4
    response = coordinator_client.get(
        url("workshops:print_schedules", workshop.team, workshop_id=workshop.pk)
    )
    text = pdf_text(response.content)
    for number, start in enumerate(starts, 1):
        expected = f"{start:%H:%M}"
        lines = [line for line in text.splitlines() if f"Runde {number}: Tisch" in line]
        assert lines and all(line.startswith(expected) for line in lines), (expected, lines[:2])
    assert pdf_pages(response.content) == -(-workshop.participants.count() // 6)


def test_rounds_beyond_the_agenda_have_no_time(workshop):
    plan = services.plan_generate(workshop=workshop, rounds=2, group_size=4, seed=1)
    AgendaBlock.objects.filter(workshop=workshop, kind="round").exclude(
        pk=AgendaBlock.objects.filter(workshop=workshop, kind="round").order_by("order")[0].pk
    ).delete()
    person = workshop.participants.first()
    lines = selectors.schedule_lines(plan, person, selectors.round_starts(workshop))
    assert lines[0]["starts"] is not None and lines[1]["starts"] is None


# --- Personal link ---------------------------------------------------------------------------


def test_the_personal_link_shows_the_schedule_and_takes_the_answer(client, workshop):
    plan = services.plan_generate(workshop=workshop, rounds=3, group_size=4, seed=1)
    person = workshop.participants.first()
    link = reverse("workshop_personal", kwargs={"token": person.token})
    client.cookies.load({"klimapakete_language": "en"})
    page = client.get(link)
    assert page.status_code == 200
    for t in range(3):
        table = seated_tables(plan, t)[str(person.pk)] + 1
        assert f"Round {t + 1}: Table {table}" in page.text
    assert page["Referrer-Policy"] == "same-origin"
    client.post(link, {"answer": "decline"})
    person.refresh_from_db()
    assert person.status == Participant.Status.DECLINED
    client.post(link, {"answer": "accept"})
    person.refresh_from_db()
    assert person.status == Participant.Status.ACCEPTED


def test_the_personal_page_shows_when_each_round_starts(client, workshop):
    services.plan_generate(workshop=workshop, rounds=4, group_size=4, seed=1)
    person = workshop.participants.first()
    page = client.get(reverse("workshop_personal", kwargs={"token": person.token}))
    for start in selectors.round_starts(workshop):
        assert f'<span class="agenda-time">{start:%H:%M}</span> <span>Runde' in page.text


def test_wrong_expired_and_deleted_links_get_a_clear_page(client, workshop):
    person = workshop.participants.first()
    link = reverse("workshop_personal", kwargs={"token": person.token})
    assert client.get(reverse("workshop_personal", kwargs={"token": "nope"})).status_code == 404
    Workshop.objects.filter(pk=workshop.pk).update(date=timezone.localdate() - timedelta(days=15))
    expired = client.get(link)
    assert expired.status_code == 410
    assert "expired" in expired.text or "abgelaufen" in expired.text
    Workshop.objects.filter(pk=workshop.pk).update(date=timezone.localdate() - timedelta(days=14))
    assert client.get(link).status_code == 200  # still valid on the last day
    workshop.delete()
    assert client.get(link).status_code == 404


def test_invitations_go_out_through_the_task_worker(
    coordinator_client, workshop, django_capture_on_commit_callbacks
):
    workshop.participants.update(email="")
    p = workshop.participants.first()
    p.email = "eingeladen@example.org"
    p.save()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            url("workshops:invitations_send", workshop.team, workshop_id=workshop.pk)
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["eingeladen@example.org"]
    assert p.token in mail.outbox[0].body
    # A second click does not mail again.
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            url("workshops:invitations_send", workshop.team, workshop_id=workshop.pk)
        )
    assert len(mail.outbox) == 1


# --- Personal data, export, results ----------------------------------------------------------


def test_erasing_a_participant_removes_their_seats_and_link(coordinator_client, client, workshop):
    plan = services.plan_generate(workshop=workshop, rounds=2, group_size=4, seed=1)
    person = workshop.participants.first()
    page = coordinator_client.get(
        url("workshops:participant_delete", workshop.team, participant_id=person.pk)
    )
    assert person.name in page.text  # what is stored is shown before deleting
    coordinator_client.post(
        url("workshops:participant_delete", workshop.team, participant_id=person.pk)
    )
    assert not Participant.objects.filter(pk=person.pk).exists()
    plan.refresh_from_db()
    assert all(str(person.pk) not in group for rnd in plan.rounds for group in rnd)
    assert (
        client.get(reverse("workshop_personal", kwargs={"token": person.token})).status_code == 404
    )


def test_the_export_has_workshops_participants_agenda_and_plans(workshop):
    services.plan_generate(workshop=workshop, rounds=2, group_size=4, seed=1)
    tables = team_export_tables(workshop.team)
    assert len(tables["workshops"]) == 1
    assert len(tables["workshop_participants"]) == workshop.participants.count()
    assert len(tables["workshop_agenda"]) == workshop.agenda.count()
    assert len(tables["workshop_plans"]) == 2 * workshop.participants.count()


def test_the_shared_goal_appears_on_the_dashboard(coordinator_client, workshop):
    team = workshop.team
    goal = "Teststadt ist bis 2035 klimaneutral in Strom, Wärme und Mobilität."
    coordinator_client.post(
        url("workshops:results", team, workshop_id=workshop.pk),
        {
            "shared_goal": goal,
            "decisions": "- <script>x</script> **Stammtisch**",
            "goal_adopted": "on",
        },
    )
    dashboard = coordinator_client.get(url("teams:dashboard", team))
    assert goal in dashboard.text
    results = coordinator_client.get(url("workshops:results", team, workshop_id=workshop.pk))
    assert "<strong>Stammtisch</strong>" in results.text
    assert "<script>x</script>" not in results.text


def test_the_plan_page_runs_a_constant_number_of_queries(coordinator_client, personas):
    team = personas["team"]

    def queries_for(sizes):
        Workshop.objects.filter(team=team).delete()
        Actor.objects.filter(team=team).delete()
        make_actors(team, sizes)
        ws = services.workshop_create(team=team, title="Q", date=date(2026, 9, 1))
        services.participants_add_actors(workshop=ws, actors=team.actors.all())
        services.plan_generate(workshop=ws, rounds=3, group_size=4, seed=1)
        with CaptureQueriesContext(connection) as ctx:
            assert (
                coordinator_client.get(url("workshops:plan", team, workshop_id=ws.pk)).status_code
                == 200
            )
        with CaptureQueriesContext(connection) as ctx2:
            assert (
                coordinator_client.get(
                    url("workshops:participants", team, workshop_id=ws.pk)
                ).status_code
                == 200
            )
        return len(ctx), len(ctx2)

    assert queries_for((3, 3, 2)) == queries_for((6, 6, 5, 5, 4))


@pytest.mark.parametrize("name", ["list", "agenda"])
def test_wide_tables_scroll_inside_their_box_on_a_phone(coordinator_client, workshop, name):
    team = workshop.team
    kwargs = {"workshop_id": workshop.pk} if name == "agenda" else {}
    page = coordinator_client.get(url(f"workshops:{name}", team, **kwargs)).content.decode()
    assert re.search(r'<div class="table-wrap">\s*<table', page)


def test_a_huge_actor_id_is_refused_not_a_server_error(coordinator_client, workshop):
    team = workshop.team
    response = coordinator_client.post(
        url("workshops:participants_add", team, workshop_id=workshop.pk),
        {"actors": "99999999999999999999999"},
    )
    assert response.status_code == 302


def test_a_declined_person_sees_that_they_declined_and_can_change_their_mind(client, workshop):
    services.plan_generate(workshop=workshop, rounds=3, group_size=4, seed=1)
    person = workshop.participants.first()
    link = reverse("workshop_personal", kwargs={"token": person.token})
    client.post(link, {"answer": "decline"})
    page = client.get(link)
    assert "Sie haben abgesagt" in page.text
    assert "Die Tische sind noch nicht geplant" not in page.text
    assert "Ihre Tische" not in page.text
    assert "Ich kann doch kommen" in page.text
    client.post(link, {"answer": "accept"})
    person.refresh_from_db()
    assert person.status == Participant.Status.ACCEPTED
    again = client.get(link)
    assert "Ihre Tische" in again.text and "Sie haben abgesagt" not in again.text


def test_a_person_cancelled_by_the_team_is_told_so(client, workshop):
    services.plan_generate(workshop=workshop, rounds=3, group_size=4, seed=1)
    person = workshop.participants.first()
    Participant.objects.filter(pk=person.pk).update(status=Participant.Status.CANCELLED)
    page = client.get(reverse("workshop_personal", kwargs={"token": person.token}))
    assert "nicht mehr auf der Liste" in page.text
    assert "noch nicht geplant" not in page.text


def test_a_person_added_after_planning_is_not_told_the_tables_are_unplanned(client, workshop):
    services.plan_generate(workshop=workshop, rounds=3, group_size=4, seed=1)
    late = Participant.objects.create(workshop=workshop, name="Spät Dazu")
    page = client.get(reverse("workshop_personal", kwargs={"token": late.token}))
    assert "noch nicht geplant" not in page.text
    assert "Die Tische sind geplant" in page.text


def test_several_statuses_are_set_in_one_go_or_not_at_all(workshop, personas, member_client):
    team = personas["team"]
    chosen = list(workshop.participants.order_by("pk")[:3])
    page = member_client.get(url("workshops:participants", team, workshop_id=workshop.pk))
    assert 'form="bulk-status"' in page.text and "Status für alle Ausgewählten" in page.text
    response = member_client.post(
        url("workshops:participants_status", team, workshop_id=workshop.pk),
        {"participants": [p.pk for p in chosen], "status": "accepted"},
        follow=True,
    )
    assert "Status für 3 Teilnehmer:innen gesetzt." in response.text
    statuses = dict(workshop.participants.values_list("pk", "status"))
    assert [statuses[p.pk] for p in chosen] == ["accepted"] * 3
    assert list(statuses.values()).count("accepted") == 3
    # one participant of another workshop in the selection: nothing changes
    other = services.workshop_create(team=team, title="Zweiter Termin", date=timezone.localdate())
    stranger = services.participant_add_guest(
        workshop=other, name="Gast", sector=team.sectors.first()
    )
    response = member_client.post(
        url("workshops:participants_status", team, workshop_id=workshop.pk),
        {"participants": [chosen[0].pk, stranger.pk], "status": "declined"},
        follow=True,
    )
    assert "nichts wurde geändert" in response.text
    assert workshop.participants.get(pk=chosen[0].pk).status == "accepted"
    assert Participant.objects.get(pk=stranger.pk).status == "invited"
    # an unknown status changes nothing either
    member_client.post(
        url("workshops:participants_status", team, workshop_id=workshop.pk),
        {"participants": [chosen[0].pk], "status": "vielleicht"},
    )
    assert workshop.participants.get(pk=chosen[0].pk).status == "accepted"
    with pytest.raises(services.WorkshopRuleError):
        services.participants_set_status(
            workshop=workshop, participants=[stranger], status="declined"
        )
    assert Participant.objects.get(pk=stranger.pk).status == "invited"
