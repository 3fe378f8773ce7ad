"""The power-analysis pages on Lindenfeld, a small fictitious town, and at scale."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.actors.analysis import charts
from klimapakete.actors.analysis.mapdata import map_changed
from klimapakete.actors.analysis.views import actor_urls, with_names
from klimapakete.actors.models import Actor, Relationship, Sector

pytestmark = pytest.mark.django_db


def url(team, name: str, **params) -> str:
    base = reverse(f"actors:{name}", kwargs={"team_slug": team.slug})
    if params:
        base += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return base


@pytest.fixture
def town(personas):
    """Lindenfeld: the team's contact Lena, a Green councillor, the mayor, the chamber …

    The member reads English, so the assertions can name the source strings.
    """
    personas["member"].language = "en"
    personas["member"].save(update_fields=["language"])
    team = personas["team"]
    Sector.objects.filter(team=team).delete()
    civil = Sector.objects.create(team=team, name="Civil society", colour="#2e7d32", order=1)
    council = Sector.objects.create(team=team, name="City council", colour="#1b6ca8", order=2)
    admin = Sector.objects.create(team=team, name="Administration", colour="#6a3d9a", order=3)
    business = Sector.objects.create(team=team, name="Business", colour="#b5451b", order=4)

    def actor(name, sector, stance, power, ease, ladder="identified", **extra):
        return Actor.objects.create(
            team=team,
            name=name,
            sector=sector,
            stance=stance,
            power=power,
            ease=ease,
            ladder=ladder,
            **extra,
        )

    a = {
        "lena": actor("Lena Berg", civil, 2, 2, 5, "active", is_team_contact=True),
        "aylin": actor("Aylin Demir", council, 2, 5, 4, "supportive"),
        "peter": actor("Peter Krause", council, 1, 3, 3, "contacted"),
        "mayor": actor("Mayor Weber", admin, 0, 5, 2),
        "hans": actor("Hans Vogt", council, -1, 4, 2),
        "ihk": actor("IHK Lindenfeld", business, -2, 4, 1, kind="organisation"),
        "bakery": actor("Bakery Korn", business, 1, 1, 4),
        "editor": actor("Editor Fink", None, 0, 2, 3),
    }

    def tie(source, target, kind="knows", strength=2):
        Relationship.objects.create(
            team=team, source=a[source], target=a[target], kind=kind, strength=strength
        )

    tie("lena", "aylin", strength=3)
    tie("aylin", "peter", strength=2)
    tie("peter", "mayor", "party_colleague", 3)
    tie("peter", "hans", strength=1)
    tie("hans", "ihk", "member_of", 3)
    tie("bakery", "ihk", "member_of", 1)
    return {"team": team, "actors": a, "sectors": {"civil": civil, "council": council}}


# --------------------------------------------------------------------------- grid


def _dot_titles(html: str) -> list[str]:
    return re.findall(r"<title>([^<]+)</title>", html)


def test_the_grid_places_a_strongly_for_powerful_actor_in_the_key_allies_quadrant(
    member_client, town
):
    response = member_client.get(url(town["team"], "grid"))
    assert response.status_code == 200
    html = response.content.decode()
    key_allies = html[html.index('id="quadrant-key_allies"') : html.index('id="quadrant-monitor"')]
    assert "Aylin Demir" in key_allies and "Peter Krause" in key_allies
    assert "Mayor Weber" not in key_allies
    persuade = html[html.index('id="quadrant-persuade"') : html.index('id="quadrant-key_allies"')]
    assert "Mayor Weber" in persuade and "IHK Lindenfeld" in persuade
    # Each actor is a dot that links to the actor, coloured by its sector (no inline style).
    aylin = town["actors"]["aylin"]
    detail = reverse("actors:detail", args=[town["team"].slug, aylin.pk])
    assert re.search(
        rf'<a href="{detail}">\s*<title>Aylin Demir[^<]*</title>\s*<circle [^>]*fill="#1b6ca8"',
        html,
    )
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_the_grid_filters_by_sector_and_kind(member_client, town):
    team = town["team"]
    html = member_client.get(url(team, "grid", sector=town["sectors"]["council"].pk)).content
    html = html.decode()
    assert "Aylin Demir" in html and "Lena Berg" not in html
    html = member_client.get(url(team, "grid", kind="organisation")).content.decode()
    assert "IHK Lindenfeld" in html and "Aylin Demir" not in html


def test_the_grid_draws_a_crowded_position_as_count_bubbles_per_sector(member_client, town):
    team = town["team"]
    council = town["sectors"]["council"]
    Actor.objects.bulk_create(
        Actor(team=team, name=f"Councillor {i}", sector=council, stance=1, power=2)
        for i in range(30)
    )
    html = member_client.get(url(team, "grid")).content.decode()
    assert "30 actors of City council with stance" in html
    assert f"stance=1&amp;power=2&amp;sector={council.pk}" in html
    assert "Councillor 7" not in html.split("</svg>")[0]  # no single dot for them


# --------------------------------------------------------------------------- pipeline


def test_the_pipeline_shows_columns_with_counts(member_client, town):
    html = member_client.get(url(town["team"], "pipeline")).content.decode()
    identified = html[html.index('id="rung-identified"') : html.index('id="rung-contacted"')]
    assert '<span class="count">5</span>' in identified
    assert "Mayor Weber" in html.split('id="rung-identified"')[1].split('id="rung-contacted"')[0]


def test_moving_a_card_changes_the_ladder_and_records_it(member_client, town, personas):
    mayor = town["actors"]["mayor"]
    response = member_client.post(
        url(town["team"], "pipeline_move"), {"actor": mayor.pk, "to": "contacted"}
    )
    assert response.status_code == 302
    mayor.refresh_from_db()
    assert mayor.ladder == "contacted"
    assert any("ladder" in change.fields for change in mayor.changes.all())


def test_moving_a_card_with_htmx_returns_the_board(member_client, town):
    mayor = town["actors"]["mayor"]
    response = member_client.post(
        url(town["team"], "pipeline_move"),
        {"actor": mayor.pk, "ladder": "conversation"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="pipeline-board"')
    assert "Mayor Weber is now at" in html
    assert f'<li class="pipeline-card moved" id="actor-{mayor.pk}">' in html
    assert html.count("pipeline-card moved") == 1
    mayor.refresh_from_db()
    assert mayor.ladder == "conversation"


def test_a_card_of_another_team_cannot_be_moved(member_client, town, personas):
    stranger = Actor.objects.create(team=personas["other_team"], name="Stranger")
    response = member_client.post(
        url(town["team"], "pipeline_move"), {"actor": stranger.pk, "to": "active"}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.ladder == "identified"


# --------------------------------------------------------------------------- network


def test_the_network_draws_every_actor_as_a_link_sized_by_power(member_client, town):
    team = town["team"]
    html = member_client.get(url(team, "network")).content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "style=" not in svg
    mayor = town["actors"]["mayor"]
    detail = reverse("actors:detail", args=[team.slug, mayor.pk])
    assert re.search(rf'<a href="{detail}">\s*<title>Mayor Weber[^<]*</title>\s*<circle ', svg)
    assert svg.count("<circle ") == 8 and svg.count('class="edge') == 6
    # Power 5 is drawn larger than power 1; party colleagues have no arrow, members do.
    radii = dict(re.findall(r"<title>([^<]+?) —[^<]*</title>\s*<circle [^>]*r=\"([\d.]+)\"", svg))
    assert float(radii["Mayor Weber"]) > float(radii["Bakery Korn"])
    assert svg.count('marker-end="url(#arrow)"') == 2


def test_the_network_data_endpoint_returns_nodes_and_edges(member_client, town):
    team = town["team"]
    data = member_client.get(url(team, "network_data")).json()
    assert len(data["nodes"]) == 8 and len(data["edges"]) == 6
    node = next(n for n in data["nodes"] if n["name"] == "Aylin Demir")
    assert node["colour"] == "#1b6ca8" and node["power"] == 5
    assert node["url"] == reverse("actors:detail", args=[team.slug, town["actors"]["aylin"].pk])
    assert 0 <= node["x"] <= data["width"] and 0 <= node["y"] <= data["height"]
    # Ties of at least "strong" only.
    strong = member_client.get(url(team, "network_data", min_strength=3)).json()
    assert {e["strength"] for e in strong["edges"]} == {3}


def test_the_network_shows_an_actors_surroundings(member_client, town):
    team, a = town["team"], town["actors"]
    one = member_client.get(url(team, "network_data", actor=a["peter"].pk, hops=1)).json()
    assert {n["name"] for n in one["nodes"]} == {
        "Peter Krause",
        "Aylin Demir",
        "Mayor Weber",
        "Hans Vogt",
    }
    two = member_client.get(url(team, "network_data", actor=a["peter"].pk, hops=2)).json()
    assert {n["name"] for n in two["nodes"]} >= {"Lena Berg", "IHK Lindenfeld"}
    assert "Bakery Korn" not in {n["name"] for n in two["nodes"]}


def test_the_network_keeps_the_most_powerful_when_the_map_is_large(member_client, town):
    team = town["team"]
    Actor.objects.bulk_create(
        Actor(team=team, name=f"Neighbour {i:03}", power=1) for i in range(200)
    )
    data = member_client.get(url(team, "network_data")).json()
    assert data["truncated"] and data["matching"] == 208
    assert len(data["nodes"]) == charts.NETWORK_LIMIT
    assert "Mayor Weber" in {n["name"] for n in data["nodes"]}


# --------------------------------------------------------------------------- key persons


def test_key_persons_rank_power_and_brokerage_with_a_sentence_each(member_client, town):
    html = member_client.get(url(town["team"], "key_persons")).content.decode()
    ranked = re.findall(r"<strong>([^<]+)</strong>", html)
    # Peter links the council with the mayor and the chamber; powerful Aylin and the mayor.
    assert set(ranked[:4]) >= {"Peter Krause", "Aylin Demir"}
    assert ranked.index("Peter Krause") < ranked.index("Editor Fink")
    assert "otherwise separate" in html
    assert "no relationships recorded yet" in html  # the editor


KEY_PERSON_CODES = ["powerful_bridge", "gatekeeper", "bridge", "central", "powerful"]
KEY_PERSON_CODES += ["connected", "power_only"]
RECRUITMENT_CODES = ["team_choice", "already_ally", "introduction", "opponent", "easy"]
RECRUITMENT_CODES += ["sympathetic", "worth_the_effort", "remaining"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_reason_code_becomes_one_full_sentence(language):
    from django.utils import translation

    from klimapakete.actors.analysis import algorithms as analysis
    from klimapakete.actors.analysis.views import key_person_reason, recruitment_reason

    assert set(KEY_PERSON_CODES + RECRUITMENT_CODES) <= set(analysis.REASON_TEXTS)
    params = {"power": 4, "groups": 3, "parts": 2, "degree": 5, "ease": 4, "stance": 1}
    params |= {"requested_rank": 2, "strength": 3, "introducer_id": 1}
    with translation.override(language):
        for code in KEY_PERSON_CODES:
            sentence = key_person_reason(code, params)
            assert sentence.endswith(".") and "%(" not in sentence, code
        for code in RECRUITMENT_CODES:
            sentence = recruitment_reason(code, params, "Aylin")
            assert sentence.endswith(".") and "%(" not in sentence, code
        assert "Aylin" in recruitment_reason("introduction", params, "Aylin")


# --------------------------------------------------------------------------- introductions


def test_the_chain_page_shows_the_known_path_to_the_mayor(member_client, town):
    team, a = town["team"], town["actors"]
    html = member_client.get(url(team, "introductions", target=a["mayor"].pk)).content.decode()
    chain = html.split('id="chain-1"')[1].split("</section>")[0]
    names = re.findall(r'<a href="[^"]+">([^<]+)</a>', chain)
    assert names[:3] == ["Aylin Demir", "Peter Krause", "Mayor Weber"]
    assert "party colleague" in chain and "strong tie" in chain
    assert 'id="chain-2"' not in html  # no second ally reaches the mayor differently


def test_the_chain_page_advises_when_nobody_can_introduce_us(member_client, town):
    team, a = town["team"], town["actors"]
    html = member_client.get(url(team, "introductions", target=a["editor"].pk)).content.decode()
    assert "No chain found" in html
    assert "Ask your allies whom they know" in html
    assert "Mark the actors who already support you" not in html  # the team has allies
    Actor.objects.filter(team=team).update(is_team_contact=False, ladder="identified")
    map_changed(team.pk)
    html = member_client.get(url(team, "introductions", target=a["editor"].pk)).content.decode()
    assert "Mark the actors who already support you" in html


def test_the_chain_page_says_when_the_target_is_an_ally(member_client, town):
    team, a = town["team"], town["actors"]
    html = member_client.get(url(team, "introductions", target=a["aylin"].pk)).content.decode()
    assert "already one of your allies" in html


def test_the_chain_page_does_not_reach_into_another_team(member_client, town, personas):
    stranger = Actor.objects.create(team=personas["other_team"], name="Stranger Danger")
    html = member_client.get(url(town["team"], "introductions", target=stranger.pk))
    html = html.content.decode()
    assert "Stranger Danger" not in html and "not on your team" in html


# --------------------------------------------------------------------------- recruitment


def _order(client, team) -> list[str]:
    html = client.get(url(team, "recruitment")).content.decode()
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<th scope="row">\s*<a href="[^"]+">([^<]+)</a>', table)


def test_the_recruitment_order_starts_easy_and_explains_each_step(member_client, town):
    team = town["team"]
    order = _order(member_client, team)
    assert "Lena Berg" not in order  # active: already won
    assert order[0] == "Aylin Demir"  # supportive ally: ask for commitment
    assert order.index("IHK Lindenfeld") > order.index("Bakery Korn")
    html = member_client.get(url(team, "recruitment")).content.decode()
    assert "Already on our side: ask for a firm commitment." in html
    assert "Currently against: approach late" in html
    assert "can introduce us" in html


def test_reordering_persists_and_can_be_reset(member_client, town):
    team, a = town["team"], town["actors"]
    before = _order(member_client, team)
    last = before[-1]
    actor = Actor.objects.get(team=team, name=last)
    response = member_client.post(
        url(team, "recruitment_reorder"), {"actor": actor.pk, "action": "set", "rank": 1}
    )
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.recruit_rank == 1
    after = _order(member_client, team)
    assert after[0] == last and after[1:] == before[:-1]
    assert "by hand" in member_client.get(url(team, "recruitment")).content.decode()

    # Up and down swap with the neighbour.
    second = Actor.objects.get(team=team, name=after[1])
    member_client.post(url(team, "recruitment_reorder"), {"actor": second.pk, "action": "up"})
    assert _order(member_client, team)[:2] == [after[1], after[0]]
    member_client.post(url(team, "recruitment_reorder"), {"actor": second.pk, "action": "down"})
    assert _order(member_client, team)[:2] == [after[0], after[1]]

    member_client.post(url(team, "recruitment_reorder"), {"action": "reset"})
    assert not Actor.objects.filter(team=team, recruit_rank__isnull=False).exists()
    assert _order(member_client, team) == before
    assert a["lena"].pk  # fixture used


def test_reordering_an_actor_of_another_team_is_404(member_client, town, personas):
    stranger = Actor.objects.create(team=personas["other_team"], name="Stranger")
    response = member_client.post(
        url(town["team"], "recruitment_reorder"), {"actor": stranger.pk, "action": "up"}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.recruit_rank is None


# --------------------------------------------------------------------------- all pages

PAGES = ["grid", "network", "network_data", "key_persons", "recruitment", "pipeline"]


def _grow(team, n: int) -> None:
    """n more actors in every sector, with ties between neighbours."""
    sectors = list(team.sectors.all())
    actors = Actor.objects.bulk_create(
        Actor(
            team=team,
            name=f"Actor {i:04}",
            sector=sectors[i % len(sectors)],
            stance=i % 5 - 2,
            power=i % 5 + 1,
            ease=(i * 3) % 5 + 1,
            ladder=["identified", "contacted", "supportive"][i % 3],
            recruit_rank=5 if i == 3 else None,
        )
        for i in range(n)
    )
    Relationship.objects.bulk_create(
        Relationship(team=team, source=x, target=y, strength=i % 3 + 1)
        for i, (x, y) in enumerate(zip(actors, actors[1:], strict=False))
    )


@pytest.mark.parametrize("name", PAGES + ["introductions"])
def test_query_count_does_not_grow_with_the_map(
    name, member_client, town, django_assert_max_num_queries
):
    """Both right after a change (the shared result is refreshed) and when it is current."""
    team = town["team"]
    params = {"target": town["actors"]["mayor"].pk} if name == "introductions" else {}
    page = url(team, name, **params)
    _grow(team, 20)
    assert member_client.get(page).status_code == 200
    map_changed(team.pk)
    # The page's own queries, one for the notification bell in the header and the shared
    # cache's (a database table by default); after a change also the refresh, which the
    # tests' task backend runs inside the request.
    with django_assert_max_num_queries(26) as changed:
        assert member_client.get(page).status_code == 200
    with django_assert_max_num_queries(14) as current:
        assert member_client.get(page).status_code == 200
    _grow(team, 200)
    map_changed(team.pk)  # bulk writes bump the map's version themselves
    with django_assert_max_num_queries(len(changed.captured_queries)):
        assert member_client.get(page).status_code == 200
    with django_assert_max_num_queries(len(current.captured_queries)):
        assert member_client.get(page).status_code == 200


@pytest.mark.parametrize("name", PAGES + ["introductions"])
def test_every_page_is_in_the_sub_navigation_and_empty_maps_work(name, member_client, personas):
    team = personas["team"]
    response = member_client.get(url(team, name))
    assert response.status_code == 200
    if name != "network_data":
        assert 'aria-current="page"' in response.content.decode() or name == "introductions"


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("grid", "sector"),
        ("network", "sector"),
        ("network", "actor"),
        ("introductions", "target"),
        ("pipeline", "sector"),
        ("key_persons", "sector"),
        ("list", "sector"),
        ("list", "owner"),
    ],
)
def test_analysis_pages_ignore_ids_too_large_for_the_database(client, personas, name, param):
    """A hand-edited query string with a huge id is ignored, not an OverflowError (500)."""
    client.force_login(personas["coordinator"])
    response = client.get(url(personas["team"], name, **{param: "9" * 25}))
    assert response.status_code == 200


# ------------------------------------------------------------ rows prepared in the view

HOSTILE = '<img src=x onerror="alert(1)"> & Co'


@given(st.text())
def test_a_sentence_with_names_escapes_every_value_and_keeps_the_sentence(name):
    sentence = with_names("Move %(name)s to “%(rung)s”", name=name, rung="<b>")
    assert sentence == f"Move {escape(name)} to “&lt;b&gt;”"


def test_a_hostile_name_is_text_on_the_pipeline_and_in_the_recruitment_order(member_client, town):
    team = town["team"]
    actor = Actor.objects.create(
        team=team, name=HOSTILE, sector=town["sectors"]["civil"], power=5, stance=1, ease=5
    )
    map_changed(team.pk)
    escaped = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Co"
    for page in ("pipeline", "recruitment"):
        html = member_client.get(url(team, page)).content.decode()
        assert "<img" not in html, page
        assert f">{escaped}</a>" in html, page
        assert f'href="/t/{team.slug}/actors/{actor.pk}/"' in html, page
    pipeline = member_client.get(url(team, "pipeline")).content.decode()
    assert f"Move {escaped} to “contacted”" in pipeline
    assert f"Step for {escaped}" in pipeline
    recruitment = member_client.get(url(team, "recruitment")).content.decode()
    assert f"New position for {escaped}" in recruitment
    assert f"Move {escaped} down" in recruitment


@given(st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True), st.integers(1, 2**63 - 1))
def test_the_actor_urls_are_those_reverse_gives(slug, actor_id):
    expected = reverse("actors:detail", kwargs={"team_slug": slug, "actor_id": actor_id})
    assert actor_urls(slug)(actor_id) == expected
    assert actor_urls(slug + "4611686018427400249")(actor_id) == reverse(
        "actors:detail", kwargs={"team_slug": slug + "4611686018427400249", "actor_id": actor_id}
    )
