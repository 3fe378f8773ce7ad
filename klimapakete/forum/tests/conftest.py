"""Forum fixtures: attachments in a temporary folder, and a few more people."""

from __future__ import annotations

import pytest

from conftest import client_for, make_user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def forum(personas):
    """The personas plus: someone in two teams, someone in no team, step categories."""
    from klimapakete.forum.models import Category
    from klimapakete.forum.services import categories_sync
    from klimapakete.teams.models import Membership

    categories_sync()
    both = make_user("both@example.org", "Bo Beide")
    Membership.objects.create(team=personas["team"], user=both, role="member")
    Membership.objects.create(team=personas["other_team"], user=both, role="member")
    loner = make_user("loner@example.org", "Lou Ohneteam")
    category = Category.objects.get(step__package__key="allianz", step__key="actors")
    return dict(personas, both=both, loner=loner, category=category)


@pytest.fixture
def thread(forum):
    """A question by the member of the persona team, with an answer from the outsider."""
    from klimapakete.forum.services import post_create, thread_create

    question = thread_create(
        user=forum["member"],
        team=forum["team"],
        category=forum["category"],
        title="Wie findet ihr Schlüsselakteure?",
        body="Wir suchen Tipps für die Akteurslandkarte.",
    )
    post_create(
        user=forum["outsider"],
        team=forum["other_team"],
        thread=question,
        body="Wir haben mit den Stadtwerken angefangen.",
    )
    question.refresh_from_db()
    return question


def as_client(forum, name):
    return client_for(forum[name])
