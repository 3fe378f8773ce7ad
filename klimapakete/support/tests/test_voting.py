"""Dot voting on support needs: the ballot's rules, hidden results, the ranking, the seed's
round and who may see and do what."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import client_for, make_user
from klimapakete.support import services, voting
from klimapakete.support.errors import SupportError
from klimapakete.support.models import Allocation, Ballot, Round
from klimapakete.support.selectors import round_results
from klimapakete.support.tests.factories import open_round
from klimapakete.teams.models import Membership


def text(response) -> str:
    """The page as a reader sees it: no tags, single spaces."""
    return " ".join(strip_tags(response.content.decode()).split())


def round_url(team, round_):
    return reverse("support_team:round", args=[team.slug, round_.pk])


def ballot_data(round_, dots: list[int]) -> dict:
    return {f"need-{need.pk}": n for need, n in zip(round_.needs.all(), dots, strict=False)}


# The pure rules


@given(
    allocations=st.dictionaries(st.integers(0, 6), st.integers(-2, 10), max_size=8),
    dots=st.integers(1, 12),
    cap=st.integers(1, 6),
)
def test_a_ballot_passes_only_within_dots_and_cap(allocations, dots, cap):
    problems = voting.ballot_problems(allocations, needs=range(5), dots=dots, cap=cap)
    valid = (
        all(0 <= n <= cap for n in allocations.values())
        and all(need < 5 for need in allocations)
        and sum(allocations.values()) <= dots
    )
    assert (problems == []) == valid


@given(st.dictionaries(st.integers(0, 9), st.integers(0, 20), min_size=1))
def test_ranking_orders_by_dots_and_shares_ranks(totals):
    ranked = voting.rank(totals, sorted(totals))
    assert [r.dots for r in ranked] == sorted(totals.values(), reverse=True)
    for before, after in zip(ranked, ranked[1:], strict=False):
        assert after.rank == (before.rank if after.dots == before.dots else ranked.index(after) + 1)


# Casting


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ballots=st.lists(st.lists(st.integers(0, 5), min_size=4, max_size=4), min_size=1, max_size=5)
)
def test_a_voter_never_exceeds_its_dots_or_the_cap(personas, ballots):
    round_ = open_round(staff=personas["support"], dots=6, cap=3)
    team, member = personas["team"], personas["member"]
    needs = list(round_.needs.values_list("pk", flat=True))
    for dots in ballots:
        with contextlib.suppress(SupportError):
            services.ballot_cast(
                round_=round_,
                team=team,
                user=member,
                allocations=dict(zip(needs, dots, strict=True)),
            )
        ballot = Ballot.objects.filter(round=round_, team=team).first()
        if ballot is None:
            continue
        given_dots = list(ballot.allocations.values_list("dots", flat=True))
        assert sum(given_dots) == ballot.dots_used <= 6
        assert all(1 <= n <= 3 for n in given_dots)
    Round.objects.filter(pk=round_.pk).delete()


def test_the_database_refuses_more_dots_than_the_limit(personas):
    from django.db import IntegrityError, transaction

    round_ = open_round(staff=personas["support"], dots=4)
    ballot = Ballot.objects.create(round=round_, team=personas["team"], dots_limit=4, dots_used=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.filter(pk=ballot.pk).update(dots_used=5)


def test_team_members_share_one_ballot_when_teams_vote(personas):
    round_ = open_round(staff=personas["support"])
    team = personas["team"]
    needs = list(round_.needs.all())
    services.ballot_cast(
        round_=round_, team=team, user=personas["member"], allocations={needs[0].pk: 3}
    )
    services.ballot_cast(
        round_=round_, team=team, user=personas["coordinator"], allocations={needs[1].pk: 2}
    )
    ballot = Ballot.objects.get(round=round_)
    assert dict(ballot.allocations.values_list("need_id", "dots")) == {needs[1].pk: 2}


def test_each_member_has_own_dots_when_members_vote(personas):
    round_ = open_round(staff=personas["support"], voter=Round.Voter.MEMBER)
    team = personas["team"]
    need = round_.needs.first()
    for user in ("member", "coordinator"):
        services.ballot_cast(
            round_=round_, team=team, user=personas[user], allocations={need.pk: 2}
        )
    assert Ballot.objects.filter(round=round_).count() == 2


def test_votes_only_while_open(personas):
    now = timezone.now()
    future = open_round(staff=personas["support"], opens_at=now + timedelta(days=1))
    with pytest.raises(SupportError) as error:
        services.ballot_cast(
            round_=future, team=personas["team"], user=personas["member"], allocations={}
        )
    assert error.value.code == "not_open_yet"
    services.round_close(round_=open_round(staff=personas["support"], title="x"))
    closed = Round.objects.get(title="x")
    with pytest.raises(SupportError) as error:
        services.ballot_cast(
            round_=closed, team=personas["team"], user=personas["member"], allocations={}
        )
    assert error.value.code == "round_closed"


# Pages


def test_a_member_votes_with_a_remaining_dots_counter(personas, member_client):
    round_ = open_round(staff=personas["support"])
    team = personas["team"]
    page = text(member_client.get(round_url(team, round_)))
    assert "8 von 8 Punkten übrig" in page
    response = member_client.post(round_url(team, round_), ballot_data(round_, [3, 2, 0, 0]))
    assert response.status_code == 302
    page = text(member_client.get(round_url(team, round_)))
    assert "3 von 8 Punkten übrig" in page
    assert "Deine Punkte sind gespeichert." in page


def test_too_many_dots_are_refused_in_german(personas, member_client):
    round_ = open_round(staff=personas["support"], dots=4, cap=3)
    response = member_client.post(
        round_url(personas["team"], round_), ballot_data(round_, [3, 3, 0, 0])
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Du hast 4 Punkte; vergeben hast du 6." in html
    response = member_client.post(
        round_url(personas["team"], round_), ballot_data(round_, [4, 0, 0, 0])
    )
    assert (
        "Ein Bedarf kann von jeder Stimme höchstens 3 Punkte bekommen." in response.content.decode()
    )
    assert not Allocation.objects.exists()


def test_results_stay_hidden_until_the_round_closes(personas, member_client, support_client):
    round_ = open_round(staff=personas["support"])
    team = personas["team"]
    needs = list(round_.needs.all())
    member_client.post(round_url(team, round_), ballot_data(round_, [3, 1, 0, 0]))
    staff_url = reverse("support:round", args=[round_.pk])
    csv_url = reverse("support:round_csv", args=[round_.pk])
    for client, url in ((member_client, round_url(team, round_)), (support_client, staff_url)):
        html = client.get(url).content.decode()
        assert 'id="results-h"' not in html and "Bedarfe nach Punkten" not in html
        assert "Die Rangfolge bleibt bis zum Ende der Runde verborgen" in html
        assert client.get(url).context["results"] is None
    staff_page = support_client.get(staff_url).content.decode()
    assert "Bisher hat 1 Team abgestimmt." in staff_page
    assert support_client.get(csv_url).status_code == 404

    assert support_client.post(reverse("support:round_close", args=[round_.pk])).status_code == 302
    html = member_client.get(round_url(team, round_)).content.decode()
    assert "Bedarfe nach Punkten" in html and "1 Team hat teilgenommen" in html
    results = member_client.get(round_url(team, round_)).context["results"]
    assert [(r.need, r.dots, r.rank) for r in results.rows] == [
        (needs[0], 3, 1),
        (needs[1], 1, 2),
        (needs[2], 0, 3),
        (needs[3], 0, 3),
    ]
    csv = support_client.get(csv_url)
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode("utf-8-sig")
    assert "Bedarf 1" in text.splitlines()[1] and ";3;" in text.replace(",", ";")


def test_teams_propose_needs_only_during_the_proposal_phase(personas, member_client):
    now = timezone.now()
    round_ = open_round(staff=personas["support"], proposals_until=now + timedelta(hours=1))
    url = reverse("support_team:propose", args=[personas["team"].slug, round_.pk])
    member_client.post(url, {"proposal-topic": "Beirat", "proposal-title": "Musteranträge"})
    need = round_.needs.get(title="Musteranträge")
    assert need.proposed_by == personas["team"]
    Round.objects.filter(pk=round_.pk).update(proposals_until=now - timedelta(minutes=1))
    member_client.post(url, {"proposal-topic": "Beirat", "proposal-title": "Noch einer"})
    assert not round_.needs.filter(title="Noch einer").exists()


def test_staff_turn_a_ranked_need_into_action_that_voters_see(
    personas, member_client, support_client
):
    round_ = open_round(staff=personas["support"])
    team = personas["team"]
    need = round_.needs.first()
    member_client.post(round_url(team, round_), ballot_data(round_, [2]))
    services.round_close(round_=round_)
    response = support_client.post(
        reverse("support:need_act", args=[need.pk]),
        {
            f"n{need.pk}-status": "in_progress",
            f"n{need.pk}-content_change": "Neuer Leitfaden in A4",
        },
    )
    assert response.status_code == 302
    html = member_client.get(round_url(team, round_)).content.decode()
    assert "in Arbeit" in html and "Neuer Leitfaden in A4" in html


def test_staff_open_a_round_through_the_form(personas, support_client):
    response = support_client.post(
        reverse("support:rounds"),
        {
            "title": "Frühjahr",
            "opens_at": "2027-03-01T10:00",
            "closes_at": "2027-03-15T10:00",
            "voter": "member",
            "dots_per_voter": 8,
            "max_dots_per_need": 3,
        },
    )
    round_ = Round.objects.get(title="Frühjahr")
    assert response["Location"] == reverse("support:round", args=[round_.pk])
    response = support_client.post(
        reverse("support:rounds"),
        {
            "title": "Kaputt",
            "opens_at": "2027-03-15T10:00",
            "closes_at": "2027-03-01T10:00",
            "voter": "member",
            "dots_per_voter": 2,
            "max_dots_per_need": 3,
        },
    )
    html = response.content.decode()
    assert "Die Runde muss nach ihrem Beginn enden." in html
    assert "Ein Bedarf kann nicht mehr Punkte bekommen, als eine Stimme hat." in html


# The seed's round

SEED_DOTS = {
    "Kick-off Workshop": 4,
    "Hilfe beim Aufbau des Workshops (z. B. Leitfaden)": 2,
    "Kontakt zum Institut für partizipatives Gestalten (IPG)": 1,
    "Kompass / Vision-OnePager": 3,
    "Bürger:innen repräsentativ auswählen über die Stadtverwaltung": 3,
    "LocalZero-Forum": 3,
    "Best Practice von LocalZero-Teams": 1,
    "Organizing": 2,
    "Checkliste / To-do-Liste": 1,
    "Leitfaden / Steckbrief zum Klimarat": 5,
    "Hilfe, die Stadtverwaltungsstruktur zu durchschauen und Schlüsselpersonen zu finden": 4,
    "Machtanalyse": 1,
    "Angepasste Workshops für mehrere Teams mit Partnerorganisationen": 3,
    "Definition lokale Klimaneutralität": 2,
    "Kommunikation mit der Klimaleitstelle": 2,
    "Literatur: Was ist ein Klimarat?": 1,
    "Beratungsangebot der Supportorganisation": 1,
    "Netzwerke: Beziehungen aufbauen und pflegen": 1,
}


def test_the_seed_round_has_the_recorded_dots(packages):
    from klimapakete.support.demo import seed_round

    results = round_results(seed_round())
    assert {row.need.title: row.dots for row in results.rows} == SEED_DOTS
    assert results.rows[0].need.title == "Leitfaden / Steckbrief zum Klimarat"
    assert results.offline_dots == 40
    topics = {row.need.topic for row in results.rows}
    assert topics == {
        "Allianz der Schlüsselakteure",
        "Installation eines arbeitsfähigen Klimabeirats",
    }


def test_the_demo_builds_the_seed_round_closed(db, packages):
    from django.core.management import call_command

    call_command("demo_data")
    seed = Round.objects.get(title__startswith="Bundestreffen Herbst 2022")
    assert seed.is_closed()
    assert sum(seed.needs.values_list("offline_dots", flat=True)) == 40
    assert Round.objects.filter(closes_at__gt=timezone.now()).exists()


# Who may see and do what

STAFF_URLS = [
    ("support:rounds", False),
    ("support:round", True),
    ("support:round_close", True),
    ("support:round_csv", True),
]


@pytest.mark.parametrize("persona", ["coordinator", "member", "outsider", "partner"])
@pytest.mark.parametrize("name,with_round", STAFF_URLS)
def test_staff_pages_are_not_found_for_everyone_else(personas, persona, name, with_round):
    round_ = open_round(staff=personas["support"])
    services.round_close(round_=round_)
    if persona == "partner":
        user = make_user("partner@example.org", "Pia Partner")
        from klimapakete.support.models import PartnerOrganisation

        PartnerOrganisation.objects.create(name="Mehr Demokratie e.V.").people.add(user)
    else:
        user = personas[persona]
    url = reverse(name, args=[round_.pk] if with_round else [])
    client = client_for(user)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    response = Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_of_another_team_cannot_vote_for_this_team(personas, outsider_client):
    round_ = open_round(staff=personas["support"])
    response = outsider_client.post(round_url(personas["team"], round_), ballot_data(round_, [1]))
    assert response.status_code == 404
    assert not Ballot.objects.exists()


def test_a_new_member_votes_within_the_team_ballot(personas):
    round_ = open_round(staff=personas["support"])
    newcomer = make_user("neu@example.org", "Nele Neu")
    Membership.objects.create(team=personas["team"], user=newcomer, role="member")
    client_for(newcomer).post(round_url(personas["team"], round_), ballot_data(round_, [1]))
    assert Ballot.objects.get(round=round_).dots_used == 1


def test_the_round_page_runs_a_fixed_number_of_queries(
    personas, member_client, django_assert_max_num_queries
):
    team = personas["team"]
    small = open_round(staff=personas["support"], needs=2)
    big = open_round(staff=personas["support"], needs=15, title="big")
    for round_ in (small, big):
        member_client.post(round_url(team, round_), ballot_data(round_, [1] * 15))
    for phase in ("open", "closed"):
        with django_assert_max_num_queries(40) as captured:
            member_client.get(round_url(team, small))
        with django_assert_max_num_queries(len(captured.captured_queries)):
            member_client.get(round_url(team, big))
        services.round_close(round_=small)
        services.round_close(round_=big)
