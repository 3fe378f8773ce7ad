"""Deleting personal data: the retention periods, closing, the deletion log."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from klimapakete.selection import letter_codes, selectors
from klimapakete.selection.models import (
    AddressDraw,
    DeletionLog,
    Respondent,
    Selection,
)
from klimapakete.selection.states import Action, ensure_allowed


def log_deletion(selection: Selection, what: str, count: int, reason: str) -> None:
    if count:
        DeletionLog.objects.create(selection=selection, what=what, count=count, reason=reason)


def erase(queryset) -> int:
    return queryset.update(
        name="", contact="", match_key="", personal_data_deleted_at=timezone.now()
    )


@transaction.atomic
def selection_purge(*, selection: Selection, now: datetime | None = None) -> int:
    """Delete personal data that is due: people neither on the panel nor among its first
    reserves once the retention period after the draw is over; panel members' and
    reserves' after ``members_kept_until``; everyone's once the selection is closed."""
    now = now or timezone.now()
    pending = selection.respondents.filter(personal_data_deleted_at__isnull=True)
    erased = 0
    if selection.status == Selection.Status.CLOSED:
        erased = erase(pending)
        log_deletion(selection, DeletionLog.What.PERSONAL_DATA, erased, DeletionLog.Reason.CLOSED)
        return erased
    due = selectors.deletion_due(selection)
    if due is not None and due <= now:
        others = pending.exclude(status=Respondent.Status.SELECTED)
        others = others.exclude(number__in=selectors.kept_reserves(selection))
        erased = erase(others)
        log_deletion(
            selection, DeletionLog.What.PERSONAL_DATA, erased, DeletionLog.Reason.RETENTION
        )
        for record in selection.address_draws.filter(addresses_deleted_at__isnull=True):
            address_draw_delete(record=record, reason=DeletionLog.Reason.RETENTION)
    until = selection.members_kept_until
    drawn = selection.status == Selection.Status.DRAWN
    if drawn and until is not None and until < timezone.localdate(now):
        rest = erase(selection.respondents.filter(personal_data_deleted_at__isnull=True))
        log_deletion(
            selection, DeletionLog.What.PERSONAL_DATA, rest, DeletionLog.Reason.MEMBERS_DONE
        )
        erased += rest
    return erased


def selection_purge_by_id(*, selection_id: int) -> int:
    selection = Selection.objects.filter(pk=selection_id).first()
    return selection_purge(selection=selection) if selection is not None else 0


def selections_purge(*, now: datetime | None = None) -> int:
    """Purge every selection with personal data that may be due (daily, and as a task)."""
    total = 0
    candidates = (
        Selection.objects.filter(respondents__personal_data_deleted_at__isnull=True)
        .filter(status__in=[Selection.Status.DRAWN, Selection.Status.CLOSED])
        .distinct()
    )
    for selection in candidates:
        total += selection_purge(selection=selection, now=now)
    return total


def address_draw_delete(
    *, record: AddressDraw, reason: str = DeletionLog.Reason.DOWNLOADED
) -> None:
    if record.addresses_deleted_at:
        return
    count = len(record.rows)
    record.rows = []
    record.addresses_deleted_at = timezone.now()
    record.save(update_fields=["rows", "addresses_deleted_at"])
    letter_codes.forget(record, reason)
    log_deletion(record.selection, DeletionLog.What.ADDRESSES, count, reason)


@transaction.atomic
def selection_close(*, selection: Selection) -> None:
    """Close: no more registrations or changes; everyone's personal data is deleted."""
    ensure_allowed(selection, Action.CLOSE)
    selection.status = Selection.Status.CLOSED
    selection.closed_at = timezone.now()
    selection.save(update_fields=["status", "closed_at"])
    selection_purge(selection=selection)
    for record in selection.address_draws.filter(addresses_deleted_at__isnull=True):
        address_draw_delete(record=record, reason=DeletionLog.Reason.CLOSED)
