"""Realistic synthetic respondent pools for the selection benchmark.

A population is simulated with correlated features (education depends on age and
migration background, employment on age, housing on age and education, district on
education). Invitees respond with a probability that rises with education, age and
home ownership and falls with migration background, so the pool is skewed against the
population. Quotas are the population shares times ``k``, plus or minus a small margin.
Everything is driven by a fixed seed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

AGE = ["16-24", "25-34", "35-49", "50-64", "65+"]
AGE_SHARES = [0.12, 0.15, 0.23, 0.27, 0.23]
EDUCATION = ["low", "medium", "high"]
DISTRICTS = ["Altstadt", "Nord", "Süd", "Ost", "West", "Hafen"]
DISTRICT_SHARES = [0.12, 0.2, 0.2, 0.18, 0.18, 0.12]

CATEGORY_ORDER = [
    "gender",
    "age",
    "education",
    "district",
    "migration",
    "employment",
    "housing",
]


def _population(size: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    age = rng.choice(len(AGE), size=size, p=AGE_SHARES)
    migration = rng.random(size) < np.where(age <= 1, 0.35, 0.22)
    edu_score = rng.normal(size=size) + 0.35 * (age <= 2) - 0.5 * migration
    education = np.digitize(edu_score, [-0.45, 0.65])
    district_bias = np.array([0.6, 0.0, -0.2, -0.5, 0.1, -0.6])
    logits = np.log(DISTRICT_SHARES)[None, :] + np.outer(education - 1, district_bias)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    district = (probs.cumsum(axis=1) > rng.random(size)[:, None]).argmax(axis=1)
    gender = rng.choice(3, size=size, p=[0.505, 0.485, 0.01])
    employed_p = np.select([age == 0, age == 4], [0.45, 0.08], 0.78) + 0.06 * (education - 1)
    employed = rng.random(size) < employed_p
    retired = (age == 4) & ~employed
    employment = np.where(employed, 0, np.where(retired, 2, 1))
    owner_p = np.select([age <= 1, age == 2], [0.15, 0.4], 0.55) + 0.1 * (education - 1)
    housing = (rng.random(size) < owner_p).astype(int)
    return {
        "gender": gender,
        "age": age,
        "education": education,
        "district": district,
        "migration": migration.astype(int),
        "employment": employment,
        "housing": housing,
    }


VALUES = {
    "gender": ["female", "male", "diverse"],
    "age": AGE,
    "education": EDUCATION,
    "district": DISTRICTS,
    "migration": ["yes", "no"],
    "employment": ["employed", "not employed", "retired"],
    "housing": ["tenant", "owner"],
}


def generate(n: int, k: int, categories: int, seed: int = 2024, margin: float = 0.12):
    """Return ``(quotas, respondents)``: quota rows and respondent dicts (with ``id``)."""
    rng = np.random.default_rng(seed + 1000 * categories + n)
    names = CATEGORY_ORDER[:categories]
    population = _population(200_000, rng)
    propensity = (
        0.03
        * np.exp(0.55 * (population["education"] - 1))
        * np.exp(0.18 * (population["age"] - 2))
        * np.exp(-0.5 * population["migration"])
        * np.exp(0.3 * population["housing"])
    )
    responded = np.flatnonzero(rng.random(len(propensity)) < propensity)
    pool = rng.choice(responded, size=n, replace=False)
    quotas = []
    for name in names:
        values = VALUES[name]
        shares = np.bincount(population[name], minlength=len(values)) / len(population[name])
        for v, share in enumerate(shares):
            target = share * k
            slack = max(1.0, margin * target)
            quotas.append(
                {
                    "category": name,
                    "feature": values[v],
                    "min": max(0, int(np.floor(target - slack))),
                    "max": int(np.ceil(target + slack)),
                }
            )
    respondents = []
    for i, person in enumerate(pool, start=1):
        row = {"id": f"r{i:05d}"}
        for name in names:
            row[name] = VALUES[name][population[name][person]]
        respondents.append(row)
    return quotas, respondents


def write(directory: Path, quotas: list[dict], respondents: list[dict]) -> None:
    """Write ``categories.csv`` and ``respondents.csv`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "categories.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, ["category", "feature", "min", "max"])
        writer.writeheader()
        writer.writerows(quotas)
    with open(directory / "respondents.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(respondents[0]))
        writer.writeheader()
        writer.writerows(respondents)
