"""Page benchmark: every main page at 1× and at 100× of the demo team, in the same run.

Each factor is built in a fresh process and SQLite file the way the load benchmark does it
(``bench/load/setup_data.py``: the demo teams, then ``core.scale.scale_teams`` multiplies
every row of the demo team — actors, relationships, conversations, the workshop's
participants, respondents, forum threads …). Then the same pages (the same actor, the same
workshop, the same thread: copies only add data around them) are requested with Django's
test client as a logged-in member: one warm-up request, the median of several more, the
number of queries of one request and the size of the answer.

Reported per page: median ms at 1× and 100×, their ratio, queries at 1× and 100×, KiB, and
whether the page holds the issue-12 target (ratio ≤ 1.5 and equal query counts).

    .venv/bin/python bench/pages/run.py [--write] [--scale 100] [--repeats 5]

``--write`` replaces the ``## Pages`` section of BENCHMARKS.md. Also part of ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = sys.executable
TARGET_RATIO = 1.5


def page_urls() -> list[tuple[str, str]]:
    """(label, URL) of every measured page, on the demo team (inside the child process)."""
    from django.db.models import Count
    from django.urls import reverse

    from klimapakete.forum.models import Category, Thread
    from klimapakete.teams.models import Team

    team = Team.objects.get(name="LocalZero Musterstadt")
    t = {"team_slug": team.slug}
    # The original rows (lowest ids): their copies only add data around them.
    actor = team.actors.filter(relations_out__isnull=False).order_by("pk").first()
    actor = actor or team.actors.order_by("pk").first()
    selection = team.selections.order_by("pk").first()
    workshop = team.workshops.order_by("pk").first()
    thread = (
        Thread.objects.annotate(n=Count("posts")).order_by("-n", "pk").first()
        if Thread.objects.exists()
        else None
    )
    category = Category.objects.filter(threads__isnull=False).order_by("pk").first()
    word = actor.name.split()[0] if actor else "a"
    pages = [
        ("dashboard", reverse("teams:dashboard", kwargs=t)),
        ("actor list", reverse("actors:list", kwargs=t)),
        ("actor search", reverse("actors:list", kwargs=t) + f"?q={word}"),
        ("actor detail", reverse("actors:detail", kwargs={**t, "actor_id": actor.pk})),
        ("power grid", reverse("actors:grid", kwargs=t)),
        ("pipeline", reverse("actors:pipeline", kwargs=t)),
        ("key persons", reverse("actors:key_persons", kwargs=t)),
        ("network page", reverse("actors:network", kwargs=t)),
        ("network data (JSON)", reverse("actors:network_data", kwargs=t)),
        ("recruitment order", reverse("actors:recruitment", kwargs=t)),
        ("introductions", reverse("actors:introductions", kwargs=t)),
    ]
    if actor is not None:
        network = reverse("actors:network", kwargs=t)
        pages += [
            (
                "introductions (one target)",
                reverse("actors:introductions", kwargs=t) + f"?target={actor.pk}",
            ),
            ("network: around one actor", network + f"?actor={actor.pk}&hops=2"),
        ]
        if actor.sector_id:
            pages.append(("network: one sector", network + f"?sector={actor.sector_id}"))
    if selection is not None:
        kwargs = {**t, "selection_id": selection.pk}
        pages.append(("selection pool", reverse("selection:respondents", kwargs=kwargs)))
    if workshop is not None:
        kwargs = {**t, "workshop_id": workshop.pk}
        pages += [
            ("workshop page", reverse("workshops:detail", kwargs=kwargs)),
            ("workshop participants", reverse("workshops:participants", kwargs=kwargs)),
        ]
    pages.append(("forum: start page", reverse("forum:index")))
    if category is not None:
        pages.append(("forum: category", reverse("forum:category", args=[category.slug])))
    if thread is not None:
        pages.append(("forum: busiest thread", reverse("forum:thread", args=[thread.pk])))
        word = (thread.title.split() or ["Klima"])[0]
        pages.append(("forum: search", reverse("forum:search") + f"?q={word}"))
    pages.append(("best-practice library", reverse("library:index")))
    return pages


def measure_child(factor: int, repeats: int) -> dict:
    """Runs in a fresh process whose DATABASE_URL points at an empty SQLite file."""
    sys.path.insert(0, str(HERE.parent / "load"))
    import setup_data  # noqa: E402 - bench/load/setup_data.py

    plan = setup_data.main(factor, 1)
    from django.db import connection
    from django.test import Client

    client = Client()
    client.cookies["sessionid"] = plan["sessions"][0]
    results = {}
    for label, url in page_urls():
        response = client.get(url)  # warm-up: imports, templates, caches
        assert response.status_code == 200, (label, url, response.status_code)
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        times, cpu = [], []
        for _ in range(repeats):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results[label] = {
            "url": url,
            "ms": statistics.median(times),
            "cpu_ms": statistics.median(cpu),
            "queries": len(queries),
            "bytes": len(response.content),
        }
        print(f"  {factor}× {label}: {results[label]['ms']:.0f} ms", file=sys.stderr, flush=True)
        if label == "key persons":
            # The analyses were computed as the worker would (setup_data): the page must
            # show its ranking, not the "being computed" notice.
            assert 'class="ranked"' in response.content.decode(), (factor, "no key persons")
    return {"factor": factor, "counts": plan["counts"], "built": plan["built_seconds"], **results}


def run_factor(factor: int, repeats: int, workdir: Path) -> dict:
    # Production settings, as the capacity benchmark runs them (DEBUG off: no query log,
    # manifest static files), except HTTPS, which the test client does not speak.
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="klimapakete.settings",
        DATABASE_URL=f"sqlite:///{workdir}/pages-{factor}.sqlite3",
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    out = subprocess.run(
        [PYTHON, __file__, "--child", str(factor), "--repeats", str(repeats)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    model = "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def report(small: dict, large: dict, loads: tuple[float, float]) -> str:
    factor = large["factor"]
    rows, missed = [], []
    for label, one in small.items():
        if not isinstance(one, dict) or "ms" not in one or label not in large:
            continue
        many = large[label]
        ratio = many["ms"] / one["ms"] if one["ms"] else float("inf")
        cpu_ratio = many["cpu_ms"] / one["cpu_ms"] if one["cpu_ms"] else float("inf")
        ok = ratio <= TARGET_RATIO and one["queries"] == many["queries"]
        if not ok:
            missed.append(label)
        rows.append(
            f"| {label} | {one['ms']:.0f} | {many['ms']:.0f} | {ratio:.1f} | {cpu_ratio:.1f} | "
            f"{one['queries']} / {many['queries']} | {one['bytes'] / 1024:.0f} / "
            f"{many['bytes'] / 1024:.0f} | {'yes' if ok else '**no**'} |"
        )
    counts = large["counts"]
    lines = [
        f"Measured {date.today().isoformat()} on {machine()}, SQLite (temporary files), "
        "production settings (`DEBUG=0`, cached templates, manifest static files), load average "
        f"{loads[0]:.1f} at the start and {loads[1]:.1f} at the end of the run. Reproduce with "
        "`.venv/bin/python bench/pages/run.py` (`--write` updates this section; also part of "
        "`make bench`).",
        "",
        f"The demo team at 1× ({small['counts']['actors']:,} actors, "
        f"{small['counts']['relationships']:,} relationships) and at {factor}× "
        f"({counts['actors']:,} actors, {counts['relationships']:,} relationships, "
        f"{counts['conversations']:,} conversations; every row of the team copied with "
        f"`core.scale`, built in {large['built']:.0f} s), each in its own database. The same "
        "page (the same actor, workshop, thread) is requested as a logged-in member with "
        "Django's test client: the median of several requests after a warm-up (full view and "
        "template rendering, no network), the queries of one request and the answer's size. "
        f"Target (issue 12): the {factor}× median at most {TARGET_RATIO}× the 1× median and "
        "the same number of queries; query counts are also asserted for every page in "
        "`core/tests/test_page_queries.py` (1× vs 10×). The CPU ratio compares the process "
        "time of the requests (the server's own work, SQLite included): on a shared machine "
        "it is the steadier figure, since 1× and 100× run one after the other.",
        "",
        f"| page | median ms 1× | median ms {factor}× | ratio | CPU ratio | "
        f"queries 1× / {factor}× | KiB 1× / {factor}× | target |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        (
            f"Pages missing the target: {', '.join(missed)}."
            if missed
            else "Every page holds the target."
        ),
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--scale", type=int, default=100, help="the large factor")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    own = Path(sys.argv[0]).resolve() == Path(__file__).resolve()
    args = parser.parse_args(None if own else [])  # under bench/run.py: the defaults
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure_child(args.child, args.repeats)))
        return 0
    start_load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="klimapakete-bench-pages-") as tmp:
        small = run_factor(1, args.repeats, Path(tmp))
        large = run_factor(args.scale, args.repeats, Path(tmp))
    body = report(small, large, (start_load, os.getloadavg()[0]))
    print()
    print(body)
    if args.write:
        write_section(body)
        print("\nBENCHMARKS.md: ## Pages updated.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
