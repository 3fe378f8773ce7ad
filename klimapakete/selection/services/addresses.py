"""Addresses drawn from a register extract (the exception route, § 46 BMG)."""

from __future__ import annotations

import random
import secrets

from django.db import transaction
from django.utils import timezone

from klimapakete.selection import letter_codes
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import (
    AddressDraw,
    DeletionLog,
    Selection,
)
from klimapakete.selection.services import retention
from klimapakete.selection.states import Action, ensure_allowed


@transaction.atomic
def address_draw(
    *,
    selection: Selection,
    header: list[str],
    rows: list[list[str]],
    column: str,
    letters: dict[str, int],
    numbers: list[int] | None = None,
) -> AddressDraw:
    """Draw ``letters[stratum]`` rows per stratum at random (seeded); keep only those.

    The extract itself is not stored: only the drawn rows, until the team deletes them.
    """
    ensure_allowed(selection, Action.DRAW_ADDRESSES)
    if column not in header:
        raise SelectionError("stratum_column", column=column)
    index = header.index(column)
    by_stratum: dict[str, list[list[str]]] = {s: [] for s in letters}
    errors = []
    for offset, cells in enumerate(rows):
        value = cells[index].strip()
        match = next((s for s in letters if s.casefold() == value.casefold()), None)
        if match is None:
            errors.append(
                (
                    "unknown_value",
                    {
                        "row": numbers[offset] if numbers is not None else offset + 2,
                        "cell": value,
                        "category": column,
                        "allowed": ", ".join(letters),
                    },
                )
            )
        else:
            by_stratum[match].append(cells)
    if errors:
        raise SelectionError(errors[0][0], problems=errors[:20])
    short = [
        ("extract_too_small", {"stratum": s, "have": len(by_stratum[s]), "need": n})
        for s, n in letters.items()
        if len(by_stratum[s]) < n
    ]
    if short:
        raise SelectionError(short[0][0], problems=short)
    seed = secrets.token_hex(16)
    rng = random.Random(seed)
    drawn = []
    for stratum, n in letters.items():
        drawn += rng.sample(by_stratum[stratum], n)
    now = timezone.now()
    record = AddressDraw.objects.create(
        selection=selection,
        seed=seed,
        extract_rows=len(rows),
        drawn_rows=len(drawn),
        per_stratum={s: n for s, n in letters.items()},
        columns=header,
        rows=drawn,
        extract_deleted_at=now,
    )
    retention.log_deletion(
        selection, DeletionLog.What.REGISTER_EXTRACT, len(rows), DeletionLog.Reason.AFTER_DRAW
    )
    letter_codes.attach(record)
    return record
