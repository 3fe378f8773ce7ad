"""Breakout rotation benchmark: known instances, workshops, re-planning, greedy baseline.

Run with ``.venv/bin/python bench/rotation/run.py`` (or ``make bench``).
Prints Markdown tables for BENCHMARKS.md.
"""

from __future__ import annotations

import csv
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from baseline import greedy_plan  # noqa: E402

from klimapakete.rotation import (  # noqa: E402
    Participant,
    RotationProblem,
    compute_metrics,
    replan,
    solve,
)

KNOWN_BEST = Path("/work/shared/benchmarks/rotation/known_best.csv")
TIME_LIMIT = 10.0
WORKSHOP_SECTORS = (12, 9, 9, 7, 6, 4)
CANCELLED = ("s0-3", "s1-1", "s2-5", "s3-0", "s4-2")


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


def plain(n: int) -> tuple[Participant, ...]:
    return tuple(Participant(f"p{i}") for i in range(n))


def workshop() -> tuple[Participant, ...]:
    return tuple(
        Participant(f"s{k}-{i}", f"sector {k}")
        for k, size in enumerate(WORKSHOP_SECTORS)
        for i in range(size)
    )


def baseline_metrics(problem: RotationProblem, groups: int):
    start = time.perf_counter()
    plan = greedy_plan(list(problem.participants), problem.rounds, groups=groups, seed=0)
    return compute_metrics(problem, plan), time.perf_counter() - start


def known_best() -> None:
    print(f"### Known instances (time limit {TIME_LIMIT:.0f} s, seed 0)\n")
    print(
        "| groups × size | rounds (best known) | proven | ours: repeats | ours: s | method "
        "| greedy: repeats |"
    )
    print("|---|---|---|---|---|---|---|")
    with KNOWN_BEST.open() as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        g, s = int(row["groups"]), int(row["group_size"])
        rounds = int(row["best_known_rounds"])
        problem = RotationProblem(plain(g * s), rounds=rounds, num_groups=g)
        result = solve(problem, seed=0, time_limit=TIME_LIMIT)
        base, _ = baseline_metrics(problem, g)
        print(
            f"| {g} × {s} | {rounds} | {row['proven_optimal']} | "
            f"{result.metrics.repeated_pairs} | {result.seconds:.2f} | {result.method} | "
            f"{base.repeated_pairs} |",
            flush=True,
        )
    print()


def sectors_7x6() -> None:
    people = tuple(Participant(f"{s}{i}", s) for s in "ABCDEF" for i in range(7))
    problem = RotationProblem(people, rounds=7, group_size=6)
    result = solve(problem, seed=0)
    base, base_s = baseline_metrics(problem, 7)
    m = result.metrics
    print("### One person per sector: 6 sectors × 7 people, 7 rounds\n")
    print("| planner | repeats | max meetings | sector clashes | seconds |")
    print("|---|---|---|---|---|")
    print(
        f"| ours ({result.method}) | {m.repeated_pairs} | {m.max_meetings} | "
        f"{m.sector_clashes} | {result.seconds:.4f} |"
    )
    print(
        f"| greedy | {base.repeated_pairs} | {base.max_meetings} | "
        f"{base.sector_clashes} | {base_s:.2f} |\n"
    )


def workshop_and_replan() -> None:
    problem = RotationProblem(workshop(), rounds=4, group_size=5)
    print("### Workshop: 47 people in sectors of 12, 9, 9, 7, 6, 4; groups of about 5\n")
    print("| case | seed | repeats | sector clashes | size spread | moved people (seats) | s |")
    print("|---|---|---|---|---|---|---|")
    for seed in range(5):
        first = solve(problem, seed=seed, time_limit=TIME_LIMIT)
        m = first.metrics
        print(
            f"| plan 4 rounds, 9 groups | {seed} | {m.repeated_pairs} | {m.sector_clashes} | "
            f"{m.size_spread} | – | {first.seconds:.3f} |"
        )
        again = replan(
            problem,
            first.plan,
            held_rounds=1,
            cancelled=CANCELLED,
            seed=seed,
            time_limit=TIME_LIMIT,
        )
        m = again.metrics
        print(
            f"| 5 cancellations, re-plan rounds 2–4 | {seed} | {m.repeated_pairs} | "
            f"{m.sector_clashes} | {m.size_spread} | {m.moved_people} ({m.moved_seats}) | "
            f"{again.seconds:.3f} |",
            flush=True,
        )
    print()


def side_by_side() -> None:
    print("### Ours against the round-by-round greedy baseline (200 random partitions per round)\n")
    print(
        "| instance | rounds | bound | ours: repeats / clashes | ours: s "
        "| greedy: repeats / clashes | greedy: s |"
    )
    print("|---|---|---|---|---|---|---|")
    cases = [("workshop 47, groups of ~5", workshop(), 5, r) for r in (3, 4, 5, 6, 7, 8)]
    cases += [("32 people, 8 × 4", plain(32), 4, r) for r in (6, 8, 9, 10)]
    cases += [("40 people, 10 × 4", plain(40), 4, r) for r in (8, 10, 12, 13)]
    for name, people, size, rounds in cases:
        problem = RotationProblem(people, rounds=rounds, group_size=size)
        result = solve(problem, seed=0, time_limit=TIME_LIMIT)
        base, base_s = baseline_metrics(problem, result.metrics.groups)
        m = result.metrics
        print(
            f"| {name} | {rounds} | {m.round_bound} | {m.repeated_pairs} / {m.sector_clashes} "
            f"| {result.seconds:.2f} | {base.repeated_pairs} / {base.sector_clashes} "
            f"| {base_s:.2f} |",
            flush=True,
        )
    print()


def main() -> None:
    print(f"Machine: {machine()}\n")
    sectors_7x6()
    workshop_and_replan()
    known_best()
    side_by_side()


if __name__ == "__main__":
    main()
