"""The actor list in the order and with the details a German team expects (issue 10,
part 13): umlauts sort with their base letter on both databases, a position without an
organisation is shown, and user text is isolated so a bidi override cannot flip its line."""

from __future__ import annotations

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.actors.directory.selectors import actor_queryset
from klimapakete.actors.models import Actor
from klimapakete.core.sorting import FOLDS, sort_key

NAMES = ["Zoo Grünstadt", "Ärztekammer", "adfc", "Österreicher, Olga", "Bürgerverein", "Ute"]


def test_umlauts_sort_with_their_base_letter_in_the_database(personas):
    team = personas["team"]
    for name in NAMES:
        Actor.objects.create(team=team, name=name)
    names = list(actor_queryset(team).values_list("name", flat=True))
    assert names == [
        "adfc",
        "Ärztekammer",
        "Bürgerverein",
        "Österreicher, Olga",
        "Ute",
        "Zoo Grünstadt",
    ]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.text(alphabet="aAbBoOuUzZ" + "".join(FOLDS), min_size=1, max_size=6),
        min_size=2,
        max_size=8,
        unique=True,
    )
)
def test_the_database_order_is_the_python_order(personas, names):
    team = personas["team"]
    Actor.objects.filter(team=team).delete()
    for name in names:
        Actor.objects.create(team=team, name=name)
    from_db = [sort_key(n) for n in actor_queryset(team).values_list("name", flat=True)]
    assert from_db == sorted(sort_key(n) for n in names)


def test_the_list_shows_a_position_without_an_organisation(coordinator_client, personas):
    team = personas["team"]
    Actor.objects.create(team=team, name="Petra Pohl", position="Klimaschutzmanagerin")
    page = coordinator_client.get(reverse("actors:list", kwargs={"team_slug": team.slug})).text
    assert "<bdi>Klimaschutzmanagerin</bdi>" in page


def test_position_and_organisation_are_isolated_from_each_other(coordinator_client, personas):
    team = personas["team"]
    verein = Actor.objects.create(team=team, name="Civil Org", kind="organisation")
    # Stored before input cleaning existed: the override stays inside its own <bdi>.
    Actor.objects.create(team=team, name="Q", position="\u202equoted", organisation=verein)
    page = coordinator_client.get(reverse("actors:list", kwargs={"team_slug": team.slug})).text
    assert "<bdi>\u202equoted</bdi>, <bdi>Civil Org</bdi>" in page
