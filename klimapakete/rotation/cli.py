"""The ``klimapakete rotate`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klimapakete.rotation.io import (
    read_hosts,
    read_pairs,
    read_participants,
    write_json,
    write_plan,
)
from klimapakete.rotation.model import RotationError, RotationProblem
from klimapakete.rotation.solve import solve

HELP = """Plan breakout rounds: groups of about GROUP_SIZE (round(n / GROUP_SIZE) groups,
halves rounded up; sizes differ by at most one), at most one person per sector at a
table where possible, nobody meeting twice where possible."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``rotate`` sub-command."""
    parser = subparsers.add_parser("rotate", help="plan breakout rounds", description=HELP)
    parser.add_argument("--participants", required=True, help="CSV with columns id,sector")
    parser.add_argument("--rounds", required=True, type=int, help="number of rounds")
    parser.add_argument("--group-size", required=True, type=int, help="people per group (about)")
    parser.add_argument(
        "--keep-apart", help="CSV with columns id1,id2: pairs never seated together"
    )
    parser.add_argument(
        "--hosts",
        help="CSV with column id: hosts who stay at one table (the first at table 1, ...)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--time-limit", type=float, default=10.0, help="seconds for the search (default 10)"
    )
    parser.add_argument("--output-dir", required=True, help="where plan.csv and summary.json go")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the command; exit code 0 on success, 2 on bad input."""
    try:
        people = read_participants(args.participants)
        pairs = []
        if args.keep_apart:
            pairs = read_pairs(args.keep_apart, {p.id for p in people})
        hosts = []
        if args.hosts:
            hosts = read_hosts(args.hosts, {p.id for p in people})
        problem = RotationProblem(
            participants=tuple(people),
            rounds=args.rounds,
            group_size=args.group_size,
            keep_apart=tuple(pairs),
            hosts=tuple(hosts),
        )
        result = solve(problem, seed=args.seed, time_limit=args.time_limit)
    except RotationError as exc:
        print(f"klimapakete rotate: error: {exc.message}", file=sys.stderr)
        return 2
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_plan(result.plan, out / "plan.csv")
    summary = result.summary()
    summary["seed"] = args.seed
    write_json(summary, out / "summary.json")
    m, b = result.metrics, result.bounds
    print(
        f"{m.rounds} rounds, {m.groups} groups: repeated pairs {m.repeated_pairs} "
        f"(at least {b.repeated_pairs}), sector clashes {m.sector_clashes_over_one} "
        f"(at least {b.sector_clashes_over_one}; over the fair share {m.sector_clashes}, "
        f"at least {b.sector_clashes}), size spread {m.size_spread}, "
        f"bound {m.round_bound} rounds, {result.seconds:.2f} s -> {out}"
    )
    best = summary.get("best_groups")
    if best is not None and best != m.groups:
        print(f"{best} groups would do better; see group_options in summary.json")
    return 0
