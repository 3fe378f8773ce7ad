"""``klimapakete select`` and ``klimapakete verify-draw``: LEXIMIN selection from CSV files.

Exit codes: 0 success, 2 bad input or infeasible quotas, 1 internal error (a result that
fails the independent checker).
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import time
from pathlib import Path

from klimapakete.sortition import checker, feasibility, transparent
from klimapakete.sortition.draw import draw_index, seed_commitment
from klimapakete.sortition.io import CsvError, read_categories, read_respondents
from klimapakete.sortition.leximin import leximin
from klimapakete.sortition.model import Distribution, Instance, InstanceError
from klimapakete.tables import COMMAND_LINE, TableError, describe, read_file, write_csv

DRAW_METHOD = (
    "u = SHA-256(seed as UTF-8) as big-endian integer / 2^256; the drawn panel is the first "
    "row i of distribution.csv with p_1+...+p_i > u * (p_1+...+p_N), in exact arithmetic "
    "on the probabilities as written"
)

TRANSPARENT_METHOD = (
    "lottery.csv lists M equally likely panels numbered 1..M. Physical draw: digits d "
    "(e.g. three ten-sided dice for M = 1000, 000..999) select panel d + 1. Digital draw: "
    "u as above, panel floor(u * M) + 1"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``select`` and ``verify-draw`` sub-commands."""
    p = subparsers.add_parser(
        "select",
        help="fair panel selection by lot (LEXIMIN) from CSV files",
        description="Compute the LEXIMIN lottery over quota-satisfying panels and draw one.",
    )
    p.add_argument("--categories", required=True, type=Path, help="category,feature,min,max")
    p.add_argument("--respondents", required=True, type=Path, help="one column per category")
    p.add_argument("--panel-size", required=True, type=int, metavar="K")
    p.add_argument("--output-dir", required=True, type=Path, metavar="DIR")
    p.add_argument("--seed", help="seed for the draw (default: a fresh random one)")
    p.add_argument("--time-limit", type=float, metavar="SECONDS", help="stop early")
    p.add_argument(
        "--transparent",
        type=int,
        metavar="M",
        help="also round the lottery to M equally likely panels for a physical draw "
        "(lottery.csv; e.g. 1000 for three ten-sided dice) and draw one of them with the seed",
    )
    p.set_defaults(func=run_select)

    v = subparsers.add_parser(
        "verify-draw",
        help="recompute the drawn panel from distribution.csv and the seed",
    )
    source = v.add_mutually_exclusive_group(required=True)
    source.add_argument("--distribution", type=Path, help="distribution.csv")
    source.add_argument("--lottery", type=Path, help="lottery.csv of M equally likely panels")
    v.add_argument("--seed", help="the seed (digital draw)")
    v.add_argument("--number", help="with --lottery: the drawn digits of a physical draw")
    v.add_argument("--panel", type=Path, help="panel.csv to compare with")
    v.set_defaults(func=run_verify)


def _fail(message: str) -> int:
    print(f"klimapakete select: {message}", file=sys.stderr)
    return 2


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    # Data files for programs (and for anyone re-checking the draw): cells as they are.
    path.write_bytes(write_csv(header, rows, bom=False, safe=False))


def run_select(args: argparse.Namespace) -> int:
    """Run ``klimapakete select``; return the exit code."""
    started = time.monotonic()
    seed = args.seed if args.seed is not None else secrets.token_hex(16)
    try:
        categories, quotas = read_categories(args.categories)
        respondents = read_respondents(args.respondents, categories, quotas)
    except CsvError as exc:
        return _fail(str(exc))
    instance = Instance(categories, quotas, respondents, args.panel_size)
    try:
        instance.validate()
    except InstanceError as exc:
        return _fail(f"{args.respondents}: {exc}")
    out: Path = args.output_dir
    out.mkdir(parents=True, exist_ok=True)
    summary: dict[str, object] = {
        "n": instance.n,
        "k": instance.panel_size,
        "categories": len(categories),
        "seed": seed,
        "seed_sha256": seed_commitment(seed),
    }
    report = feasibility.check(instance)
    if not report.feasible:
        summary.update(
            status="infeasible",
            min_probability=None,
            panels=0,
            seconds=round(time.monotonic() - started, 3),
            explanation=report.as_dict(),
        )
        (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        return _fail(report.message)

    result = leximin(instance, time_limit=args.time_limit)
    problems = checker.check(instance, result.distribution, result.probabilities)
    if problems:
        print("klimapakete select: internal error, result failed the check:", file=sys.stderr)
        for problem in problems[:10]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    dist = result.distribution
    index = draw_index(dist.probabilities, seed)
    _write_csv(
        out / "probabilities.csv",
        ["id", "probability"],
        [[rid, repr(p)] for rid, p in result.probabilities.items()],
    )
    _write_csv(
        out / "distribution.csv",
        ["panel", "probability", "ids"],
        [
            [i, repr(p), " ".join(panel)]
            for i, (panel, p) in enumerate(zip(dist.panels, dist.probabilities, strict=True), 1)
        ],
    )
    _write_csv(out / "panel.csv", ["id"], [[rid] for rid in dist.panels[index]])
    probabilities = list(result.probabilities.values())
    summary.update(
        status=result.status,
        min_probability=min(probabilities),
        max_probability=max(probabilities),
        mean_probability=instance.panel_size / instance.n,
        panels=len(dist.panels),
        drawn_panel=index + 1,
        draw_method=DRAW_METHOD,
        types=result.types,
        type_panels=result.type_panels,
        iterations=result.iterations,
        stages=result.stages,
        method=result.method,
    )
    if args.transparent:
        summary["transparent"] = _write_transparent(instance, result, args.transparent, seed, out)
    summary["seconds"] = round(time.monotonic() - started, 3)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    if result.status != "optimal":
        print(
            f"klimapakete select: stopped at the time limit; the distribution is valid "
            f"but may not be LEXIMIN-optimal (minimum probability {min(probabilities):.6f}).",
            file=sys.stderr,
        )
    return 0


def read_distribution(path: Path) -> Distribution:
    """Read a ``distribution.csv`` written by ``select``."""
    rows = _records(path)
    try:
        return Distribution(
            [tuple(row["ids"].split()) for row in rows],
            [float(row["probability"]) for row in rows],
        )
    except (KeyError, ValueError) as exc:
        raise CsvError(path, None, f"not a distribution file ({exc})") from exc


def _write_transparent(instance: Instance, result, panels: int, seed: str, out: Path) -> dict:
    """Write lottery.csv (M numbered, equally likely panels) and transparent_panel.csv."""
    salt = seed_commitment(seed)  # fixed before anyone can know the seed itself
    lottery = transparent.round_lottery(instance, result.distribution, panels=panels, salt=salt)
    _write_csv(
        out / "lottery.csv",
        ["number", "ids"],
        [[n, " ".join(panel)] for n, panel in enumerate(lottery.panels, 1)],
    )
    number = transparent.number_from_seed(seed, panels)
    _write_csv(out / "transparent_panel.csv", ["id"], [[i] for i in lottery.panels[number - 1]])
    return {
        "panels": panels,
        "status": lottery.status,
        "max_deviation": lottery.max_deviation,
        "deviation_lower_bound": lottery.deviation_lower_bound,
        "min_probability": lottery.min_probability,
        "leximin_min_probability": lottery.leximin_min_probability,
        "drawn_number": number,
        "draw_method": TRANSPARENT_METHOD,
        "seconds": round(lottery.seconds, 3),
    }


def read_lottery(path: Path) -> list[tuple[str, ...]]:
    """Read a ``lottery.csv`` (numbers 1 … M in order) written by ``select --transparent``."""
    rows = _records(path)
    try:
        numbers = [int(row["number"]) for row in rows]
        panels = [tuple(row["ids"].split()) for row in rows]
    except (KeyError, ValueError, TypeError) as exc:
        raise CsvError(path, None, f"not a lottery file ({exc})") from exc
    if numbers != list(range(1, len(rows) + 1)):
        raise CsvError(path, None, "the panels must be numbered 1, 2, 3, … in order")
    return panels


def _verify_lottery(args: argparse.Namespace) -> int:
    try:
        panels = read_lottery(args.lottery)
        if not panels:
            raise CsvError(args.lottery, None, "no panels")
    except (CsvError, OSError) as exc:
        print(f"klimapakete verify-draw: {exc}", file=sys.stderr)
        return 2
    try:
        if args.number is not None:
            number = transparent.number_from_digits(args.number, len(panels))
        elif args.seed is not None:
            number = transparent.number_from_seed(args.seed, len(panels))
        else:
            print("klimapakete verify-draw: give --number or --seed", file=sys.stderr)
            return 2
    except ValueError as exc:
        print(f"klimapakete verify-draw: {exc}", file=sys.stderr)
        return 2
    panel = panels[number - 1]
    print(f"panel {number}: {' '.join(panel)}")
    return _compare(args, panel)


def _compare(args: argparse.Namespace, panel: tuple[str, ...]) -> int:
    if args.panel is None:
        return 0
    try:
        claimed = [row["id"] for row in _records(args.panel)]
    except (CsvError, OSError, KeyError) as exc:
        print(f"klimapakete verify-draw: {args.panel}: not a panel file ({exc})", file=sys.stderr)
        return 2
    if sorted(claimed) != sorted(panel):
        print("The published panel does NOT match this draw.", file=sys.stderr)
        return 1
    print("The published panel matches.")
    return 0


def _records(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file written by ``select`` as ``{heading: cell}``."""
    try:
        table = read_file(path, limits=COMMAND_LINE)
    except TableError as exc:
        if exc.code in ("header_only", "empty"):
            return []
        raise CsvError(path, exc.params.get("line"), describe(exc)) from exc
    return [record for _number, record in table.records()]


def run_verify(args: argparse.Namespace) -> int:
    """Run ``klimapakete verify-draw``: print the panel; exit 1 if it differs from --panel."""
    if args.lottery is not None:
        return _verify_lottery(args)
    if args.seed is None:
        print("klimapakete verify-draw: --seed is required with --distribution", file=sys.stderr)
        return 2
    try:
        dist = read_distribution(args.distribution)
        if not dist.panels:
            raise CsvError(args.distribution, None, "no panels")
    except (CsvError, OSError) as exc:
        print(f"klimapakete verify-draw: {exc}", file=sys.stderr)
        return 2
    index = draw_index(dist.probabilities, args.seed)
    print(f"panel {index + 1}: {' '.join(dist.panels[index])}")
    return _compare(args, dist.panels[index])
