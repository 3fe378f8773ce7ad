"""Quotas: read them from the form and save them."""

from __future__ import annotations

from django.db import transaction

from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import (
    Selection,
    Value,
)
from klimapakete.selection.states import Action, ensure_allowed

# Larger than any pool an import accepts, and small enough for every database.
QUOTA_LIMIT = 100_000


def quotas_parse(*, selection: Selection, data) -> dict[int, tuple[int, int]]:
    """Read ``min-<id>``/``max-<id>`` fields; raise :class:`SelectionError` on bad cells."""
    values = Value.objects.filter(category__selection=selection).select_related("category")
    errors = []
    result = {}
    for value in values:
        pair = []
        for prefix, current in (("min", value.quota_min), ("max", value.quota_max)):
            text = str(data.get(f"{prefix}-{value.pk}", current)).strip()
            if not (text.isascii() and text.isdigit()):
                errors.append(
                    (
                        "quota_not_a_number",
                        {"category": value.category.name, "value": value.name, "cell": text},
                    )
                )
                pair.append(None)
            elif int(text) > QUOTA_LIMIT:
                errors.append(
                    (
                        "quota_too_large",
                        {
                            "category": value.category.name,
                            "value": value.name,
                            "cell": text,
                            "limit": QUOTA_LIMIT,
                        },
                    )
                )
                pair.append(None)
            else:
                pair.append(int(text))
        if None not in pair:
            if pair[0] > pair[1]:
                errors.append(
                    (
                        "min_above_max",
                        {
                            "category": value.category.name,
                            "value": value.name,
                            "min": pair[0],
                            "max": pair[1],
                        },
                    )
                )
            result[value.pk] = (pair[0], pair[1])
    if errors:
        raise SelectionError(errors[0][0], problems=errors)
    return result


@transaction.atomic
def quotas_save(*, selection: Selection, quotas: dict[int, tuple[int, int]]) -> None:
    ensure_allowed(selection, Action.CHANGE_POOL)
    values = list(Value.objects.filter(category__selection=selection, pk__in=quotas))
    for value in values:
        value.quota_min, value.quota_max = quotas[value.pk]
    Value.objects.bulk_update(values, ["quota_min", "quota_max"])
