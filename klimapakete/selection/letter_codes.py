"""One registration per letter code: an optional mode of a selection.

Each letter of an address draw gets its own code (the short-code alphabet), written into
the mail-merge rows; only its SHA-256 is stored here. The public registration form then
asks for the code, and a code registers one person. When the addresses are deleted at the
end (retention, closing), the unused codes go too and the used ones are kept as counts.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klimapakete.selection import selectors
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import (
    AddressDraw,
    DeletionLog,
    LetterCode,
    Respondent,
    Selection,
    new_short_code,
    normalise_short_code,
)

# Codes of SelectionError (sentences in messages.py) that belong to the code field.
FIELD_ERRORS = {"letter_code_missing", "letter_code_unknown", "letter_code_used"}


def code_hash(typed: str) -> str:
    return hashlib.sha256(normalise_short_code(typed).encode()).hexdigest()


def mode_changeable(selection: Selection) -> bool:
    return selectors.registration_open(selection) and not selection.address_draws.exists()


def mode_set(*, selection: Selection, enabled: bool) -> None:
    """Switch the mode: only while registration is open, before the commitment and
    before any address draw (their letters would carry the other kind of code)."""
    if enabled == selection.codes_per_letter:
        return
    if not mode_changeable(selection):
        raise SelectionError("letter_codes_locked")
    selection.codes_per_letter = enabled
    selection.save(update_fields=["codes_per_letter"])


def column_title() -> str:
    return str(_("Registration code"))


def attach(record: AddressDraw) -> None:
    """Give every drawn address its own code: a column of the mail merge (the letter
    prints it instead of the selection's code)."""
    if not record.selection.codes_per_letter:
        return
    taken = set(record.selection.letter_codes.values_list("code_hash", flat=True))
    codes = []
    while len(codes) < len(record.rows):
        code = new_short_code()
        digest = code_hash(code)
        if digest not in taken:
            taken.add(digest)
            codes.append(code)
    record.columns = [*record.columns, column_title()]
    pairs = zip(record.rows, codes, strict=True)
    record.rows = [[*row, f"{code[:4]} {code[4:]}"] for row, code in pairs]
    record.save(update_fields=["columns", "rows"])
    LetterCode.objects.bulk_create(
        LetterCode(selection=record.selection, address_draw=record, code_hash=code_hash(code))
        for code in codes
    )


def forget(record: AddressDraw, reason: str) -> None:
    """The addresses are deleted. The link between address and code is gone with the rows;
    at the end (retention, closing) the unused codes are deleted and the used ones kept
    only as counts. Deleted right after the mail merge, the codes stay valid: the letters
    are still to be answered."""
    if reason not in (DeletionLog.Reason.RETENTION, DeletionLog.Reason.CLOSED):
        return
    codes = LetterCode.objects.filter(address_draw=record)
    codes.filter(used_at=None).delete()
    codes.update(code_hash=None, address_draw=None)


def counts(selection: Selection) -> dict[str, int]:
    codes = selection.letter_codes.all()
    return {"issued": codes.count(), "used": codes.exclude(used_at=None).count()}


def find(typed: str) -> LetterCode | None:
    """An unused code of a selection open for registration (the public code page)."""
    if not normalise_short_code(typed):
        return None
    return (
        LetterCode.objects.select_related("selection")
        .filter(code_hash=code_hash(typed), used_at=None, selection__codes_per_letter=True)
        .first()
    )


def register(*, selection: Selection, code: str, client: str | None = None, **details):
    """Register a resident with the code of a letter: an unknown or used code is refused.
    The code's row is locked, and marked used only if it still was unused, in the same
    transaction as the registration: two parallel posts cannot both use it."""
    from klimapakete.selection.services import pool
    from klimapakete.selection.states import Action, ensure_allowed

    ensure_allowed(selection, Action.REGISTER)
    # guessing codes counts against the same limit as registering
    if client is not None and not pool.registration_counted(client=client):
        raise SelectionError("rate_limited")
    if not normalise_short_code(code):
        raise SelectionError("letter_code_missing")
    with transaction.atomic():
        letter = (
            LetterCode.objects.select_for_update()
            .filter(selection=selection, code_hash=code_hash(code))
            .first()
        )
        if letter is None:
            raise SelectionError("letter_code_unknown")
        if letter.used_at is not None:
            raise SelectionError("letter_code_used")
        respondent: Respondent = pool.respondent_register(selection=selection, **details)
        marked = LetterCode.objects.filter(pk=letter.pk, used_at=None).update(
            used_at=timezone.now()
        )
        if not marked:
            raise SelectionError("letter_code_used")  # rolls the registration back
        return respondent
