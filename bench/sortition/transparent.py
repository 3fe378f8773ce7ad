"""The transparent draw: rounding the LEXIMIN lottery to M equally likely panels.

For each pool: seconds for LEXIMIN and for the rounding, the largest change of a person's
probability (and the lower bound no M-panel lottery can beat), and the smallest
probability before and after, for M = 1,000 (three ten-sided dice) and M = 10,000.

    .venv/bin/python bench/sortition/transparent.py [NAME-SUBSTRING]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

from harder import generated  # noqa: E402

from klimapakete.sortition.io import read_categories, read_respondents  # noqa: E402
from klimapakete.sortition.leximin import leximin  # noqa: E402
from klimapakete.sortition.model import Instance  # noqa: E402
from klimapakete.sortition.transparent import round_lottery  # noqa: E402

DATA = HERE.parent.parent.parent / "shared" / "benchmarks" / "sortition"


def public(name: str, k: int) -> Instance:
    categories, quotas = read_categories(DATA / name / "categories.csv")
    respondents = read_respondents(DATA / name / "respondents.csv", categories, quotas)
    return Instance(categories, quotas, respondents, k)


CASES = {
    "example_small_20": lambda: public("example_small_20", 20),
    "example_large_200": lambda: public("example_large_200", 200),
    "150/22/4": lambda: generated(150, 22, 4, 0.12),
    "300/45/5": lambda: generated(300, 45, 5, 0.12),
    "tight 500/75/6": lambda: generated(500, 75, 6, 0.0),
    "1727/110/7": lambda: generated(1727, 110, 7, 0.12),
    "web-sized 2000/100/5": lambda: generated(2000, 100, 5, 0.12, seed=7),
}


def main(argv: list[str]) -> int:
    only = argv[0] if argv else ""
    print("| pool | M | LEXIMIN s | rounding s | status | largest change | bound | "
          "min probability before → after |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, build in CASES.items():
        if only not in name:
            continue
        instance = build()
        started = time.monotonic()
        result = leximin(instance, time_limit=300)
        solve = time.monotonic() - started
        for panels in (1000, 10000):
            lottery = round_lottery(instance, result.distribution, panels=panels, salt=name)
            print(
                f"| {name} | {panels:,} | {solve:.2f} | {lottery.seconds:.1f} | {lottery.status} "
                f"| {lottery.max_deviation:.4f} | {lottery.deviation_lower_bound:.4f} "
                f"| {lottery.leximin_min_probability:.4f} → {lottery.min_probability:.4f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
