"""Tenant isolation across teams: the forum, the library and search are shared by all
teams, so nothing of a team's private tools may show through them. The tenant walk covers
URLs with a team in them; these URLs have none, so the checks are explicit here."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from conftest import client_for
from klimapakete.forum.library.services import practice_create
from klimapakete.forum.services import post_create, thread_create

SECRETS = [
    "Geheimakteur Gustav",
    "Notiz-Tresor-4711",
    "Workshop Nebelwald",
    "Entwurf Sternschnuppe",
    "mitglied-verborgen@example.org",
]


@pytest.fixture
def private(forum):
    """Private data of the persona team in its tools, and a draft in the library."""
    from klimapakete.actors.models import Actor
    from klimapakete.packages.models import ChecklistItem
    from klimapakete.packages.services import item_plan
    from klimapakete.workshops.models import Workshop

    team = forum["team"]
    Actor.objects.create(team=team, name=SECRETS[0], kind="person")
    item = ChecklistItem.objects.filter(step=forum["category"].step).first()
    item_plan(team=team, item=item, assignee=forum["member"], due_date=None, note=SECRETS[1])
    Workshop.objects.create(team=team, title=SECRETS[2], date=date(2027, 5, 5))
    draft = practice_create(
        user=forum["member"],
        team=team,
        step=forum["category"].step,
        title=SECRETS[3],
        what_we_did=SECRETS[3],
        town_size="m",
        federal_state="NW",
    )
    from conftest import make_user
    from klimapakete.teams.models import Membership

    hidden_member = make_user(SECRETS[4], "Verena Verborgen")
    Membership.objects.create(team=team, user=hidden_member, role="member")
    # Public activity of the team, so the pages have something to show.
    question = thread_create(
        user=forum["member"],
        team=team,
        category=forum["category"],
        title="Öffentliche Frage",
        body="Wie geht ihr vor?",
    )
    post_create(user=forum["outsider"], thread=question, body="So.")
    return {"draft": draft, "thread": question}


def pages(forum, private):
    return [
        reverse("forum:index"),
        reverse("forum:category", kwargs={"slug": forum["category"].slug}),
        reverse("forum:thread", kwargs={"thread_id": private["thread"].pk}),
        reverse("library:index"),
        reverse("library:index") + f"?step={forum['category'].step.pk}",
        reverse("notifications:list"),
        *[reverse("forum:search") + f"?q={word}" for s in SECRETS for word in s.split()[:2]],
    ]


@pytest.mark.parametrize("persona", ["outsider", "support"])
def test_nothing_private_shows_through_forum_library_or_search(forum, private, persona):
    client = client_for(forum[persona])
    for page in pages(forum, private):
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        if "q" in response.context:  # the search box repeats what was typed
            html = html.replace(response.context["q"], "")
        for secret in SECRETS:
            assert secret not in html, (page, secret)


def test_search_finds_nothing_of_the_private_tools(forum, private):
    from klimapakete.forum.search import selectors, text

    for secret in SECRETS:
        for word in secret.replace("@", " ").split():
            total, results = selectors.results(text.parse(word), page=1)
            assert all(secret not in (r.document.title + r.document.body) for r in results)
    assert selectors.results(text.parse("Sternschnuppe"), page=1)[0] == 0


def test_a_draft_and_its_files_stay_in_the_team(forum, private):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from klimapakete.forum.demo import _pdf
    from klimapakete.forum.library.services import attachment_add

    draft = private["draft"]
    attachment = attachment_add(
        user=forum["member"], practice=draft, upload=SimpleUploadedFile("x.pdf", _pdf())
    )
    for persona in ("outsider", "support"):
        client = client_for(forum[persona])
        for page in (
            reverse("library:detail", kwargs={"practice_id": draft.pk}),
            reverse("library:edit", kwargs={"practice_id": draft.pk}),
            reverse("library:attachment", kwargs={"attachment_id": attachment.pk}),
        ):
            assert client.get(page).status_code == 404, (persona, page)
        response = client.post(
            reverse("library:attachment_delete", kwargs={"attachment_id": attachment.pk})
        )
        assert response.status_code == 404
    member = client_for(forum["both"])  # also in the team: sees the draft
    assert (
        member.get(reverse("library:detail", kwargs={"practice_id": draft.pk})).status_code == 200
    )


def test_the_team_list_of_a_thread_author_is_not_revealed(forum, private):
    """Posts show the author's chosen team, never the other members of that team."""
    html = (
        client_for(forum["outsider"])
        .get(reverse("forum:thread", kwargs={"thread_id": private["thread"].pk}))
        .content.decode()
    )
    assert "Clara Coordinator" not in html and "Verena" not in html


def test_a_deleted_team_disappears_from_its_members_posts(forum, private):
    team = forum["team"]
    response = client_for(forum["coordinator"]).post(
        reverse("teams:delete", kwargs={"team_slug": team.slug}), {"confirm_name": team.name}
    )
    assert response.status_code == 302
    html = (
        client_for(forum["outsider"])
        .get(reverse("forum:thread", kwargs={"thread_id": private["thread"].pk}))
        .content.decode()
    )
    assert "Wie geht ihr vor?" in html and "Mo Member" in html
    assert "LocalZero Teststadt" not in html
