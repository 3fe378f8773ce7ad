"""Alphabetical order as German readers expect it, the same on SQLite and PostgreSQL.

Databases sort by code point (SQLite always, PostgreSQL under the "C" collation), so
"Ärztekammer" lands after "Zoo". Names are sorted by a key that folds case and writes
umlauts and the commonest accented letters as their base letter (DIN 5007, variant 1:
ä = a, ß = ss).
"""

from __future__ import annotations

from django.db.models import F, Value
from django.db.models.functions import Lower, Replace

# Kept short: every letter is one nested REPLACE, and SQLite's parser has a depth limit.
FOLDS = {
    "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "a", "Ö": "o", "Ü": "u",
    "é": "e", "è": "e", "É": "e",
}  # fmt: skip
_TABLE = str.maketrans(FOLDS)


def sort_key(text: str) -> str:
    """The key for sorting ``text`` in Python (the same order as :func:`by_name`)."""
    return text.translate(_TABLE).lower()


def name_key(field: str = "name"):
    """The SQL expression of :func:`sort_key` on ``field`` (also stored, see
    ``Actor.sort_name``)."""
    expression = F(field)
    for letter, base in FOLDS.items():
        expression = Replace(expression, Value(letter), Value(base))
    return Lower(expression)


def by_name(field: str = "name"):
    """An ``order_by`` expression that sorts ``field`` like :func:`sort_key`."""
    return name_key(field).asc()
