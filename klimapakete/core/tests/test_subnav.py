"""The shared sub-navigation: one tab per area page, the current one marked for screen readers."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def tabs(response) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav class="subnav".*?</nav>', response.content.decode(), re.S).group(0)
    return [
        (href, bool(current))
        for href, current in re.findall(r'<a href="([^"]+)"( aria-current="page")?>', nav)
    ]


def current(response) -> list[str]:
    return [href for href, is_current in tabs(response) if is_current]


def test_the_actor_map_marks_the_page_it_shows(member_client, personas):
    slug = personas["team"].slug
    grid = reverse("actors:grid", kwargs={"team_slug": slug})
    response = member_client.get(grid)
    assert current(response) == [grid]
    assert len(tabs(response)) == 12


def test_a_form_shown_again_keeps_its_area_tab(member_client, personas):
    slug = personas["team"].slug
    response = member_client.post(reverse("neutrality:factor", kwargs={"team_slug": slug}), {})
    assert response.status_code == 400
    assert current(response) == [reverse("neutrality:baseline", kwargs={"team_slug": slug})]


def test_moderation_is_a_tab_only_for_moderators(member_client, support_client):
    moderation = reverse("forum:moderation")
    assert moderation not in [href for href, _ in tabs(member_client.get(reverse("forum:index")))]
    response = support_client.get(moderation)
    assert current(response) == [moderation]
    library = support_client.get(reverse("library:index"))
    assert current(library) == [reverse("library:index")]
