"""Search text, pure: German stems, a safe query parser and highlighting.

The query syntax is the one people know from web search engines (and PostgreSQL's
``websearch_to_tsquery``): words must all appear, ``"several words"`` is a phrase,
``-word`` excludes, ``or`` between words offers alternatives. Whatever is typed, the parser
returns a :class:`Query` built only from word characters — it never raises, and nothing
the person types reaches a full-text engine as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TERMS = 12
_QUOTES = {ord(c): '"' for c in "„“”«»"}  # typographic quotation marks open phrases too


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def stemmed(text: str) -> str:
    """The text as a line of German stems (what the SQLite index holds)."""
    return " ".join(_stemmer().stemWords([w.lower() for w in words(text)]))


def clean(text: str) -> str:
    """Text without control characters (they mark highlights)."""
    return _CONTROL.sub(" ", text or "")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    negated: bool = False

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.words)


@dataclass
class Query:
    groups: list[list[Term]] = field(default_factory=list)  # OR of ANDs

    def __bool__(self) -> bool:
        return any(any(not t.negated for t in group) for group in self.groups)

    @property
    def positive_stems(self) -> set[str]:
        return {s for group in self.groups for t in group if not t.negated for s in t.stems}

    def websearch(self) -> str:
        """The query in ``websearch_to_tsquery`` syntax (only word characters inside)."""
        out = []
        for group in self.groups:
            parts = []
            for term in group:
                text = " ".join(term.words)
                text = f'"{text}"' if len(term.words) > 1 else text
                parts.append(("-" if term.negated else "") + text)
            out.append(" ".join(parts))
        return " or ".join(out)

    def fts5(self) -> str:
        """The query in SQLite FTS5 syntax over stemmed text; every stem is quoted."""
        groups = []
        for group in self.groups:
            positive = [t for t in group if not t.negated]
            if not positive:
                continue
            expr = " AND ".join(_fts5_phrase(t) for t in positive)
            for term in group:
                if term.negated:
                    expr = f"({expr}) NOT {_fts5_phrase(term)}"
            groups.append(f"({expr})")
        return " OR ".join(groups)


def _fts5_phrase(term: Term) -> str:
    # Stems are word characters only; quoting keeps AND/OR/NOT/NEAR plain words.
    return '"' + " ".join(term.stems).replace('"', '""') + '"'


def parse(text: str, *, max_terms: int = MAX_TERMS) -> Query:
    """Parse a search box entry; never raises."""
    groups: list[list[Term]] = [[]]
    count = 0
    for match in _TOKEN.finditer(clean(text).translate(_QUOTES)):
        negated_phrase, phrase, bare = match.groups()
        if phrase is not None:
            found = tuple(words(phrase))
            negated = bool(negated_phrase)
        else:
            if bare.lower() == "or":
                if groups[-1]:
                    groups.append([])
                continue
            negated = bare.startswith("-") and len(bare) > 1
            # "CO2-Bilanz" becomes the phrase of its parts
            found = tuple(words(bare))
        if not found:
            continue
        if count >= max_terms:
            break
        count += 1
        groups[-1].append(Term(found, negated))
    return Query([g for g in groups if any(not t.negated for t in g)])


def _matches(text: str, stems: set[str], stemmed: str | None) -> list[re.Match]:
    """The words of ``text`` whose stem is in ``stems``. ``stemmed`` is the text's stored
    line of stems (``stemmed(text)``, what the index holds): when it fits word for word,
    nothing is stemmed again; otherwise each distinct word is stemmed once."""
    if not stems:
        return []
    found = list(WORD.finditer(text))
    line = stemmed.split(" ") if stemmed else None
    if line is None or len(line) != len(found):
        known: dict[str, str] = {}
        line = []
        for m in found:
            word = m.group().lower()
            if word not in known:
                known[word] = _stemmer().stemWord(word)
            line.append(known[word])
    return [m for m, s in zip(found, line, strict=True) if s in stems]


def highlight(
    text: str, stems: set[str], *, width: int = 240, stemmed: str | None = None
) -> list[tuple[str, bool]]:
    """A snippet of ``text`` around the first word whose stem is in ``stems``, as
    ``(part, is_match)`` pairs (the template escapes each part). ``stemmed``: the stored
    stems of the text, if the caller has them."""
    text = clean(text)
    matches = _matches(text, stems, stemmed)
    if matches:
        start = max(0, matches[0].start() - width // 3)
        # begin at a word boundary
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < matches[0].start() else start
    else:
        start = 0
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("… ", False))
    position = start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        if m.start() > position:
            parts.append((text[position : m.start()], False))
        parts.append((m.group(), True))
        position = m.end()
    if position < end:
        parts.append((text[position:end], False))
    if end < len(text):
        parts.append((" …", False))
    return parts


def marked_parts(text: str, start: str = "\x02", stop: str = "\x03") -> list[tuple[str, bool]]:
    """Split text with highlight markers (PostgreSQL's ``ts_headline``) into parts."""
    parts: list[tuple[str, bool]] = []
    for index, piece in enumerate(re.split(f"[{start}{stop}]", text or "")):
        if piece:
            parts.append((piece, index % 2 == 1))
    return parts
