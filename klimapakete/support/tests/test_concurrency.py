"""Concurrent requests on PostgreSQL: a voter never exceeds its dots, two people never get
the last place. (SQLite serialises writers, so the race needs PostgreSQL.)"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from klimapakete.support import services
from klimapakete.support.errors import SupportError
from klimapakete.support.models import Allocation, Ballot, Registration
from klimapakete.support.tests.factories import open_round, partner_event

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def run_together(jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def worker(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects what happened
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_ballots_of_one_team_never_exceed_its_dots(personas):
    round_ = open_round(staff=personas["support"], dots=6, cap=3, needs=6)
    team = personas["team"]
    needs = list(round_.needs.values_list("pk", flat=True))
    # each submission alone is valid (6 dots); they touch different needs
    submissions = [
        {needs[0]: 3, needs[1]: 3},
        {needs[2]: 3, needs[3]: 3},
        {needs[4]: 3, needs[5]: 3},
        {needs[0]: 2, needs[2]: 2, needs[4]: 2},
    ]
    users = [personas["member"], personas["coordinator"]] * 2
    results = run_together(
        [
            lambda s=s, u=u: services.ballot_cast(round_=round_, team=team, user=u, allocations=s)
            for s, u in zip(submissions, users, strict=True)
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    ballot = Ballot.objects.get(round=round_, team=team)
    given = list(Allocation.objects.filter(ballot=ballot).values_list("dots", flat=True))
    assert sum(given) == ballot.dots_used == 6
    assert all(n <= 3 for n in given)


def test_two_people_never_get_the_last_place(personas):
    event = partner_event(capacity=1)
    jobs = [
        lambda: services.registration_create(
            event=event, user=personas["member"], team=personas["team"], current_steps=set()
        ),
        lambda: services.registration_create(
            event=event,
            user=personas["outsider"],
            team=personas["other_team"],
            current_steps=set(),
        ),
    ]
    results = run_together(jobs)
    assert not [r for r in results if isinstance(r, Exception | SupportError)]
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["registered", "waiting"]
