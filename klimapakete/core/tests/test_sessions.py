"""Reading a page does not write the session unless something in it changed."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def _session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith("UPDATE")
    )


def test_the_dashboard_saves_the_session_only_when_the_team_changes(personas, coordinator_client):
    url = reverse("teams:dashboard", kwargs={"team_slug": personas["team"].slug})
    coordinator_client.get(url)  # remembers the team: a write
    assert _session_writes(coordinator_client, url) == 0
    assert coordinator_client.session["last_team"] == personas["team"].slug


def test_a_changed_value_is_still_saved(personas, coordinator_client):
    session = coordinator_client.session
    session["last_team"] = "somewhere-else"
    session.save()
    url = reverse("teams:dashboard", kwargs={"team_slug": personas["team"].slug})
    assert _session_writes(coordinator_client, url) == 1
    assert coordinator_client.session["last_team"] == personas["team"].slug


def test_a_dict_changed_in_place_and_assigned_again_is_saved(personas, coordinator_client):
    from django.conf import settings
    from django.utils.module_loading import import_string

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    session = store_class()
    session["import"] = {"rows": 1}
    session.save()
    again = store_class(session.session_key)
    data = again["import"]
    data["rows"] = 2
    again["import"] = data
    assert again.modified
    again.save()
    assert store_class(session.session_key)["import"] == {"rows": 2}
