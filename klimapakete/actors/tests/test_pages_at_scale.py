"""The actor map's pages with ten times the data: bounded pages, the same queries, and
the shared analyses computed by the worker's task (issue 12).

A team of 41 actors (the size of the demo team) is multiplied by ``core.scale`` to 410 —
above the inline limit set here, so key persons, the recruitment order and the whole
network come from the worker's task (run as the worker runs it), never from the request.
"""

from __future__ import annotations

import random
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import default_task_backend

from klimapakete.actors.analysis import charts, selectors
from klimapakete.actors.analysis.mapdata import MAP, map_changed
from klimapakete.actors.analysis.views import RECRUITMENT_PAGE_SIZE
from klimapakete.actors.directory.views import PAGE_SIZE
from klimapakete.actors.models import Actor, Relationship
from klimapakete.core import analysis_cache
from klimapakete.core.scale import scale_teams

pytestmark = pytest.mark.django_db

ACTORS = 41
FACTOR = 10
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def url(team, name: str, query: str = "") -> str:
    return reverse(f"actors:{name}", kwargs={"team_slug": team.slug}) + query


@pytest.fixture
def team(personas, settings):
    settings.ANALYSIS_INLINE_MAX_SIZE = 100
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    personas["member"].language = "en"
    personas["member"].save(update_fields=["language"])
    team = personas["team"]
    rng = random.Random(12)
    sectors = list(team.sectors.all())
    rungs = ["identified", "identified", "contacted", "conversation", "supportive", "committed"]
    actors = Actor.objects.bulk_create(
        Actor(
            team=team,
            name=f"Akteur {i:03}",
            sector=sectors[i % len(sectors)] if sectors else None,
            stance=rng.randint(-2, 2),
            power=rng.randint(1, 5),
            ease=rng.randint(1, 5),
            ladder=rungs[i % len(rungs)],
            is_team_contact=i % 13 == 0,
        )
        for i in range(ACTORS)
    )
    Relationship.objects.bulk_create(
        Relationship(
            team=team,
            source=actors[i],
            target=actors[(i + 1 + i % 3) % ACTORS],
            kind="knows",
            strength=1 + i % 3,
        )
        for i in range(ACTORS)
    )
    map_changed(team.pk)
    return team


def worker_runs(team) -> None:
    """What the worker does after a change: the real task, run synchronously."""
    analysis_cache.analysis_refresh.call(subject=MAP, team_id=team.pk)


def grow(team) -> None:
    scale_teams(FACTOR, teams=[team])
    map_changed(team.pk)  # the copies are bulk writes, as the import's are
    assert Actor.objects.filter(team=team).count() == FACTOR * ACTORS


def get(client, address: str) -> tuple[str, int]:
    client.get(address)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def rows(html: str, marker: str) -> int:
    return len(re.findall(marker, html))


def test_the_actor_list_is_paged_with_counts_and_the_same_queries(member_client, team):
    _html, small = get(member_client, url(team, "list"))
    grow(team)
    html, large = get(member_client, url(team, "list"))
    assert large == small
    assert rows(html, r'<th scope="row">') == PAGE_SIZE
    assert "410 actors" in html and "showing 1–50" in html
    assert 'page=9"' in html  # the last page is linked
    # Filters stay in the page links.
    html, _n = get(member_client, url(team, "list", "?ladder=identified"))
    assert "ladder=identified&amp;page=2" in html
    every = {
        int(pk)
        for n in range(1, 10)
        for pk in re.findall(
            r'/actors/(\d+)/"', member_client.get(url(team, "list", f"?page={n}")).content.decode()
        )
    }
    assert every == set(Actor.objects.filter(team=team).values_list("pk", flat=True))


def test_the_list_filters_a_grid_cell_and_a_quadrant(member_client, team):
    html, _n = get(member_client, url(team, "list", "?quadrant=key_allies"))
    expected = Actor.objects.filter(team=team, power__gte=3, stance__gte=1).count()
    assert rows(html, r'<th scope="row">') == expected
    html, _n = get(member_client, url(team, "list", "?power=5&stance=2"))
    expected = Actor.objects.filter(team=team, power=5, stance=2).count()
    assert rows(html, r'<th scope="row">') == expected


def test_the_grid_draws_counts_and_lists_the_first_actors(member_client, team):
    _html, small = get(member_client, url(team, "grid"))
    grow(team)
    html, large = get(member_client, url(team, "grid"))
    assert large == small
    drawing, tables = html.split("</figure>")
    assert rows(drawing, "<circle") <= 25 * charts.MAX_DOTS + charts.LEGEND_SECTORS + 1
    assert "Akteur 007" not in drawing  # crowded cells are counts, not dots
    assert rows(tables, r'<th scope="row">') <= 4 * charts.QUADRANT_LIST_LIMIT
    more = re.findall(r"quadrant=(\w+)[^>]*>and ([\d,.]+) more", tables)
    assert more, "each crowded quadrant links to the rest in the list"
    for code, count in more:
        listed = int(count.replace(",", "").replace(".", ""))
        total = Actor.objects.filter(team=team).filter(selectors_quadrant(code)).count()
        assert listed == total - charts.QUADRANT_LIST_LIMIT


def test_the_grid_asks_the_same_queries_with_and_without_room_for_dots(member_client, team):
    """Neither an empty quadrant nor a grid without a cell of single dots skips a query."""
    _html, populated = get(member_client, url(team, "grid"))
    Actor.objects.filter(team=team).delete()
    html, empty = get(member_client, url(team, "grid"))
    assert "No actors in this quadrant." in html
    assert empty == populated


def selectors_quadrant(code):
    from klimapakete.actors.directory.selectors import quadrant_q

    return quadrant_q(code)


def test_the_pipeline_shows_the_first_cards_and_links_the_rest(member_client, team):
    _html, small = get(member_client, url(team, "pipeline"))
    grow(team)
    html, large = get(member_client, url(team, "pipeline"))
    assert large == small
    assert rows(html, 'class="pipeline-card') <= 6 * selectors.PIPELINE_CARDS
    identified = Actor.objects.filter(team=team, ladder="identified").count()
    assert f"and {identified - selectors.PIPELINE_CARDS} more" in html
    assert "?ladder=identified" in html


def test_a_large_team_waits_for_the_worker_and_then_pages_its_order(member_client, team, settings):
    _html, small = get(member_client, url(team, "recruitment"))  # computed inline, small
    settings.TASKS = DUMMY_TASKS
    cache.clear()  # as for a team that has never had a result
    grow(team)
    for name in ("recruitment", "key_persons", "network"):
        html, _n = get(member_client, url(team, name))
        assert "The analysis is being computed" in html, name
    assert len(default_task_backend.results) == 0  # the pages queued nothing
    worker_runs(team)
    html, large = get(member_client, url(team, "recruitment"))
    assert large == small
    assert "Updated just now." in html
    assert rows(html, r'<th scope="row">') == RECRUITMENT_PAGE_SIZE
    order = selectors.recruitment_for(team).value
    assert len(order) > RECRUITMENT_PAGE_SIZE
    first = Actor.objects.get(pk=order.actors[0])
    assert first.name in html
    html, _n = get(member_client, url(team, "network"))
    drawing = html.split('class="network-svg"')[1].split("</svg>")[0]
    assert 0 < rows(drawing, r"<circle") <= charts.NETWORK_LIMIT
    html, _n = get(member_client, url(team, "key_persons"))
    assert rows(html, "<li>") >= selectors.KEY_PERSONS


def test_after_a_change_the_last_result_is_shown_until_the_worker_ran(
    member_client, team, settings, django_capture_on_commit_callbacks
):
    grow(team)
    worker_runs(team)
    settings.TASKS = DUMMY_TASKS
    actor = Actor.objects.filter(team=team).first()
    with django_capture_on_commit_callbacks(execute=True):
        actor.name = "Zora Neu"
        actor.save()
    assert len(default_task_backend.results) == 1  # the change queued the worker
    html, _n = get(member_client, url(team, "key_persons"))
    assert "Updated just now." in html
    assert "A newer computation with the latest changes is queued." in html
    worker_runs(team)
    html, _n = get(member_client, url(team, "key_persons"))
    assert "is queued" not in html


def test_the_status_is_german_for_a_german_reader(client, personas, team):
    from conftest import client_for

    grow(team)
    html = client_for(personas["coordinator"]).get(url(team, "key_persons")).content.decode()
    assert "Die Auswertung wird berechnet" in html
    worker_runs(team)
    html = client_for(personas["coordinator"]).get(url(team, "key_persons")).content.decode()
    assert "Aktualisiert gerade eben." in html
