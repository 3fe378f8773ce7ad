"""Benchmark of the LEXIMIN panel selection (``klimapakete select``).

For every instance: our solver through the command line (its summary's seconds, the
independent checker runs inside), the deviation from the published LEXIMIN reference
probabilities where they exist, and — side by side — ``sortition-algorithms`` maximin
with HiGHS, run as a separate process from ``.bench-venv`` (created here if missing).

    .venv/bin/python bench/sortition/run.py [--quick] [--no-competitor]
                                            [--competitor-limit SECONDS]
Results: a Markdown table on stdout and ``bench/out/sortition/results.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import pools  # noqa: E402
import transparent  # noqa: E402

SHARED = ROOT.parent / "shared" / "benchmarks" / "sortition"
OUT = ROOT / "bench" / "out" / "sortition"
BENCH_VENV = ROOT / ".bench-venv"
GENERATED = [(150, 22, 4), (300, 45, 5), (500, 75, 6), (800, 80, 6), (1727, 110, 7), (2500, 160, 7)]
GUROBI_REFERENCE = {"example_small_20": "2.7 s", "example_large_200": "1,161.8 s"}


def _convert_scotland(directory: Path) -> Path:
    """Rewrite scotland_150 into our ``category,feature,min,max`` / id format."""
    target = OUT / "instances" / "scotland_150"
    target.mkdir(parents=True, exist_ok=True)
    with open(directory / "features.csv", encoding="utf-8-sig", newline="") as f:
        quotas = [
            {"category": r["feature"], "feature": r["value"], "min": r["min"], "max": r["max"]}
            for r in csv.DictReader(f)
        ]
    categories = list(dict.fromkeys(q["category"] for q in quotas))
    with open(directory / "candidates.csv", encoding="utf-8-sig", newline="") as f:
        people = [
            {"id": r["nationbuilder_id"], **{c: r[c] for c in categories}}
            for r in csv.DictReader(f)
        ]
    pools.write(target, quotas, people)
    return target


def instances(quick: bool) -> list[dict]:
    """The benchmark instances: name, directory, k, reference file (or None)."""
    result = []
    for name, k in [("example_small_20", 20), ("example_large_200", 200)]:
        if quick and name == "example_large_200":
            continue
        d = SHARED / name
        result.append(
            {"name": name, "dir": d, "k": k, "reference": d / f"{name}_prob_allocs_data.csv"}
        )
    result.append(
        {
            "name": "scotland_150",
            "dir": _convert_scotland(SHARED / "scotland_150"),
            "k": 22,
            "reference": None,
        }
    )
    for n, k, c in GENERATED:
        if quick and n > 500:
            continue
        d = OUT / "instances" / f"generated_{n}"
        pools.write(d, *pools.generate(n, k, c))
        result.append({"name": f"generated n={n} k={k} c={c}", "dir": d, "k": k, "reference": None})
    return result


def run_ours(instance: dict, time_limit: float) -> dict:
    out = OUT / "runs" / instance["dir"].name
    command = [
        sys.executable, "-m", "klimapakete.cli", "select",
        "--categories", str(instance["dir"] / "categories.csv"),
        "--respondents", str(instance["dir"] / "respondents.csv"),
        "--panel-size", str(instance["k"]),
        "--output-dir", str(out),
        "--seed", "benchmark",
        "--time-limit", str(time_limit),
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-500:], "wall": wall}
    summary = json.loads((out / "summary.json").read_text())
    with open(out / "probabilities.csv", newline="") as f:
        probabilities = sorted(float(r["probability"]) for r in csv.DictReader(f))
    summary["wall"] = wall
    summary["sorted"] = probabilities
    return summary


def reference_deviation(path: Path, ours: list[float]) -> float:
    with open(path, newline="") as f:
        ref = sorted(
            float(r["selection probability"]) for r in csv.DictReader(f)
            if r["algorithm"].lower() == "leximin"
        )  # fmt: skip
    if len(ref) != len(ours):
        return float("nan")
    return max(abs(a - b) for a, b in zip(ref, ours, strict=True))


def ensure_bench_venv() -> Path | None:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        print("creating .bench-venv with sortition-algorithms …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "sortition-algorithms"])
    probe = subprocess.run([str(python), "-c", "import sortition_algorithms"], capture_output=True)
    return python if probe.returncode == 0 else None


def run_competitor(python: Path, instance: dict, limit: float) -> dict:
    command = [
        str(python), str(HERE / "competitor.py"),
        str(instance["dir"] / "categories.csv"),
        str(instance["dir"] / "respondents.csv"),
        str(instance["k"]),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"timeout": limit}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": done.stderr.strip()[-300:]}
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small instances only")
    parser.add_argument("--no-competitor", action="store_true")
    parser.add_argument("--competitor-limit", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--time-limit", type=float, default=600.0, help="for our solver")
    args = parser.parse_args(argv)
    limit = args.competitor_limit or (60.0 if args.quick else 150.0)
    python = None if args.no_competitor else ensure_bench_venv()
    if python is None and not args.no_competitor:
        print("sortition-algorithms unavailable; running without the comparison")
    rows = []
    for instance in instances(args.quick):
        print(f"… {instance['name']}", file=sys.stderr, flush=True)
        ours = run_ours(instance, args.time_limit)
        row = {"name": instance["name"], "k": instance["k"], "ours": ours}
        if instance["reference"] is not None and "sorted" in ours:
            row["deviation"] = reference_deviation(instance["reference"], ours["sorted"])
        if python is not None:
            row["competitor"] = run_competitor(python, instance, limit)
        ours.pop("sorted", None)
        rows.append(row)
        print(_line(row), file=sys.stderr, flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(rows, indent=2, default=str))
    print(_table(rows))
    print("\nTransparent draw (rounding to M equally likely panels):")
    transparent.main(["150"] if args.quick else [])
    return 0


def _competitor_cells(row: dict) -> tuple[str, str, str]:
    comp = row.get("competitor")
    ours = row["ours"]
    if comp is None:
        return "–", "–", "–"
    if "timeout" in comp:
        speedup = f"> {comp['timeout'] / ours['seconds']:.0f}×" if "seconds" in ours else "–"
        return f"> {comp['timeout']:.0f} s", "–", speedup
    if "error" in comp:
        return "error", "–", "–"
    speedup = f"{comp['seconds'] / ours['seconds']:.0f}×" if "seconds" in ours else "–"
    return f"{comp['seconds']:.1f} s", f"{comp['min_probability']:.6f}", speedup


def _line(row: dict) -> str:
    ours = row["ours"]
    if "error" in ours:
        return f"{row['name']}: ERROR {ours['error']}"
    return (
        f"{row['name']}: {ours['status']} {ours['seconds']:.2f} s, "
        f"min {ours['min_probability']:.6f}, types {ours['types']}, "
        f"panels {ours['panels']}, competitor {_competitor_cells(row)}"
    )


def _table(rows: list[dict]) -> str:
    lines = [
        "| instance | n | k | types | status | ours | min probability | vs reference "
        "| sortition-algorithms maximin | its min probability | speed-up |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ours = row["ours"]
        if "error" in ours:
            lines.append(f"| {row['name']} | | {row['k']} | | error | | | | | | |")
            continue
        deviation = f"{row['deviation']:.1e}" if "deviation" in row else "–"
        comp_time, comp_min, speedup = _competitor_cells(row)
        lines.append(
            f"| {row['name']} | {ours['n']} | {ours['k']} | {ours['types']} | {ours['status']} "
            f"| {ours['seconds']:.2f} s | {ours['min_probability']:.6f} | {deviation} "
            f"| {comp_time} | {comp_min} | {speedup} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
