"""Breakout rotation benchmark: generated instances, known golfer rows, re-planning.

Run with ``.venv/bin/python bench/rotation/run.py [--quick] [--time-limit S]`` (or
``make bench``). Prints Markdown tables for BENCHMARKS.md and writes every
instance with its plan and summary under ``bench/out/rotation/``.

Two instance sets are solved side by side with the greedy baseline and the
lower bounds: set A (generator seed 1, written plainly) and set B (seed 2,
written scrambled: other ids, renamed sectors, shuffled rows, ``;``, singleton
sectors as blanks or names) — B checks that nothing was tuned to A or to how it
is written. Plans come from the real command (``klimapakete rotate`` reading
the CSV files); late arrivals are re-planned through the library.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import platform
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "bench" / "out" / "rotation"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from baseline import greedy_plan  # noqa: E402
from instances import Instance, generate, write  # noqa: E402

from klimapakete.cli import main as cli_main  # noqa: E402
from klimapakete.rotation import (  # noqa: E402
    Participant,
    RotationProblem,
    compute_metrics,
    replan,
    solve,
)
from klimapakete.rotation.io import read_hosts, read_pairs, read_participants  # noqa: E402

KNOWN_BEST = Path("/work/shared/benchmarks/rotation/known_best.csv")
SETS = [("A", 1, "plain"), ("B", 2, "scrambled")]


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, Python {platform.python_version()}"


@dataclass
class Row:
    label: str
    kind: str
    n: int
    shape: str
    greedy: tuple[int, int, int]
    ours: tuple[int, int, int]
    bounds: tuple[int, int, int]
    seconds: float
    method: str
    best_groups: int | None = None

    @property
    def at_bound(self) -> tuple[bool, bool, bool]:
        return tuple(o <= b for o, b in zip(self.ours, self.bounds, strict=True))  # type: ignore[return-value]


def values(metrics) -> tuple[int, int, int]:
    return (metrics.repeated_pairs, metrics.sector_clashes_over_one, metrics.sector_clashes)


def bound_values(bounds: dict) -> tuple[int, int, int]:
    return (bounds["repeated_pairs"], bounds["sector_clashes_over_one"], bounds["sector_clashes"])


def read_late(path: Path, delimiter: str) -> tuple[list[Participant], list[str]]:
    arrived, cancelled = [], []
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=delimiter):
            if row["change"] == "arrives":
                arrived.append(Participant(row["id"], row["sector"] or None))
            else:
                cancelled.append(row["id"])
    return arrived, cancelled


def run_instance(inst: Instance, folder: Path, style: str, seed: int, limit: float) -> Row:
    paths = write(inst, folder / "input", style, seed=seed)
    people = read_participants(paths["participants"])
    known = {p.id for p in people}
    pairs = read_pairs(paths["keep_apart"], known) if "keep_apart" in paths else []
    hosts = read_hosts(paths["hosts"], known) if "hosts" in paths else []
    problem = RotationProblem(
        tuple(people),
        rounds=inst.rounds,
        group_size=inst.group_size,
        keep_apart=tuple(pairs),
        hosts=tuple(hosts),
    )
    if inst.late is None:
        args = [
            "rotate",
            "--participants",
            str(paths["participants"]),
            "--rounds",
            str(inst.rounds),
            "--group-size",
            str(inst.group_size),
            "--time-limit",
            str(limit),
            "--output-dir",
            str(folder / "output"),
        ]
        if pairs:
            args += ["--keep-apart", str(paths["keep_apart"])]
        if hosts:
            args += ["--hosts", str(paths["hosts"])]
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli_main(args) == 0
        summary = json.loads((folder / "output" / "summary.json").read_text())
        groups = summary["groups"]
        ours = (
            summary["repeated_pairs"],
            summary["sector_clashes_over_one"],
            summary["sector_clashes"],
        )
        bounds = bound_values(summary["bounds"])
        seconds, method = summary["seconds"], summary["method"]
        best_groups = summary.get("best_groups")
        base_problem = problem
        held: tuple = ()
    else:
        delimiter = ";" if style == "scrambled" else ","
        arrived, cancelled = read_late(paths["late"], delimiter)
        first = solve(problem, seed=0, time_limit=limit)
        start = time.perf_counter()
        result = replan(
            problem,
            first.plan,
            held_rounds=inst.late.held,
            cancelled=cancelled,
            arrived=arrived,
            seed=0,
            time_limit=limit,
        )
        seconds = time.perf_counter() - start
        groups = result.metrics.groups
        ours = values(result.metrics)
        bounds = bound_values(result.bounds.as_dict())
        method = f"{result.method}, {result.metrics.moved_people} moved"
        best_groups = None
        base_problem = RotationProblem(
            tuple(people) + tuple(arrived),
            rounds=inst.rounds,
            num_groups=groups,
            absent=frozenset(cancelled),
            held=first.plan.rounds[: inst.late.held],
        )
        held = first.plan.rounds[: inst.late.held]
    present = [p for p in base_problem.participants if p.id not in base_problem.absent]
    greedy = greedy_plan(present, inst.rounds, groups=groups, seed=0, held=held)
    base = values(compute_metrics(base_problem, greedy))
    n = len(present)
    return Row(
        label=inst.name,
        kind=inst.kind + (" (late)" if inst.late else "") + (" (hosts)" if inst.hosts else ""),
        n=n,
        shape=f"{groups} × {inst.rounds}",
        greedy=base,
        ours=ours,
        bounds=bounds,
        seconds=seconds,
        method=method,
        best_groups=best_groups,
    )


def fmt(v: tuple[int, int, int]) -> str:
    return " / ".join(str(x) for x in v)


def mark(row: Row) -> str:
    hits = row.at_bound
    if all(hits):
        return "all"
    names = ["repeats", "clashes", "excess"]
    return "gap: " + ", ".join(
        f"{name} +{o - b}"
        for name, o, b, hit in zip(names, row.ours, row.bounds, hits, strict=True)
        if not hit
    )


def generated(limit: float, quick: bool) -> list[Row]:
    print(
        "| set | instance | class | n | tables × rounds | greedy | ours | lower bounds "
        "| at bound | s | method |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for name, seed, style in SETS:
        instances = generate(seed)
        if quick:
            instances = instances[::4]
        for inst in instances:
            row = run_instance(inst, OUT / name / inst.name, style, seed, limit)
            rows.append(row)
            print(
                f"| {name} | {row.label} | {row.kind} | {row.n} | {row.shape} | "
                f"{fmt(row.greedy)} | {fmt(row.ours)} | {fmt(row.bounds)} | {mark(row)} | "
                f"{row.seconds:.2f} | {row.method} |",
                flush=True,
            )
    print()
    return rows


def known_best(limit: float) -> None:
    print(f"### Known golfer rows at the best known rounds (time limit {limit:.0f} s, seed 0)\n")
    print(
        "| groups × size | rounds | proven | no sectors: repeats / s "
        "| distinct sectors: repeats / s | method |"
    )
    print("|---|---|---|---|---|---|")
    with KNOWN_BEST.open() as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        g, s = int(row["groups"]), int(row["group_size"])
        rounds = int(row["best_known_rounds"])
        cells = []
        method = ""
        for column in ("blank", "distinct"):
            people = tuple(
                Participant(f"p{i}", f"org {i}" if column == "distinct" else None)
                for i in range(g * s)
            )
            result = solve(
                RotationProblem(people, rounds=rounds, num_groups=g), seed=0, time_limit=limit
            )
            cells.append(f"{result.metrics.repeated_pairs} / {result.seconds:.2f}")
            method = result.method
        print(
            f"| {g} × {s} | {rounds} | {row['proven_optimal']} | {cells[0]} | {cells[1]} "
            f"| {method} |",
            flush=True,
        )
    print()


def summary(rows: list[Row]) -> None:
    print("| set | class | instances | repeats at bound | clashes at bound | excess at bound "
          "| slowest s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    half = len(rows) // 2
    for name, chunk in (("A", rows[:half]), ("B", rows[half:])):
        for kind in ("workshop", "golfer", "balanced"):
            group = [r for r in chunk if r.kind.startswith(kind)]
            if not group:
                continue
            hits = [r.at_bound for r in group]
            print(
                f"| {name} | {kind} | {len(group)} | {sum(h[0] for h in hits)} | "
                f"{sum(h[1] for h in hits)} | {sum(h[2] for h in hits)} | "
                f"{max(r.seconds for r in group):.2f} |"
            )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="every fourth instance, 2 s limit")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--no-known", action="store_true", help="skip the known golfer rows")
    args = parser.parse_args()
    limit = 2.0 if args.quick else args.time_limit
    print(f"Machine: {machine()}, {date.today().isoformat()}\n")
    rows = generated(limit, args.quick)
    summary(rows)
    if not args.no_known and not args.quick:
        known_best(limit)


if __name__ == "__main__":
    main()
