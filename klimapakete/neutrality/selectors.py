"""Reads of the neutrality tool: a team's definition and results, the aggregate, the export."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from django.conf import settings

from . import calc
from .definition import Definition, definition_from_data
from .models import BaselineEntry
from .models import Definition as DefinitionRecord
from .reference import load_budgets, load_factors
from .results import Results, compute

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


def definition_record(team: Team) -> DefinitionRecord | None:
    return DefinitionRecord.objects.filter(team=team).first()


def definition_of(record: DefinitionRecord | None) -> Definition:
    return definition_from_data(record.data if record else None)


def entries_of(record: DefinitionRecord | None) -> list[BaselineEntry]:
    return list(record.entries.all()) if record else []


def results_of(record: DefinitionRecord | None, entries: list[BaselineEntry]) -> Results:
    return compute(
        definition=definition_of(record),
        entries=[calc.Entry(e.sector, e.carrier, e.amount, e.quality) for e in entries],
        overrides=dict(record.factor_overrides) if record else {},
        factors=load_factors(),
        budgets=load_budgets(),
        budget_key=record.budget_key if record else "",
        base_year=record.base_year if record else None,
        population=record.population if record else None,
    )


def target_year(team: Team) -> int | None:
    """The target year of the team's definition (read by the Kompass), if it has one."""
    record = definition_record(team)
    return definition_of(record).boundary.target_year if record else None


def aggregate() -> dict:
    """How teams define neutrality, without any team: counts of target years (in
    five-year bands), bases, scopes and sectors counted. Categories with fewer than
    ``NEUTRALITY_AGGREGATE_MIN_TEAMS`` teams are shown as "fewer than n"."""
    minimum = settings.NEUTRALITY_AGGREGATE_MIN_TEAMS
    definitions = [
        definition_from_data(data)
        for data in DefinitionRecord.objects.values_list("data", flat=True)
    ]
    years: Counter = Counter()
    bases: Counter = Counter()
    scopes: Counter = Counter()
    sectors: Counter = Counter()
    for definition in definitions:
        boundary = definition.boundary
        band = boundary.target_year - boundary.target_year % 5
        years[(band, band + 4)] += 1
        bases[boundary.basis] += 1
        scopes[boundary.scope] += 1
        sectors.update(boundary.counted_sectors())

    def rows(counter: Counter) -> list[tuple]:
        return [
            (key, count if count >= minimum else None) for key, count in sorted(counter.items())
        ]

    shown = len(definitions) >= minimum
    return {
        "teams": len(definitions),
        "minimum": minimum,
        "shown": shown,
        "years": rows(years) if shown else [],
        "bases": rows(bases) if shown else [],
        "scopes": rows(scopes) if shown else [],
        "sectors": rows(sectors) if shown else [],
    }


def neutrality_export(team: Team) -> dict[str, list[dict]]:
    record = definition_record(team)
    if record is None:
        return {}
    return {
        "neutrality_definition": [
            {
                "definition": record.data,
                "base_year": record.base_year,
                "population": record.population,
                "factor_overrides": record.factor_overrides,
                "factors_version": record.factors_version,
                "budget": record.budget_key,
            }
        ],
        "neutrality_baseline": [
            {"sector": e.sector, "carrier": e.carrier, "amount": e.amount, "quality": e.quality}
            for e in record.entries.all()
        ],
    }
