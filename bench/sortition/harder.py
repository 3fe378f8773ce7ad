"""Harder pools for the LEXIMIN solver: tight quotas, large panels, many categories.

Our solver only (in-process, no competitor): for each pool the status, how optimality was
established, the seconds, the number of types, the minimum probability next to the
relaxation's bound, and the independent checker's verdict.

    .venv/bin/python bench/sortition/harder.py [NAME-SUBSTRING]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

import pools  # noqa: E402

from klimapakete.sortition import checker, feasibility  # noqa: E402
from klimapakete.sortition.grouping import group_types  # noqa: E402
from klimapakete.sortition.leximin import leximin  # noqa: E402
from klimapakete.sortition.model import Instance, Quota, Respondent  # noqa: E402
from klimapakete.sortition.relaxation import relaxed_leximin  # noqa: E402


def generated(n: int, k: int, categories: int, margin: float, seed: int = 2024) -> Instance:
    """A pool from ``pools.generate``; ``margin=0`` makes every quota a narrow band."""
    quota_rows, people = pools.generate(n, k, categories, seed=seed, margin=margin)
    names = list(dict.fromkeys(q["category"] for q in quota_rows))
    quotas = [Quota(q["category"], q["feature"], q["min"], q["max"]) for q in quota_rows]
    respondents = [Respondent(p["id"], {c: p[c] for c in names}) for p in people]
    return Instance(names, quotas, respondents, k)


def binary(n: int, k: int, categories: int, seed: int, slack: int) -> Instance:
    """Many yes/no categories with skewed pools and quotas of k/2 ± slack."""
    rng = np.random.default_rng(seed)
    bias = rng.uniform(0.2, 0.8, categories)
    names = [f"c{j}" for j in range(categories)]
    respondents = [
        Respondent(
            str(i), {c: f"v{int(rng.random() < b)}" for c, b in zip(names, bias, strict=True)}
        )
        for i in range(n)
    ]
    quotas = [Quota(c, f"v{v}", k // 2 - slack, k // 2 + slack) for c in names for v in (0, 1)]
    return Instance(names, quotas, respondents, k)


CASES = {
    "tight quotas 500/75/6": lambda: generated(500, 75, 6, 0.0),
    "tight quotas 1727/110/7": lambda: generated(1727, 110, 7, 0.0),
    "half the pool 300/150/5": lambda: generated(300, 150, 5, 0.12),
    "wide quotas 300/30/7": lambda: generated(300, 30, 7, 0.25, seed=9),
    "web-sized 2000/100/5": lambda: generated(2000, 100, 5, 0.12, seed=7),
    "9 yes/no 400/40 exact halves": lambda: binary(400, 40, 9, 2, 0),
    "9 yes/no 1000/60 ±1": lambda: binary(1000, 60, 9, 1, 1),
    "12 yes/no 2000/100 ±2": lambda: binary(2000, 100, 12, 3, 2),
}


def main(argv: list[str]) -> int:
    wanted = argv[0] if argv else ""
    print("| pool | n | k | types | status | method | seconds | min probability | bound | check |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, make in CASES.items():
        if wanted not in name:
            continue
        instance = make()
        if not feasibility.check(instance).feasible:
            print(f"| {name} | {instance.n} | {instance.panel_size} | – | infeasible |||||")
            continue
        started = time.monotonic()
        result = leximin(instance, time_limit=600)
        seconds = time.monotonic() - started
        problems = checker.check(instance, result.distribution, result.probabilities)
        verdict = "ok" if not problems else problems[0]
        bound = relaxed_leximin(group_types(instance)).levels.min()
        print(
            f"| {name} | {instance.n} | {instance.panel_size} | {result.types} | "
            f"{result.status} | {result.method} | {seconds:.2f} | "
            f"{result.min_probability:.6f} | {bound:.6f} | {verdict} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
