"""Writes of the neutrality tool (keyword-only, ``<thing>_<verb>``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from .calc import Entry
from .definition import Boundary, Definition
from .models import BaselineEntry
from .models import Definition as DefinitionRecord
from .reference import load_factors

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


def definition_ensure(*, team: Team, user) -> DefinitionRecord:
    record, _created = DefinitionRecord.objects.get_or_create(
        team=team,
        defaults={
            "data": Definition().to_data(),
            "updated_by": user,
            "factors_version": load_factors().version,
        },
    )
    return record


def _save_data(record: DefinitionRecord, definition: Definition, user) -> None:
    record.data = definition.to_data()
    record.updated_by = user
    record.save(update_fields=["data", "updated_by", "updated_at"])


def boundary_save(*, team: Team, user, boundary: Boundary, definition: Definition) -> None:
    record = definition_ensure(team=team, user=user)
    definition.boundary = boundary
    _save_data(record, definition, user)


def influence_save(*, team: Team, user, influence: dict, definition: Definition) -> None:
    record = definition_ensure(team=team, user=user)
    definition.influence = influence
    _save_data(record, definition, user)


def frame_save(*, team: Team, user, base_year: int, population: int, budget_key: str) -> None:
    record = definition_ensure(team=team, user=user)
    record.base_year, record.population, record.budget_key = base_year, population, budget_key
    record.updated_by = user
    record.save(update_fields=["base_year", "population", "budget_key", "updated_by", "updated_at"])


def entry_add(*, team: Team, user, entry: Entry) -> BaselineEntry:
    record = definition_ensure(team=team, user=user)
    return BaselineEntry.objects.create(
        definition=record,
        sector=entry.sector,
        carrier=entry.carrier,
        amount=entry.amount,
        quality=entry.quality,
    )


def factor_set(*, team: Team, user, carrier: str, value: float | None) -> None:
    """Set (or with ``None`` reset) the team's factor for ``carrier``."""
    record = definition_ensure(team=team, user=user)
    overrides = dict(record.factor_overrides)
    if value is None:
        overrides.pop(carrier, None)
    else:
        overrides[carrier] = value
    record.factor_overrides = overrides
    record.factors_version = load_factors().version
    record.updated_by = user
    record.save(update_fields=["factor_overrides", "factors_version", "updated_by", "updated_at"])


@transaction.atomic
def baseline_replace(*, team: Team, user, entries: list[Entry]) -> int:
    """All or nothing: the imported entries replace the baseline."""
    record = definition_ensure(team=team, user=user)
    record.entries.all().delete()
    BaselineEntry.objects.bulk_create(
        BaselineEntry(
            definition=record,
            sector=e.sector,
            carrier=e.carrier,
            amount=e.amount,
            quality=e.quality,
        )
        for e in entries
    )
    return len(entries)
