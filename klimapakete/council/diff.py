"""What changed between two versions of a profile. Pure: no Django.

``profile_diff`` returns structured changes in the order of the form; the app turns
them into sentences ("Anhörungsfrist: 2 → 4 Wochen").
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .profile import Profile, SeatGroup

SEAT_FIELDS: tuple[str, ...] = (
    "group",
    "count",
    "per_party_group",
    "voting",
    "deputies",
    "nominated_by",
)
# Fields that only record where the profile came from; a change there is not news.
IGNORED: frozenset[str] = frozenset({"reference"})


@dataclass(frozen=True)
class Change:
    """``field`` changed from ``old`` to ``new``. For seat groups ``field`` is "seat",
    ``seat`` names the group and ``seat_field`` says what changed ("added", "removed"
    or one of ``SEAT_FIELDS``)."""

    field: str
    old: object
    new: object
    seat: str = ""
    seat_field: str = ""


def _seat_changes(old: tuple[SeatGroup, ...], new: tuple[SeatGroup, ...]) -> list[Change]:
    changes = []
    old_by_label = {seat.label: seat for seat in old}
    new_labels = {seat.label for seat in new}
    for seat in new:
        before = old_by_label.get(seat.label)
        if before is None:
            changes.append(Change("seat", None, seat, seat.label, "added"))
            continue
        for name in SEAT_FIELDS:
            if getattr(before, name) != getattr(seat, name):
                changes.append(
                    Change("seat", getattr(before, name), getattr(seat, name), seat.label, name)
                )
    for seat in old:
        if seat.label not in new_labels:
            changes.append(Change("seat", seat, None, seat.label, "removed"))
    return changes


def profile_diff(old: Profile, new: Profile) -> list[Change]:
    """Every difference from ``old`` to ``new``, in the order of the profile's fields."""
    changes: list[Change] = []
    for f in fields(Profile):
        if f.name in IGNORED:
            continue
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before == after:
            continue
        if f.name == "seats":
            changes.extend(_seat_changes(before, after))
        elif f.name == "tasks":
            removed = tuple(t for t in before if t not in after)
            added = tuple(t for t in after if t not in before)
            if removed or added:
                changes.append(Change("tasks", removed, added))
        else:
            changes.append(Change(f.name, before, after))
    if old.total_seats != new.total_seats and any(
        c.field in ("seat", "party_groups") for c in changes
    ):
        changes.append(Change("total_seats", old.total_seats, new.total_seats))
    return changes
