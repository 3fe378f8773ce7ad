"""Search across threads and best practices: German word forms, ranking, highlighting,
only visible content, and no way to inject full-text syntax. Runs on the database of
the test run — SQLite's FTS5 by default, PostgreSQL's ``german`` configuration in CI."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import client_for
from klimapakete.forum.search import selectors, text
from klimapakete.forum.services import post_create, thread_create


def search(client, query: str):
    return client.get(reverse("forum:search"), {"q": query})


@pytest.fixture
def threads(forum):
    member = forum["member"]
    council = thread_create(
        user=member,
        category=forum["category"],
        title="Klimabeirat: Erfahrungen mit Beiräten",
        body="Wie habt ihr die Fraktionen überzeugt?",
    )
    post_create(
        user=forum["outsider"],
        thread=council,
        body="Wir haben mit jeder Fraktion einzeln gesprochen, bevor der Beirat kam.",
    )
    thread_create(
        user=member,
        category=forum["category"],
        title="Radwege",
        body="Der Beirat für Radverkehr tagt monatlich.",
    )
    return council


def test_word_forms_are_found(forum, threads):
    client = client_for(forum["coordinator"])
    response = search(client, "Fraktionen")
    titles = [r.post.thread.title for r in response.context["results"]]
    assert titles.count("Klimabeirat: Erfahrungen mit Beiräten") == 2  # question and answer
    response = search(client, "beirat")
    assert response.context["total"] >= 2


def test_results_are_ranked_and_highlighted(forum, threads):
    response = search(client_for(forum["coordinator"]), "Beiräten")
    first = response.context["results"][0]
    assert first.post.thread.title == "Klimabeirat: Erfahrungen mit Beiräten"
    html = response.content.decode()
    assert "<mark>Beiräten</mark>" in html


def test_phrases_and_exclusions(forum, threads):
    client = client_for(forum["coordinator"])
    # (no stop words in the phrase: PostgreSQL's german configuration drops them)
    found = search(client, '"einzeln gesprochen"').context["results"]
    assert [r.post.body for r in found] == [
        "Wir haben mit jeder Fraktion einzeln gesprochen, bevor der Beirat kam."
    ]
    found = search(client, "Beirat -Radverkehr").context["results"]
    assert all("Radverkehr" not in r.post.body for r in found)
    found = search(client, "Radverkehr or Fraktion").context["results"]
    assert len(found) >= 2


def test_search_finds_published_practices_but_not_drafts(forum):
    from klimapakete.forum.library.services import practice_create, practice_publish

    practice = practice_create(
        user=forum["member"],
        team=forum["team"],
        title="Wärmeplanung begleiten",
        what_we_did="Wir haben die Wärmeplanung der Stadtwerke begleitet.",
        town_size="m",
        federal_state="NW",
    )
    client = client_for(forum["outsider"])
    assert search(client, "Wärmeplanung").context["total"] == 0
    practice_publish(practice=practice, publish=True)
    results = search(client, "Wärmeplanung").context["results"]
    assert [r.practice for r in results] == [practice]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'Beirat"',
        "AND OR NOT",
        "NEAR(a b)",
        "stemmed_title:foo",
        "*",
        "a* ^b",
        "-",
        "--",
        "(((",
        "'; DROP TABLE forum_post; --",
        "\x00\x02\x03",
        "or or or",
        "-Beirat",
    ],
)
def test_query_syntax_cannot_be_injected(forum, threads, query):
    response = search(client_for(forum["coordinator"]), query)
    assert response.status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_any_query_answers(forum, threads, query):
    total, results = selectors.results(text.parse(query), page=1)
    assert total >= len(results)


def test_a_long_query_is_shortened_with_a_notice(forum, threads, settings):
    settings.FORUM_SEARCH_MAX_CHARS = 10
    response = search(client_for(forum["coordinator"]), "Fraktionen " * 10)
    assert "gekürzt" in response.content.decode()


def test_the_index_can_be_rebuilt(forum, threads):
    from django.core.management import call_command

    from klimapakete.forum.models import SearchDocument

    before = search(client_for(forum["coordinator"]), "Fraktionen").context["total"]
    SearchDocument.objects.all().delete()
    assert search(client_for(forum["coordinator"]), "Fraktionen").context["total"] == 0
    call_command("forum_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert search(client_for(forum["coordinator"]), "Fraktionen").context["total"] == before
