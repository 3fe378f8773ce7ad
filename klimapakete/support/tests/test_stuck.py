"""The support dashboard's "stuck for long": counts per step, no team."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from klimapakete.packages.models import Adoption, ItemProgress, Package
from klimapakete.packages.services import item_set_done
from klimapakete.support.selectors import stuck_for_long


def _counts(now=None):
    return {row.step.pk: row.teams for row in stuck_for_long(now)["rows"]}


def test_teams_count_as_stuck_after_days_without_a_tick(settings, personas):
    settings.SUPPORT_STUCK_DAYS, settings.SUPPORT_STUCK_MIN_TEAMS = 30, 1
    team, member = personas["team"], personas["member"]
    now = timezone.now()
    Adoption.objects.update(adopted_at=now - timedelta(days=10))
    assert _counts() == {}  # adopted ten days ago: nobody stuck yet

    Adoption.objects.update(adopted_at=now - timedelta(days=60))
    allianz = Package.objects.get(key="allianz")
    first, second = list(allianz.steps.filter(archived=False).order_by("order")[:2])
    other = Package.objects.exclude(pk=allianz.pk).first()
    other_first = other.steps.filter(archived=False).order_by("order").first()
    # today's tick in the first step: the team is at work, not stuck
    item_set_done(
        team=team, item=first.items.filter(archived=False).first(), user=member, done=True
    )
    assert _counts() == {first.pk: 1, other_first.pk: 2}

    # the team finished the first step 40 days ago: stuck at the second since then
    for item in first.items.filter(archived=False):
        item_set_done(team=team, item=item, user=member, done=True)
    ItemProgress.objects.filter(team=team).update(done_at=now - timedelta(days=40))
    assert _counts() == {first.pk: 1, second.pk: 1, other_first.pk: 2}
    # ... and not yet stuck if finished 20 days ago
    ItemProgress.objects.filter(team=team).update(done_at=now - timedelta(days=20))
    assert _counts() == {first.pk: 1, other_first.pk: 2}


def test_the_dashboard_shows_counts_only_and_hides_small_ones(settings, support_client, personas):
    settings.SUPPORT_STUCK_DAYS, settings.SUPPORT_STUCK_MIN_TEAMS = 30, 2
    Adoption.objects.update(adopted_at=timezone.now() - timedelta(days=60))
    allianz = Package.objects.get(key="allianz")
    first = allianz.steps.filter(archived=False).order_by("order").first()
    item_set_done(
        team=personas["team"],
        item=first.items.filter(archived=False).first(),
        user=personas["member"],
        done=True,
    )
    html = support_client.get("/support/").content.decode()
    section = html[html.index('id="stuck-h"') :]
    assert "Lange ohne Fortschritt" in html
    assert "mehr als 30 Tagen" in section
    assert "2 Teams" in section  # both teams at the other package's first step
    assert "weniger als 2 Teams" in section  # only one team at the allianz first step
    for name in ("LocalZero", "Teststadt", "Anderswo", "Clara", "Mo Member", "Otto"):
        assert name not in section


def test_stuck_for_long_runs_a_fixed_number_of_queries(personas, django_assert_num_queries):
    with django_assert_num_queries(4):
        stuck_for_long()
