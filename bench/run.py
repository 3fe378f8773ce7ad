"""Run every benchmark (``bench/<name>/run.py``) in turn; figures go to BENCHMARKS.md by hand."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    only = set(sys.argv[1:])
    for script in sorted(HERE.glob("*/run.py")):
        name = script.parent.name
        if only and name not in only:
            continue
        print(f"=== {name} ===", flush=True)
        runpy.run_path(str(script), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
