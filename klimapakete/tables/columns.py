"""What the columns of an import mean: declared once per import target, one object per
column, and one function that maps a file's headings onto them.

An import declares its :class:`Column` objects (key, label, synonyms, parser, maximum
length, required); :func:`auto_map` guesses which heading holds which column, ignoring
case, umlaut spelling ("Stärke", "Staerke", "Starke"), spaces and punctuation
("E-Mail", "Email", "e_mail"); :func:`read_row` turns one row into values and problems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

IGNORE = ""

# Headings that mean the same in many imports (German and English, common spellings).
NAME_WORDS = (
    "name",
    "namen",
    "vollständiger name",
    "full name",
    "nachname",
    "familienname",
    "last name",
    "surname",
)
FIRST_NAME_WORDS = ("vorname", "first name", "firstname", "given name", "rufname")
EMAIL_WORDS = ("e-mail", "email", "mail", "e-mail-adresse", "email address", "e-mail address")
PHONE_WORDS = (
    "telefon",
    "tel",
    "phone",
    "telefonnummer",
    "handy",
    "mobil",
    "mobile",
    "phone number",
    "tel.",
)

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class Column:
    """One column an import understands.

    ``label`` is shown in the mapping step (a lazily translated string in the apps);
    ``synonyms`` are headings that mean this column, in German and English; ``parse``
    turns a non-empty cell into a value or raises ``ValueError``; a cell longer than
    ``max_length`` is a problem, never cut; ``joins`` names the column this one is put
    in front of ("Vorname" before "Nachname" makes the name).
    """

    key: str
    label: object = ""
    synonyms: tuple[str, ...] = ()
    parse: Callable[[str], object] | None = None
    max_length: int | None = None
    required: bool = False
    joins: str = ""


def normalise(text: str) -> str:
    """Lower case without accents, spaces and punctuation ("Stärke" → "starke")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "", text)


def spellings(text: str) -> set[str]:
    """The normalised forms of a heading: with umlauts dropped and written out
    ("Stärke" → "starke" and "staerke")."""
    return {normalise(text), normalise(text.casefold().translate(_UMLAUTS))} - {""}


def _score(heading: set[str], word: set[str]) -> int:
    score = 0
    for key in heading:
        for norm in word:
            if key == norm:
                score = max(score, 200)
            elif len(norm) >= 4 and key.startswith(norm):
                score = max(score, 50 + len(norm))
            elif len(norm) >= 5 and norm in key:
                score = max(score, 20 + len(norm))
    return score


def auto_map(
    header: Sequence[str],
    columns: Iterable[Column],
    extra: Mapping[str, Iterable[str]] | None = None,
) -> list[str]:
    """For each heading, the key of the column it most likely holds, or ``IGNORE``.

    A heading equal to a synonym wins over one that starts with it, which wins over one
    that contains it; each column is given to one heading at most. ``extra`` adds words
    per key (e.g. the labels in both languages, so that our own exports map back).
    """
    words: dict[str, list[set[str]]] = {}
    for column in columns:
        found = [*column.synonyms, *((extra or {}).get(column.key, []))]
        words[column.key] = [s for s in (spellings(str(w)) for w in found) if s]
    candidates: list[tuple[int, int, str]] = []  # (score, column index, key)
    for index, heading in enumerate(header):
        forms = spellings(heading)
        if not forms:
            continue
        for key, variants in words.items():
            score = max((_score(forms, word) for word in variants), default=0)
            if score:
                candidates.append((score, index, key))
    mapping = [IGNORE] * len(header)
    taken: set[str] = set()
    for _, index, key in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if mapping[index] == IGNORE and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping


def positions(mapping: Sequence[str]) -> dict[str, int]:
    """``{key: column index}`` of a mapping (one entry per heading)."""
    return {key: index for index, key in enumerate(mapping) if key}


def missing(columns: Iterable[Column], mapping: Sequence[str]) -> list[Column]:
    """The required columns that no heading is mapped to."""
    chosen = set(mapping)
    return [c for c in columns if c.required and c.key not in chosen]


def read_row(
    cells: Sequence[str], columns: Iterable[Column], where: Mapping[str, int]
) -> tuple[dict[str, object], list[tuple[str, str, dict]]]:
    """The values of one row and its problems as ``(code, key, params)``.

    Codes: ``missing`` (a required cell is empty), ``too_long`` (``max``), ``invalid``
    (the parser refused ``value``). Joined columns are put in front of their target with
    a space; the joined value is checked against the target's maximum length. Columns
    that are not mapped are left out of the values.
    """
    columns = list(columns)
    by_key = {c.key: c for c in columns}
    text = {c.key: cells[where[c.key]].strip() for c in columns if c.key in where}
    for column in columns:
        if column.joins and column.key in text:
            joined = f"{text.pop(column.key)} {text.get(column.joins, '')}"
            text[column.joins] = " ".join(joined.split())
    values: dict[str, object] = {}
    problems: list[tuple[str, str, dict]] = []
    for key, value in text.items():
        column = by_key[key]
        if not value:
            if column.required:
                problems.append(("missing", key, {}))
            values[key] = ""
            continue
        if column.max_length is not None and len(value) > column.max_length:
            problems.append(("too_long", key, {"max": column.max_length, "value": value}))
            continue
        if column.parse is None:
            values[key] = value
            continue
        try:
            values[key] = column.parse(value)
        except ValueError:
            problems.append(("invalid", key, {"value": value}))
    for column in columns:
        if column.required and column.key not in text:
            problems.append(("missing", column.key, {}))
    return values, problems
