"""Run ``sortition-algorithms`` maximin (HiGHS) on one instance; print JSON.

Runs ONLY inside the separate ``.bench-venv`` (that library is GPL; it is never
imported by Klimapakete). Usage:
    .bench-venv/bin/python bench/sortition/competitor.py CATEGORIES.csv RESPONDENTS.csv K
"""

from __future__ import annotations

import csv
import json
import sys
import time


def main() -> None:
    import sortition_algorithms as sa
    from sortition_algorithms.committee_generation import find_distribution_maximin

    categories_path, respondents_path, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(categories_path, encoding="utf-8-sig", newline="") as f:
        body = [
            {"feature": r["category"], "value": r["feature"], "min": r["min"], "max": r["max"]}
            for r in csv.DictReader(f)
        ]
    features, _, _ = sa.read_in_features(["feature", "value", "min", "max"], body, k)
    with open(respondents_path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        head = list(reader.fieldnames or [])
    if "id" not in head:
        head = ["id", *head]
        rows = [{"id": str(i), **r} for i, r in enumerate(rows, start=1)]
    settings = sa.Settings(id_column="id", columns_to_keep=[])
    people, _ = sa.read_in_people(head, rows, features, settings)
    start = time.perf_counter()
    committees, probabilities, _ = find_distribution_maximin(features, people, k, [])
    seconds = time.perf_counter() - start
    marginal = {r["id"]: 0.0 for r in rows}
    for committee, p in zip(committees, probabilities, strict=True):
        for person in committee:
            marginal[person] += p
    print(
        json.dumps(
            {
                "seconds": seconds,
                "min_probability": min(marginal.values()),
                "panels": len(committees),
            }
        )
    )


if __name__ == "__main__":
    main()
