"""Reference data of the neutrality tool, read from ``content/neutrality/`` (no Django).

``factors.toml``: BISKO default emission factors, versioned, each with source and year.
``budgets.toml``: remaining national CO2 budgets and the population for the per-capita share.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content" / "neutrality"


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    year: int
    url: str
    where: str


@dataclass(frozen=True)
class Factor:
    carrier: str
    label_de: str
    label_en: str
    g_per_kwh: float | None  # None: plant-specific (district heat)
    year: int
    source: Source
    note_de: str = ""
    note_en: str = ""
    # A cross-check: direct CO2 of the same year without upstream chain (electricity).
    direct_co2_g_per_kwh: float | None = None
    direct_co2_source: Source | None = None

    def label(self, language: str) -> str:
        return self.label_de if language.startswith("de") else self.label_en

    def note(self, language: str) -> str:
        return self.note_de if language.startswith("de") else self.note_en


@dataclass(frozen=True)
class FactorSet:
    version: str
    standard: str
    factors: tuple[Factor, ...]
    checked_on: str = ""  # ISO date of the last check against the sources ([check])
    check_result: str = ""

    def by_carrier(self) -> dict[str, Factor]:
        return {factor.carrier: factor for factor in self.factors}

    def defaults(self) -> dict[str, float | None]:
        return {factor.carrier: factor.g_per_kwh for factor in self.factors}

    @property
    def plant_specific(self) -> frozenset[str]:
        return frozenset(f.carrier for f in self.factors if f.g_per_kwh is None)


@dataclass(frozen=True)
class Budget:
    key: str
    label_de: str
    label_en: str
    tonnes: float
    start_year: int
    published: str
    source: str
    url: str
    default: bool = False
    note: str = ""

    def label(self, language: str) -> str:
        return self.label_de if language.startswith("de") else self.label_en


@dataclass(frozen=True)
class Budgets:
    population: int
    population_date: str
    population_source: str
    budgets: tuple[Budget, ...]

    def get(self, key: str) -> Budget:
        for budget in self.budgets:
            if budget.key == key:
                return budget
        return self.default

    @property
    def default(self) -> Budget:
        return next((b for b in self.budgets if b.default), self.budgets[0])


def _read(name: str, directory: Path) -> dict:
    return tomllib.loads((directory / name).read_text(encoding="utf-8"))


@cache
def load_factors(directory: Path = CONTENT_DIR) -> FactorSet:
    data = _read("factors.toml", directory)
    sources = {
        key: Source(
            key=key, **{f: value[f] for f in ("title", "publisher", "year", "url", "where")}
        )
        for key, value in data["sources"].items()
    }
    factors = tuple(
        Factor(
            carrier=item["carrier"],
            label_de=item["label"]["de"],
            label_en=item["label"]["en"],
            g_per_kwh=None if item.get("plant_specific") else float(item["g_per_kwh"]),
            year=int(item["year"]),
            source=sources[item["source"]],
            note_de=item.get("note", {}).get("de", ""),
            note_en=item.get("note", {}).get("en", ""),
            direct_co2_g_per_kwh=item.get("direct_co2_g_per_kwh"),
            direct_co2_source=sources.get(item.get("direct_co2_source", "")),
        )
        for item in data["factors"]
    )
    check = data.get("check", {})
    return FactorSet(
        version=data["version"],
        standard=data["standard"],
        factors=factors,
        checked_on=check.get("date", ""),
        check_result=check.get("result", "").strip(),
    )


@cache
def load_budgets(directory: Path = CONTENT_DIR) -> Budgets:
    data = _read("budgets.toml", directory)
    population = data["population"]
    return Budgets(
        population=int(population["value"]),
        population_date=population["date"],
        population_source=population["source"],
        budgets=tuple(
            Budget(
                key=item["key"],
                label_de=item["label"]["de"],
                label_en=item["label"]["en"],
                tonnes=float(item["gigatonnes"]) * 1e9,
                start_year=int(item["start_year"]),
                published=item["published"],
                source=item["source"],
                url=item["url"],
                default=bool(item.get("default", False)),
                note=item.get("note", ""),
            )
            for item in data["budgets"]
        ),
    )
