"""Capacity benchmark: how many active, logged-in users two cores serve.

Builds the demo teams (every app's demo builder) in a fresh database, multiplies the
demo team's data (``core.scale.scale_teams``: 1× and 100×), starts gunicorn on the
loopback with production settings (DEBUG off, manifest static files; only HTTPS is off
because the loopback has no TLS) and runs virtual users against it:

- every user has its own logged-in session (the three demo team members' accounts,
  shared round robin) and waits a think time (exponential, mean ``--think`` seconds,
  default 5) between requests;
- 70 % page views over the team's pages and the forum, 30 % writes (tick a checklist
  item, change an actor's power or stance inline, mark notifications read);
- steps of more and more users, each for ``--step`` seconds after a warm-up; the run
  stops after the first step that misses the target (p95 < 300 ms, no errors) by far,
  so it is bounded in time.

Reported per step: active users, requests per second, errors, p50/p95/p99 overall and per
page group. ``--write`` puts the table into the ``## Capacity`` section of BENCHMARKS.md.

    .venv/bin/python bench/load/run.py [--quick] [--database sqlite|postgres|both]
        [--scale 1,100] [--users 10,25,50,100,150,200,250,300] [--workers N --threads N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import re
import runpy
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = sys.executable
TARGET_P95_MS = 300
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/kp_perf_bench"
)


# ---------------------------------------------------------------------------- set-up


def environment(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="klimapakete.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )
    return env


def prepare(database: str, factor: int, sessions: int, workdir: Path) -> tuple[dict, dict]:
    if database == "sqlite":
        url = f"sqlite:///{workdir}/bench-{factor}.sqlite3"
    else:
        url = POSTGRES_URL
        reset_postgres(url)
    env = environment(url)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    out = subprocess.run(
        [PYTHON, str(HERE / "setup_data.py"), str(factor), str(sessions)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1]), env


def reset_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    base = url.rsplit("/", 1)[0] + "/postgres"
    code = (
        "import psycopg, sys\n"
        f"c = psycopg.connect({base!r}, autocommit=True)\n"
        f"c.execute('DROP DATABASE IF EXISTS {name} WITH (FORCE)')\n"
        f"c.execute('CREATE DATABASE {name}')\n"
    )
    subprocess.run([PYTHON, "-c", code], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, workers: int | None, threads: int | None):
    """gunicorn with the repository's gunicorn.conf.py (what docs/deployment.md runs);
    ``workers``/``threads`` override it for comparisons."""
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "klimapakete.wsgi",
        f"--config={ROOT / 'gunicorn.conf.py'}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    if workers:
        command.append(f"--workers={workers}")
    if threads:
        command.append(f"--threads={threads}")
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


# ---------------------------------------------------------------------------- users


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: list[tuple[float, str, float, bool]] = []  # time, group, ms, ok

    def add(self, group: str, ms: float, ok: bool) -> None:
        with self.lock:
            self.samples.append((time.monotonic(), group, ms, ok))


CSRF = re.compile(rb'"X-CSRFToken": "([^"]+)"')


class VirtualUser(threading.Thread):
    def __init__(self, port, session, plan, results, think, stop, seed, delay=0.0):
        super().__init__(daemon=True)
        self.port, self.plan, self.results, self.think = port, plan, results, think
        self.delay = delay  # seconds until this user arrives (the ramp)
        self.stop_event = stop
        self.rng = random.Random(seed)
        self.cookie = f"sessionid={session}"
        self.csrf = None
        self.conn = None

    def request(self, method, path, body=None):
        headers = {"Cookie": self.cookie, "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf or ""
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
            headers["HX-Request"] = "true"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                for key, value in response.getheaders():
                    if key.lower() == "set-cookie" and value.startswith("csrftoken="):
                        token = value.split(";", 1)[0]
                        self.cookie = "; ".join(
                            [c for c in self.cookie.split("; ") if not c.startswith("csrftoken=")]
                            + [token]
                        )
                match = CSRF.search(data)
                if match:
                    self.csrf = match.group(1).decode()
                return response.status
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    return 0
        return 0

    def run(self):
        pages, writes = self.plan["pages"], self.plan["writes"]
        page_groups = [g for g in pages if pages[g]]
        write_groups = [g for g in writes if writes[g]]
        # Arrive at the user's time on the ramp, then start with a page (it carries the
        # CSRF token).
        self.stop_event.wait(self.delay)
        self.request("GET", pages["dashboard"][0])
        while not self.stop_event.is_set():
            if self.rng.random() < 0.7 or not self.csrf:
                group = self.rng.choice(page_groups)
                method, path, body = "GET", self.rng.choice(pages[group]), None
            else:
                group = self.rng.choice(write_groups)
                method, path = "POST", self.rng.choice(writes[group])
                if group == "tick item":
                    body = urlencode({"done": self.rng.choice(["0", "1"])})
                elif group == "edit actor":
                    field = self.rng.choice(["power", "stance"])
                    value = self.rng.randint(1, 5) if field == "power" else self.rng.randint(-2, 2)
                    body = urlencode({"field": field, field: value})
                else:
                    body = ""
            started = time.perf_counter()
            status = self.request(method, path, body)
            ms = (time.perf_counter() - started) * 1000
            self.results.add(
                f"write: {group}" if method == "POST" else group, ms, status in (200, 204, 302)
            )
            self.stop_event.wait(self.rng.expovariate(1 / self.think))


def warm_up(port, plan, session) -> None:
    """Every page once per worker (imports, templates, caches) before anything counts."""
    user = VirtualUser(port, session, plan, Results(), 0, threading.Event(), 0)
    for _ in range(2):
        for paths in plan["pages"].values():
            for path in paths[:2]:
                user.request("GET", path)


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[index]


def run_step(port, plan, sessions, users, think, seconds, warmup, seed, spawn_rate):
    """``users`` arrive at ``spawn_rate`` per second (as people log in over a while, not
    all in the same second); the step is measured from ``warmup`` seconds after the last
    one arrived, for ``seconds``: the steady state of that many active users."""
    results = Results()
    stop = threading.Event()
    ramp = users / spawn_rate
    crowd = [
        VirtualUser(
            port,
            sessions[i % len(sessions)],
            plan,
            results,
            think,
            stop,
            seed + i,
            delay=i / spawn_rate,
        )
        for i in range(users)
    ]
    started = time.monotonic()
    for user in crowd:
        user.start()
    time.sleep(ramp + warmup + seconds)
    stop.set()
    for user in crowd:
        user.join(timeout=70)
    begin = started + ramp + warmup
    samples = [s for s in results.samples if s[0] >= begin]
    ms = [s[2] for s in samples]
    groups = defaultdict(list)
    for _t, group, value, _ok in samples:
        groups[group].append(value)
    return {
        "users": users,
        "load": os.getloadavg()[0],  # the machine's 1-minute load average at the step's end
        "requests": len(samples),
        "rps": len(samples) / seconds if seconds else 0,
        "errors": sum(1 for s in samples if not s[3]),
        "p50": percentile(ms, 50),
        "p95": percentile(ms, 95),
        "p99": percentile(ms, 99),
        "groups": {
            g: {
                "n": len(v),
                "p50": percentile(v, 50),
                "p95": percentile(v, 95),
                "p99": percentile(v, 99),
            }
            for g, v in sorted(groups.items())
        },
    }


# ---------------------------------------------------------------------------- report


def machine() -> str:
    model = "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, "
        f"load average {load:.1f} at the start"
    )


def capacity(steps) -> int:
    good = [s["users"] for s in steps if s["p95"] < TARGET_P95_MS and s["errors"] == 0]
    return max(good, default=0)


def table(runs) -> str:
    lines = [
        "| database | data | users | req/s | errors | p50 ms | p95 ms | p99 ms | load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        for s in run["steps"]:
            load = f"{s['load']:.1f}" if "load" in s else "–"
            lines.append(
                f"| {run['database']} | {run['factor']}× | {s['users']} | {s['rps']:.1f} | "
                f"{s['errors']} | {s['p50']:.0f} | {s['p95']:.0f} | {s['p99']:.0f} | {load} |"
            )
    return "\n".join(lines)


def factor_table(runs, database) -> str:
    """Per page group, p50 and p95 at the smallest and the largest factor, at the same
    number of users (the largest step both runs measured)."""
    mine = sorted((r for r in runs if r["database"] == database), key=lambda r: r["factor"])
    if len(mine) < 2 or not all(r["steps"] for r in mine):
        return ""
    small, large = mine[0], mine[-1]
    common = {s["users"] for s in small["steps"]} & {s["users"] for s in large["steps"]}
    if not common:
        return ""
    users = max(common)
    a = next(s for s in small["steps"] if s["users"] == users)
    b = next(s for s in large["steps"] if s["users"] == users)
    f1, f2 = small["factor"], large["factor"]
    lines = [
        f"Per page group, {database}, {users} users, {f1}× and {f2}× data:",
        "",
        f"| page group | p50 ms {f1}× | p50 ms {f2}× | p95 ms {f1}× | p95 ms {f2}× |",
        "|---|---|---|---|---|",
    ]
    for group in sorted(set(a["groups"]) | set(b["groups"])):
        x, y = a["groups"].get(group), b["groups"].get(group)

        def cell(v, key):
            return f"{v[key]:.0f}" if v else "–"

        lines.append(
            f"| {group} | {cell(x, 'p50')} | {cell(y, 'p50')} | {cell(x, 'p95')} | "
            f"{cell(y, 'p95')} |"
        )
    return "\n".join(lines) + "\n"


def group_table(run) -> str:
    top = max(run["steps"], key=lambda s: s["users"] if s["p95"] < TARGET_P95_MS else -1)
    lines = [
        f"Per page group, {run['database']}, {run['factor']}×, {top['users']} users:",
        "",
        "| page group | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    for g, v in top["groups"].items():
        lines.append(f"| {g} | {v['n']} | {v['p50']:.0f} | {v['p95']:.0f} | {v['p99']:.0f} |")
    return "\n".join(lines)


def write_section(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    content = path.read_text()
    start = content.find("## Capacity")
    if start == -1:
        content = content.rstrip() + "\n\n" + text + "\n"
    else:
        end = content.find("\n## ", start + 1)
        content = content[:start] + text + ("\n" + content[end + 1 :] if end != -1 else "\n")
    path.write_text(content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres", "both"])
    parser.add_argument("--scale", default="1,100")
    parser.add_argument("--users", default="10,25,50,100,150,200,250,300")
    parser.add_argument("--think", type=float, default=5.0)
    parser.add_argument("--step", type=float, default=30.0, help="seconds measured per step")
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds after the last user arrived"
    )
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users arriving per second")
    parser.add_argument("--workers", type=int, help="default: gunicorn.conf.py")
    parser.add_argument("--threads", type=int, help="default: gunicorn.conf.py")
    parser.add_argument("--quick", action="store_true", help="1x, 10 and 25 users, 10 s steps")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--report", type=Path, help="write BENCHMARKS.md from results saved with --json"
    )
    own = Path(sys.argv[0]).resolve() == Path(__file__).resolve()
    args = parser.parse_args(None if own else [])  # under bench/run.py: the defaults
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    args.workers, args.threads = args.workers or conf["workers"], args.threads or conf["threads"]
    if args.quick:
        args.scale, args.users, args.step, args.warmup = "1", "10,25", 10.0, 3.0
    if args.report:
        saved = json.loads(args.report.read_text())
        if isinstance(saved, list):  # raw runs: the settings are this call's
            settings = {k: getattr(args, k) for k in ("workers", "threads", "think", "step")}
            saved = {"runs": saved, "machine": machine(), "args": {**settings, "warmup": 6}}
        write_section(report(saved["runs"], saved["machine"], saved["args"]))
        return
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    factors = [int(f) for f in args.scale.split(",")]
    user_steps = [int(u) for u in args.users.split(",")]
    header = machine()
    runs = []
    with tempfile.TemporaryDirectory(prefix="klimapakete-bench-load-") as tmp:
        for database in databases:
            for factor in factors:
                started = time.monotonic()
                plan, env = prepare(database, factor, max(user_steps), Path(tmp))
                print(
                    f"{database} {factor}×: {plan['counts']} built in "
                    f"{plan['built_seconds']:.0f} s",
                    flush=True,
                )
                port = free_port()
                server = start_server(env, port, args.workers, args.threads)
                steps = []
                try:
                    warm_up(port, plan, plan["sessions"][0])
                    for users in user_steps:
                        step = run_step(
                            port,
                            plan,
                            plan["sessions"],
                            users,
                            args.think,
                            args.step,
                            args.warmup,
                            seed=factor * 1000 + users,
                            spawn_rate=args.spawn_rate,
                        )
                        steps.append(step)
                        print(
                            f"  {users:4} users: {step['rps']:6.1f} req/s, p50 {step['p50']:6.0f}"
                            f" ms, p95 {step['p95']:6.0f} ms, p99 {step['p99']:6.0f} ms, "
                            f"errors {step['errors']}",
                            flush=True,
                        )
                        if (
                            step["p95"] > 3 * TARGET_P95_MS
                            or step["errors"] > step["requests"] / 20
                        ):
                            break  # far past the target: the next steps only take longer
                finally:
                    stop_server(server)
                runs.append(
                    {
                        "database": database,
                        "factor": factor,
                        "counts": plan["counts"],
                        "steps": steps,
                        "seconds": time.monotonic() - started,
                    }
                )
    summary = [
        f"{r['database']} {r['factor']}×: {capacity(r['steps'])} active users with p95 < "
        f"{TARGET_P95_MS} ms and no errors"
        for r in runs
    ]
    print("\n".join(summary))
    settings = {
        "workers": args.workers,
        "threads": args.threads,
        "think": args.think,
        "step": args.step,
        "warmup": args.warmup,
        "spawn_rate": args.spawn_rate,
    }
    if args.json:
        args.json.write_text(
            json.dumps({"runs": runs, "machine": header, "args": settings}, indent=1)
        )
    if args.write:
        write_section(report(runs, header, settings))


def report(runs, header, args) -> str:
    summary = [
        f"{r['database']} {r['factor']}×: {capacity(r['steps'])} active users with p95 < "
        f"{TARGET_P95_MS} ms and no errors"
        for r in runs
    ]
    lines = [
        "## Capacity",
        "",
        f"Measured {date.today().isoformat()} on {header}; the load column is the machine's "
        "1-minute load average at the end of each step (the load generator runs on the same "
        "two cores; anything above about 2 means other work shared them, and the figures "
        "are then lower bounds). Reproduce with `.venv/bin/python bench/load/run.py "
        "--database both --write` (also part of `make bench`).",
        "",
        "gunicorn with production settings (DEBUG off, manifest static files, loopback "
        f"without TLS) and the repository's `gunicorn.conf.py`: {args['workers']} processes "
        f"× {args['threads']} threads (gthread). Logged-in users, think time exponential "
        f"with mean {args['think']:g} s, "
        f"70 % page views / 30 % writes. Users arrive at "
        f"{args.get('spawn_rate', 10):g} per second (200 users log in over 20 s); each step "
        f"is measured for {args['step']:g} s, starting {args['warmup']:g} s after the last "
        f"user arrived (the steady state of that many active users). Target: p95 < "
        f"{TARGET_P95_MS} ms, no errors.",
        "",
        "Data: the demo teams with the demo team multiplied by `core.scale` — "
        + "; ".join(
            f"{factor}×: {counts.get('actors', 0):,} actors, "
            f"{counts.get('relationships', 0):,} relationships, "
            f"{counts.get('conversations', 0):,} conversations"
            for factor, counts in sorted({r["factor"]: r["counts"] for r in runs}.items())
        )
        + ".",
        "",
        *[f"- {line}" for line in summary],
        "",
        table(runs),
        "",
        *[factor_table(runs, d) for d in dict.fromkeys(r["database"] for r in runs)],
        *[group_table(r) + "\n" for r in runs if r["steps"]],
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
