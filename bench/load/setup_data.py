"""Builds the load benchmark's database (run by bench/load/run.py in a fresh process):
the demo teams, the demo team's data multiplied by ``factor``, ``sessions`` logged-in
sessions of its members; prints the URLs to request as JSON."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))


def main(factor: int, sessions: int) -> dict:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import transaction
    from django.urls import NoReverseMatch, reverse

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_packages", verbosity=0)
    call_command("demo_data", stdout=io.StringIO())

    from klimapakete.accounts.models import User
    from klimapakete.core.scale import scale_teams
    from klimapakete.forum.models import Thread
    from klimapakete.packages.models import ChecklistItem
    from klimapakete.teams.models import Team

    team = Team.objects.get(name="LocalZero Musterstadt")
    with transaction.atomic():
        scale_teams(factor, teams=[team])
    # The copies are bulk writes that bump no version and queue no task: compute the
    # shared analyses now, as the worker would after a change, so that the pages show
    # real results (not "being computed") at every size.
    analyses_refresh(team)
    built = time.monotonic() - started

    users = list(User.objects.filter(memberships__team=team).order_by("pk"))
    keys = []
    for i in range(sessions):
        user = users[i % len(users)]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["last_team"] = team.slug
        session.create()
        keys.append(session.session_key)

    def url(name, **kwargs):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            return None

    t = {"team_slug": team.slug}
    actors = list(team.actors.order_by("pk").values_list("pk", flat=True)[:2000])
    items = list(
        ChecklistItem.objects.filter(step__package__adoptions__team=team)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    threads = list(Thread.objects.order_by("-pk").values_list("pk", flat=True)[:20])
    selection = team.selections.order_by("pk").first()
    workshop = team.workshops.order_by("pk").first()
    adoptions = team.adoptions.select_related("package")
    pages = {
        "dashboard": [url("teams:dashboard", **t)],
        "actor list": [url("actors:list", **t)],
        "actor detail": [url("actors:detail", actor_id=a, **t) for a in actors[:200]],
        "power grid": [url("actors:grid", **t)],
        "network": [url("actors:network", **t)],
        "key persons": [url("actors:key_persons", **t)],
        "introductions": [url("actors:introductions", **t)],
        "recruitment order": [url("actors:recruitment", **t)],
        "pipeline": [url("actors:pipeline", **t)],
        "selection pool": (
            [url("selection:respondents", selection_id=selection.pk, **t)] if selection else []
        ),
        "workshop": [url("workshops:detail", workshop_id=workshop.pk, **t)] if workshop else [],
        "package": [url("packages:detail", package_key=a.package.key, **t) for a in adoptions],
        "forum": [url("forum:index")] + [url("forum:thread", thread_id=th) for th in threads],
        "notifications": [url("notifications:list")],
    }
    writes = {
        "tick item": [url("packages:item_done", item_id=i, **t) for i in items],
        "edit actor": [url("actors:field", actor_id=a, **t) for a in actors],
        "read notifications": [url("notifications:read_all")],
    }
    return {
        "sessions": keys,
        "pages": {k: [u for u in v if u] for k, v in pages.items()},
        "writes": {k: [u for u in v if u] for k, v in writes.items()},
        "built_seconds": built,
        "counts": {
            "actors": team.actors.count(),
            "relationships": team.relationships.count(),
            "conversations": team.conversations.count(),
        },
    }


def analyses_refresh(team) -> None:
    """Run the worker's task for every subject of the shared analyses of the team."""
    from klimapakete.core import analysis_cache

    for subject in sorted({a.subject for a in analysis_cache.ANALYSES.values()}):
        analysis_cache.analysis_refresh.call(subject=subject, team_id=team.pk)


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
