"""Which of the team's sectors a spreadsheet's own word for a sector means.

Real actor lists name sectors in their own words ("Wirtschaft", "Verwaltung", "Schule"),
which never equal the team's sectors ("Wirtschaft und Industrie", "Stadtverwaltung",
"Bildung und Wissenschaft"). :func:`suggest` proposes the sector a value most likely
means; the import's preview shows the proposal and the team confirms or changes it.

No Django. Values are compared whatever their case, spaces, punctuation and umlaut
spelling ("Bürger", "Buerger", "BÜRGER").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# Words that carry no meaning in a sector's name.
_STOP = {"und", "and", "der", "die", "das", "fuer", "fur", "for", "of", "the", "in", "im"}
_STOP |= {"innen", "in", "sowie", "u", "co", "etc", "sonstige", "andere"}

# A few words per kind of sector that teams use for it (German and English), written as
# :func:`_canonical` writes them. A value and a sector name that share a group match.
GROUPS: dict[str, tuple[str, ...]] = {
    "business": (
        "wirtschaft",
        "industrie",
        "unternehmen",
        "unternehmer",
        "firma",
        "firmen",
        "gewerbe",
        "handel",
        "handwerk",
        "betriebe",
        "ihk",
        "business",
        "industry",
        "economy",
        "companies",
    ),
    "administration": (
        "verwaltung",
        "stadtverwaltung",
        "gemeindeverwaltung",
        "kreisverwaltung",
        "rathaus",
        "amt",
        "aemter",
        "behoerde",
        "behoerden",
        "kommune",
        "klimaleitstelle",
        "klimaschutzmanagement",
        "administration",
        "authority",
    ),
    "council": (
        "stadtrat",
        "gemeinderat",
        "rat",
        "kreistag",
        "politik",
        "kommunalpolitik",
        "fraktion",
        "fraktionen",
        "partei",
        "parteien",
        "stadtverordnete",
        "council",
        "councillors",
        "politics",
    ),
    "education": (
        "bildung",
        "schule",
        "schulen",
        "kita",
        "kitas",
        "hochschule",
        "universitaet",
        "uni",
        "wissenschaft",
        "forschung",
        "volkshochschule",
        "education",
        "school",
        "schools",
        "university",
        "science",
        "research",
    ),
    "civil_society": (
        "zivilgesellschaft",
        "initiative",
        "initiativen",
        "klimainitiative",
        "klimainitiativen",
        "verein",
        "vereine",
        "verband",
        "verbaende",
        "ngo",
        "ngos",
        "kirche",
        "kirchen",
        "civil",
        "society",
        "initiatives",
    ),
    "citizens": (
        "buerger",
        "buergerinnen",
        "buergerschaft",
        "einwohner",
        "einwohnerinnen",
        "anwohner",
        "bevoelkerung",
        "oeffentlichkeit",
        "citizens",
        "residents",
        "public",
    ),
}


def _canonical(text: str) -> str:
    """Lower case, umlauts written out, without accents and punctuation."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _stripped(word: str) -> str:
    """The word as written without umlauts at all ("buerger" → "burger")."""
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def sector_key(text: str) -> str:
    """How two spellings of one sector are recognised as the same value."""
    return re.sub(r"[^0-9a-z]+", "", _canonical(text))


_WORD_GROUPS: dict[str, str] = {}
for _group, _words in GROUPS.items():
    for _word in _words:
        _WORD_GROUPS[_word] = _group
        _WORD_GROUPS.setdefault(_stripped(_word), _group)


def _concepts(text: str) -> set[str]:
    """The words of ``text`` and the groups they belong to."""
    out: set[str] = set()
    for word in re.split(r"[^0-9a-z]+", _canonical(text)):
        if not word or word in _STOP:
            continue
        out.add(_stripped(word))
        group = _WORD_GROUPS.get(word) or _WORD_GROUPS.get(_stripped(word))
        if group is None:
            group = next(
                (g for w, g in _WORD_GROUPS.items() if len(w) >= 6 and word.startswith(w)), None
            )
        if group is not None:
            out.add("group:" + group)
    return out


def suggest(value: str, sectors: Mapping[int, str]) -> int | None:
    """The id of the sector (``{id: name}``) that ``value`` most likely means, or None
    when none fits or two fit equally well (then the team decides)."""
    wanted = sector_key(value)
    if not wanted:
        return None
    same = [pk for pk, name in sectors.items() if sector_key(name) == wanted]
    if same:
        return min(same)
    concepts = _concepts(value)
    scores: dict[int, float] = {}
    for pk, name in sectors.items():
        score = float(len(concepts & _concepts(name)))
        if not score:
            ratio = difflib.SequenceMatcher(None, wanted, sector_key(name)).ratio()
            score = 0.5 if ratio >= 0.85 else 0.0
        if score:
            scores[pk] = score
    if not scores:
        return None
    best = max(scores.values())
    winners = [pk for pk, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 else None


def distinct_values(cells: Iterable[str]) -> list[tuple[str, str, int]]:
    """``(key, value as first written, number of rows)`` of the non-empty values, in the
    order they first appear; spellings of one value count as one."""
    found: dict[str, list] = {}
    for cell in cells:
        text = " ".join(cell.split())
        k = sector_key(text)
        if not k:
            continue
        if k in found:
            found[k][1] += 1
        else:
            found[k] = [text, 1]
    return [(k, text, count) for k, (text, count) in found.items()]
