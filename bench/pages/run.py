"""Page benchmark: a team with 5,000 actors and 20,000 relationships, and a forum with
10,000 posts, on SQLite.

Measures the actor list, the power grid, the dashboard and the other power-analysis
pages, and the forum's thread list, thread page and search, with Django's test client
(median of several requests after one warm-up, and the number of queries of one request).
Run with ``.venv/bin/python bench/pages/run.py`` (also part of ``make bench``);
``--write`` puts the table into the ``## Pages`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

ACTORS = 5_000
RELATIONSHIPS = 20_000
CONVERSATIONS = 3_000
FORUM_THREADS = 1_000
FORUM_POSTS = 10_000  # openings and replies together
TARGET_MS = 300
SEED = 2026

_db_dir = tempfile.mkdtemp(prefix="klimapakete-bench-pages-")
os.environ["DJANGO_SETTINGS_MODULE"] = "klimapakete.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{_db_dir}/bench.sqlite3"
os.environ["DEBUG"] = "1"
os.environ["ALLOWED_HOSTS"] = "testserver,localhost"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402


def machine() -> str:
    model = "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {model} (`lscpu` model name), Python {platform.python_version()}"
    )


def build_team():
    from klimapakete.accounts.models import User
    from klimapakete.actors.directory.services import sectors_ensure_defaults
    from klimapakete.actors.models import Actor, Conversation, Relationship
    from klimapakete.packages.models import Package
    from klimapakete.packages.services import content_load, package_adopt
    from klimapakete.teams.services import team_create

    rng = random.Random(SEED)
    content_load()
    user = User.objects.create_user(email="bench@example.org", password="x" * 16, name="Bench")
    team = team_create(user=user, name="Bench Town", municipality="Benchstadt", federal_state="NW")
    for package in Package.objects.all():
        package_adopt(team=team, package=package, user=user)
    sectors_ensure_defaults(team=team, language="de")
    sectors = list(team.sectors.all())
    ladder = ["identified"] * 6 + ["contacted"] * 3 + ["conversation", "supportive", "committed"]
    actors = Actor.objects.bulk_create(
        Actor(
            team=team,
            kind="organisation" if i % 10 == 0 else "person",
            name=f"Akteur:in {i:05}",
            sector=sectors[i % len(sectors)],
            stance=rng.choice([-2, -1, 0, 0, 1, 1, 2]),
            power=rng.randint(1, 5),
            ease=rng.randint(1, 5),
            ladder=rng.choice(ladder),
            is_team_contact=i % 97 == 0,
            owner=user if i % 7 == 0 else None,
            contact_rhythm_days=30 if i % 10 == 1 else None,
            tags="Energie, Verkehr" if i % 3 == 0 else "",
        )
        for i in range(ACTORS)
    )
    ids = [a.pk for a in actors]
    kinds = [k for k, _ in Relationship.Kind.choices]
    pairs: set[tuple[int, int, str]] = set()
    while len(pairs) < RELATIONSHIPS:
        # Mostly local ties (neighbours in the id order) plus long-range ones: clustered.
        s = rng.randrange(ACTORS)
        t = (s + rng.randint(1, 40)) % ACTORS if rng.random() < 0.8 else rng.randrange(ACTORS)
        if s != t:
            pairs.add((ids[s], ids[t], rng.choice(kinds)))
    Relationship.objects.bulk_create(
        (
            Relationship(team=team, source_id=s, target_id=t, kind=k, strength=rng.randint(1, 3))
            for s, t, k in pairs
        ),
        batch_size=2000,
    )
    today = date.today()
    Conversation.objects.bulk_create(
        (
            Conversation(
                team=team,
                actor_id=rng.choice(ids),
                date=today - timedelta(days=rng.randint(0, 400)),
                held_by=user,
                next_step="Nachfassen" if i % 4 == 0 else "",
                next_step_due=today + timedelta(days=rng.randint(-20, 30)) if i % 4 == 0 else None,
                next_step_owner=user if i % 4 == 0 else None,
            )
            for i in range(CONVERSATIONS)
        ),
        batch_size=2000,
    )
    return team, user


# Words of the generated posts (the search queries below use them).
WORDS = """Klimabeirat Stadtrat Fraktion Antrag Verwaltung Akteure Workshop Stadtwerke
Wärmeplanung Bürgerbeteiligung Einladung Moderation Protokoll Haushalt Förderung Radverkehr
Schule Ehrenamt Presse Bündnis Sitzung Ausschuss Bürgermeisterin Energie Gebäude Netzwerk"""
WORDS = WORDS.split()


def build_forum(team, user):
    """1,000 threads with 10,000 posts in the step categories, indexed for search."""
    from datetime import timedelta

    from django.utils import timezone

    from klimapakete.accounts.models import User
    from klimapakete.forum.models import Category, Post, Reaction, Thread
    from klimapakete.forum.search.index import reindex_all

    rng = random.Random(SEED + 1)
    people = [user] + [
        User.objects.create_user(email=f"f{i}@example.org", password="x" * 16, name=f"Person {i}")
        for i in range(40)
    ]
    categories = list(Category.objects.filter(step__isnull=False))
    now = timezone.now()

    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)) + "."

    threads = Thread.objects.bulk_create(
        Thread(
            category=categories[i % len(categories)],
            title=sentence(6),
            author=people[i % len(people)],
            created_at=now - timedelta(hours=i),
            last_post_at=now - timedelta(minutes=i),
        )
        for i in range(FORUM_THREADS)
    )
    posts = [
        Post(
            thread=thread,
            is_opening=True,
            author=thread.author,
            author_team=team,
            body=sentence(40),
            created_at=thread.created_at,
        )
        for thread in threads
    ]
    # Replies: a long tail — a few threads with hundreds of posts, most with a handful.
    weights = [1 / (rank + 1) for rank in range(FORUM_THREADS)]
    for n in range(FORUM_POSTS - FORUM_THREADS):
        thread = rng.choices(threads, weights=weights)[0]
        posts.append(
            Post(
                thread=thread,
                author=people[n % len(people)],
                author_team=team if n % 3 else None,
                body=sentence(rng.randint(15, 80)) + "\n\n- " + sentence(8),
                created_at=thread.created_at + timedelta(minutes=n % 500 + 1),
            )
        )
    Post.objects.bulk_create(posts, batch_size=2000)
    counts: dict[int, int] = {}
    for post in posts:
        counts[post.thread_id] = counts.get(post.thread_id, 0) + 1
    for thread in threads:
        thread.reply_count = counts[thread.pk] - 1
    Thread.objects.bulk_update(threads, ["reply_count"], batch_size=2000)
    Reaction.objects.bulk_create(
        (
            Reaction(post=post, user=people[i % len(people)], emoji="thumbs_up")
            for i, post in enumerate(posts[::3])
        ),
        batch_size=2000,
    )
    reindex_all()
    busiest = max(threads, key=lambda t: counts[t.pk])
    return busiest, counts[busiest.pk], categories[0]


def measure(client: Client, url: str, repeats: int) -> tuple[float, float, int, int]:
    """First request (cold caches), median of ``repeats`` later ones, queries, bytes."""
    start = time.perf_counter()
    response = client.get(url)
    first = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(times), len(queries), len(response.content)


def run() -> str:
    call_command("migrate", verbosity=0, interactive=False)
    start = time.perf_counter()
    team, user = build_team()
    built = time.perf_counter() - start
    start = time.perf_counter()
    busiest, busiest_posts, category = build_forum(team, user)
    forum_built = time.perf_counter() - start
    client = Client()
    client.force_login(user)
    slug = team.slug
    thread_url = reverse("forum:thread", args=[busiest.pk])
    last_page = -(-busiest_posts // 30)
    pages = [
        ("actor list (first page of 100)", reverse("actors:list", args=[slug]), 7, True),
        ("power grid", reverse("actors:grid", args=[slug]), 7, True),
        ("dashboard", reverse("teams:dashboard", args=[slug]), 7, True),
        ("network data (JSON, 150 actors)", reverse("actors:network_data", args=[slug]), 5, False),
        ("network page", reverse("actors:network", args=[slug]), 5, False),
        ("key persons", reverse("actors:key_persons", args=[slug]), 3, False),
        ("recruitment order", reverse("actors:recruitment", args=[slug]), 3, False),
        ("ladder board", reverse("actors:pipeline", args=[slug]), 5, False),
        (
            "forum: thread list of a category",
            reverse("forum:category", args=[category.slug]),
            7,
            True,
        ),
        ("forum: start page", reverse("forum:index"), 7, True),
        (f"forum: thread page (first of {last_page})", thread_url, 7, True),
        (f"forum: thread page (last of {last_page})", f"{thread_url}?page={last_page}", 7, True),
        ("forum: search, common word", reverse("forum:search") + "?q=Klimabeirat", 7, True),
        ("forum: search, two words", reverse("forum:search") + "?q=Stadtwerke+Haushalt", 7, True),
        ("forum: search, phrase", reverse("forum:search") + '?q="Radverkehr+Schule"', 7, True),
        ("best-practice library", reverse("library:index"), 7, True),
    ]
    rows = []
    for label, url, repeats, target in pages:
        first, median, queries, size = measure(client, url, repeats)
        verdict = ("yes" if median < TARGET_MS else "**no**") if target else "–"
        rows.append(
            f"| {label} | {median:.0f} | {first:.0f} | {queries} | {size / 1024:.0f} | {verdict} |"
        )
        print(rows[-1], flush=True)
    lines = [
        f"Measured {date.today().isoformat()} on {machine()}, SQLite (temporary file), "
        "`DEBUG=1`, other jobs sharing the machine. Reproduce with "
        "`.venv/bin/python bench/pages/run.py` (`--write` updates this section; also part "
        "of `make bench`).",
        "",
        f"One team with {ACTORS:,} actors in 6 sectors, {RELATIONSHIPS:,} relationships "
        f"(80 % between near neighbours, 20 % random) and {CONVERSATIONS:,} conversations "
        f"(built in {built:.0f} s), and a forum of {FORUM_THREADS:,} threads with "
        f"{FORUM_POSTS:,} posts over the step categories (a long tail: the busiest thread has "
        f"{busiest_posts} posts), every third post with a reaction, all indexed for search "
        f"(built and indexed in {forum_built:.0f} s). Times are the median of several "
        "requests with Django's test client after the first one (full view and template "
        "rendering, no network); "
        "the first request shows the cost with cold caches (key persons and the recruitment "
        "order are cached until the map changes, network layouts per set of actors and "
        "ties). Queries are counted for one request. Target: list, grid and dashboard "
        f"under {TARGET_MS} ms with a constant number of queries (for the power-analysis pages "
        "asserted in `klimapakete/actors/tests/test_views_analysis.py`, 20 vs 200 actors).",
        "",
        "Forum pages show 30 threads or posts per page and 20 search results; their query "
        "counts are asserted constant in `klimapakete/forum/tests/test_queries.py`. Search runs "
        "on SQLite's FTS5 over Snowball stems here (PostgreSQL uses its `german` "
        "configuration with a GIN index).",
        "",
        "Key persons need betweenness centrality (sampled from 100 actors above 500) and "
        "Louvain communities over the whole map: seconds at this size, so the result is "
        "cached per state of the map and only the first visit after a change pays. The "
        "network page draws at most 150 actors (the most powerful; filters show the rest); "
        "its time goes mostly into loading all ties and the actor picker with 5,000 options.",
        "",
        "| page | median ms | first request ms | queries | KiB | < 300 ms |",
        "|---|---|---|---|---|---|",
        *rows,
    ]
    return "\n".join(lines)


def write_section(body: str) -> None:
    """Replace the body of the ``## Pages`` section of BENCHMARKS.md, and nothing else."""
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text()
    head = "## Pages\n"
    start = text.index(head) + len(head)
    end = text.find("\n## ", start)
    end = len(text) if end == -1 else end + 1
    path.write_text(
        text[:start] + "\n" + body + "\n" + ("\n" if end < len(text) else "") + text[end:]
    )


def main() -> int:
    body = run()
    print()
    print(body)
    if "--write" in sys.argv:
        write_section(body)
        print("\nBENCHMARKS.md: ## Pages updated.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
