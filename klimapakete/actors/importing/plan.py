"""Reading, mapping and checking spreadsheets of actors and relationships; writing exports.

Pure: no Django. The app loads what the team already has into an :class:`ActorContext`
or :class:`RelationshipContext`, and this module turns a :class:`Table` plus a column
mapping into a plan (rows to create, update or skip) and row errors. Errors carry a code
and parameters; the view words them in the user's language.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_CELL = 10_000
# Uncompressed size of all parts of an XLSX file (a zip archive): refuses zip bombs.
MAX_XLSX_UNPACKED = 100 * 1024 * 1024

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    """The file cannot be read as a table; ``code`` names why for the UI."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]  # data rows, each as long as the header
    numbers: list[int]  # the spreadsheet row number of each data row (header = 1)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "header": self.header,
            "rows": self.rows,
            "numbers": self.numbers,
            "sheet": self.sheet,
            "sheets": self.sheets,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Table:
        return cls(
            header=list(data["header"]),
            rows=[list(r) for r in data["rows"]],
            numbers=list(data["numbers"]),
            sheet=data.get("sheet", ""),
            sheets=list(data.get("sheets", [])),
        )

    def samples(self, column: int, count: int = 3) -> list[str]:
        """The first non-empty values of a column."""
        found = []
        for row in self.rows:
            if row[column]:
                found.append(row[column])
                if len(found) == count:
                    break
        return found


# --- reading files -------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """A cell as text: without NUL and other control characters, trimmed, and without
    the apostrophe our own exports put before formula characters (so exports round-trip)."""
    value = _CONTROL.sub("", value).strip()
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        value = value[1:]
    return value


def read_table(data: bytes, filename: str = "", sheet: str = "") -> Table:
    """Read an uploaded CSV or XLSX file into a :class:`Table`.

    Raises :class:`TableError` for anything that is not a usable table.
    """
    if not data:
        raise TableError("empty")
    if len(data) > MAX_BYTES:
        raise TableError("too_large", max_mb=MAX_BYTES // (1024 * 1024))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, sheet)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError("old_excel")
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods", ".numbers")):
        raise TableError("unreadable_xlsx")
    return _read_csv(_decode(data))


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # "Unicode text" from Excel: UTF-16
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise TableError("binary") from error
    else:
        head = data[:65536]
        if head.count(b"\x00") > max(2, len(head) // 100):
            raise TableError("binary")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # What German Excel writes ("CSV (Trennzeichen-getrennt)"): Windows-1252.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    sample = text[:65536]
    strange = sum(
        1
        for ch in sample
        if ch == "\ufffd"
        or (unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" and ch != "\x00")
    )
    if sample and strange > max(8, len(sample) // 50):
        raise TableError("binary")
    return text.replace("\x00", "")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, consistent columns."""
    lines = text.splitlines()[:20]
    sample = "\n".join(lines)
    best, best_score = ",", (-1.0, 0)
    for delimiter in (",", ";", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = (round(consistent, 1), counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(text: str) -> Table:
    if not text.strip():
        raise TableError("empty")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _table_from_rows(reader)
    except csv.Error as error:
        raise TableError("bad_csv", line=reader.line_num) from error


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, sheet: str) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise TableError("unreadable_xlsx") from error
    if unpacked > MAX_XLSX_UNPACKED:
        raise TableError("too_large", max_mb=MAX_BYTES // (1024 * 1024))
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken files
        raise TableError("unreadable_xlsx") from error
    try:
        names = list(workbook.sheetnames)
        if not names:
            raise TableError("empty")
        if sheet and sheet not in names:
            raise TableError("sheet_missing", sheet=sheet, sheets=", ".join(names))
        name = sheet or names[0]
        rows = ([_cell_text(v) for v in row] for row in workbook[name].iter_rows(values_only=True))
        try:
            table = _table_from_rows(rows)
        except TableError:
            raise
        except Exception as error:
            raise TableError("unreadable_xlsx") from error
        table.sheet, table.sheets = name, names
        return table
    finally:
        workbook.close()


# How many rows at the top may be a title or grouping rows above the real header.
HEADER_SEARCH_ROWS = 10


def _header_index(lines: list[list[str]]) -> int:
    """Which of the first non-empty rows is the header.

    Spreadsheets often carry a title ("Akteursliste – Stand März") or merged grouping
    cells above the real header. Those rows fill only a few cells; the header is the
    first row that fills more than half as many cells as the widest of the first rows.
    """
    filled = [sum(1 for c in cells if c) for cells in lines]
    needed = max(filled) // 2 + 1
    return next(i for i, count in enumerate(filled) if count >= needed)


def _table_from_rows(rows: Iterable[Sequence[str]]) -> Table:
    header: list[str] | None = None
    body: list[list[str]] = []
    numbers: list[int] = []
    top: list[tuple[int, list[str]]] = []  # the first non-empty rows, to find the header
    for number, cells in _clean_rows(rows):
        if header is None:
            if not cells:
                continue  # blank lines above the header
            top.append((number, cells))
            if len(top) < HEADER_SEARCH_ROWS:
                continue
            header, body, numbers = _split_top(top)
            continue
        _append_row(body, numbers, header, number, cells)
    if header is None and top:
        header, body, numbers = _split_top(top)
    if header is None:
        raise TableError("empty")
    if not body:
        raise TableError("header_only")
    return Table(header=header, rows=body, numbers=numbers)


def _clean_rows(rows: Iterable[Sequence[str]]):
    for number, raw in enumerate(rows, start=1):
        cells = [clean_text(str(c))[:MAX_CELL] for c in raw]
        while cells and not cells[-1]:
            cells.pop()
        yield number, cells


def _split_top(top: list[tuple[int, list[str]]]):
    start = _header_index([cells for _, cells in top])
    header = top[start][1]
    if len(header) > MAX_COLUMNS:
        raise TableError("too_many_columns", max=MAX_COLUMNS)
    body: list[list[str]] = []
    numbers: list[int] = []
    for number, cells in top[start + 1 :]:
        _append_row(body, numbers, header, number, cells)
    return header, body, numbers


def _append_row(body, numbers, header, number: int, cells: list[str]) -> None:
    if not cells:
        return
    if len(body) >= MAX_ROWS:
        raise TableError("too_many_rows", max=MAX_ROWS)
    cells = cells[: len(header)]
    body.append(cells + [""] * (len(header) - len(cells)))
    numbers.append(number)


# --- guessing the mapping ------------------------------------------------------------

IGNORE = ""

ACTOR_TARGETS = [
    "name",
    "first_name",
    "kind",
    "organisation",
    "position",
    "sector",
    "stance",
    "power",
    "ease",
    "ladder",
    "interests",
    "tags",
    "owner",
    "email",
    "phone",
    "notes",
    "is_team_contact",
    "contact_rhythm_days",
]
RELATIONSHIP_TARGETS = ["source", "target", "kind", "strength", "note"]
REQUIRED = {"actors": ["name"], "relationships": ["source", "target"]}

ACTOR_SYNONYMS: dict[str, list[str]] = {
    "name": [
        "name",
        "namen",
        "vollständiger name",
        "full name",
        "akteur",
        "akteurin",
        "akteur:in",
        "akteur*in",
        "actor",
        "person",
        "kontakt",
        "contact",
        "wer",
        "nachname",
        "familienname",
        "last name",
        "surname",
    ],
    # Spreadsheets often split names; the first name is put before the name.
    "first_name": ["vorname", "first name", "firstname", "given name", "rufname"],
    "kind": ["art", "typ", "type", "kind", "person/organisation", "person oder organisation"],
    "organisation": [
        "organisation",
        "organization",
        "org",
        "firma",
        "unternehmen",
        "institution",
        "verein",
        "verband",
        "arbeitgeber",
        "company",
        "employer",
        "gehört zu",
        "belongs to",
    ],
    "position": [
        "funktion",
        "position",
        "rolle",
        "role",
        "titel",
        "title",
        "amt",
        "job",
        "stelle",
        "job title",
    ],
    "sector": ["bereich", "sektor", "sector", "branche", "area", "gruppe", "kategorie"],
    "stance": [
        "haltung",
        "einstellung",
        "stance",
        "attitude",
        "position zum klimaschutz",
        "unterstützung",
        "support",
        "pro/contra",
    ],
    "power": ["einfluss", "macht", "power", "influence", "einfluss/macht", "power/influence"],
    "ease": [
        "erreichbarkeit",
        "wie leicht",
        "leichtigkeit",
        "ease",
        "how easy",
        "how easy to win",
        "gewinnbarkeit",
        "zugänglichkeit",
        "zugang",
        "ansprechbarkeit",
    ],
    "ladder": [
        "stufe",
        "ladder",
        "leiter",
        "engagement",
        "stage",
        "phase",
        "status",
        "ladder of engagement",
        "engagementstufe",
    ],
    "interests": ["interessen", "interests", "interesse", "anliegen", "themen", "topics"],
    "tags": ["tags", "schlagworte", "schlagwörter", "stichworte", "labels", "keywords"],
    "owner": [
        "zuständig",
        "zuständigkeit",
        "verantwortlich",
        "owner",
        "contact owner",
        "kontakt im team",
        "team contact person",
        "betreut von",
        "ansprechpartner team",
    ],
    "email": ["e-mail", "email", "mail", "e-mail-adresse", "email address", "e-mail address"],
    "phone": [
        "telefon",
        "tel",
        "phone",
        "telefonnummer",
        "handy",
        "mobil",
        "mobile",
        "phone number",
        "tel.",
    ],
    "notes": [
        "notizen",
        "notes",
        "bemerkungen",
        "anmerkungen",
        "kommentar",
        "kommentare",
        "comments",
        "comment",
        "notiz",
        "note",
        "bemerkung",
    ],
    "is_team_contact": [
        "in kontakt",
        "im kontakt",
        "kontakt vorhanden",
        "team contact",
        "in contact",
        "bekannt",
    ],
    "contact_rhythm_days": [
        "kontaktrhythmus",
        "rhythmus",
        "contact rhythm",
        "kontaktrhythmus (tage)",
        "contact rhythm (days)",
    ],
}
RELATIONSHIP_SYNONYMS: dict[str, list[str]] = {
    "source": [
        "source",
        "from",
        "von",
        "quelle",
        "akteur",
        "actor",
        "source name",
        "name 1",
        "wer",
    ],
    "target": [
        "target",
        "to",
        "an",
        "zu",
        "nach",
        "ziel",
        "target name",
        "name 2",
        "wen",
        "other actor",
        "anderer akteur",
    ],
    "kind": [
        "kind",
        "art",
        "typ",
        "type",
        "beziehung",
        "relationship",
        "relation",
        "beziehungsart",
    ],
    "strength": ["strength", "stärke", "intensität", "gewicht", "weight"],
    "note": ["note", "notiz", "notes", "notizen", "bemerkung", "anmerkung", "kommentar", "comment"],
}


def normalise(text: str) -> str:
    """Lower case without accents and punctuation, for comparing headings and words."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "", text)


def guess_mapping(
    header: Sequence[str],
    what: str = "actors",
    extra: dict[str, Iterable[str]] | None = None,
) -> list[str]:
    """For each column, the target field it most likely holds, or ``IGNORE``.

    ``extra`` adds headings per target (e.g. the field labels in the user's language,
    so that our own exports map back). Each target is given to one column at most.
    """
    synonyms = ACTOR_SYNONYMS if what == "actors" else RELATIONSHIP_SYNONYMS
    candidates: list[tuple[int, int, str]] = []  # (score, column, target)
    for column, heading in enumerate(header):
        key = normalise(heading)
        if not key:
            continue
        for target, words in synonyms.items():
            words = [*words, *((extra or {}).get(target, []))]
            score = 0
            for word in words:
                norm = normalise(word)
                if not norm:
                    continue
                if key == norm:
                    score = max(score, 200)
                elif len(norm) >= 4 and key.startswith(norm):
                    score = max(score, 50 + len(norm))
                elif len(norm) >= 5 and norm in key:
                    score = max(score, 20 + len(norm))
            if score:
                candidates.append((score, column, target))
    mapping = [IGNORE] * len(header)
    taken: set[str] = set()
    for _score, column, target in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if mapping[column] == IGNORE and target not in taken:
            mapping[column] = target
            taken.add(target)
    return mapping


# --- values --------------------------------------------------------------------------

STANCE_WORDS = {
    -2: [
        "stark dagegen",
        "sehr dagegen",
        "strikt dagegen",
        "gegner",
        "strongly against",
        "very against",
        "--",
        "−−",
        "––",
    ],
    -1: [
        "eher dagegen",
        "dagegen",
        "skeptisch",
        "rather against",
        "against",
        "somewhat against",
        "-",
        "−",
        "–",
    ],
    0: [
        "neutral",
        "unbekannt",
        "unklar",
        "weiß nicht",
        "egal",
        "neutral or unknown",
        "unknown",
        "undecided",
        "0",
        "±",
        "+/-",
        "?",
    ],
    1: [
        "eher dafür",
        "dafür",
        "wohlwollend",
        "rather for",
        "for",
        "somewhat for",
        "in favour",
        "in favor",
        "+",
    ],
    2: [
        "stark dafür",
        "sehr dafür",
        "voll dafür",
        "unterstützer",
        "strongly for",
        "very much for",
        "strongly in favour",
        "strongly in favor",
        "++",
    ],
}
SCALE_WORDS = {
    1: ["sehr gering", "sehr niedrig", "sehr schwer", "very low", "very hard", "minimal"],
    2: ["gering", "niedrig", "schwer", "low", "hard", "klein"],
    3: ["mittel", "medium", "mittelmäßig", "average", "moderate"],
    4: ["hoch", "groß", "leicht", "high", "easy"],
    5: ["sehr hoch", "sehr groß", "sehr leicht", "very high", "very easy", "maximal"],
}
LADDER_WORDS = {
    "identified": ["identifiziert", "erkannt", "bekannt", "identified", "neu", "new"],
    "contacted": ["kontaktiert", "angesprochen", "angeschrieben", "contacted"],
    "conversation": [
        "gespräch geführt",
        "gespräch",
        "im gespräch",
        "conversation held",
        "conversation",
        "talked",
        "met",
    ],
    "supportive": [
        "unterstützend",
        "unterstützt",
        "unterstützer:in",
        "wohlgesonnen",
        "supportive",
        "supporter",
    ],
    "committed": ["verpflichtet", "zugesagt", "festgelegt", "committed", "engagiert"],
    "active": ["aktiv", "aktiv im bündnis", "active", "active in the alliance", "mitglied"],
}
KIND_WORDS = {
    "person": [
        "person",
        "personen",
        "p",
        "mensch",
        "einzelperson",
        "individual",
        "people",
        "privatperson",
    ],
    "organisation": [
        "organisation",
        "organization",
        "org",
        "o",
        "institution",
        "firma",
        "unternehmen",
        "verein",
        "verband",
        "behörde",
        "company",
        "group",
        "gruppe",
        "initiative",
        "partei",
        "party",
    ],
}
RELATIONSHIP_WORDS = {
    "works_for": [
        "works for",
        "arbeitet für",
        "arbeitet bei",
        "angestellt bei",
        "employee of",
        "mitarbeiter:in",
        "mitarbeiter",
    ],
    "member_of": ["member of", "mitglied", "mitglied von", "mitglied in", "mitglied bei", "member"],
    "knows": [
        "knows",
        "knows personally",
        "kennt",
        "kennt persönlich",
        "bekannt",
        "befreundet",
        "friends",
        "friend",
    ],
    "influences": ["influences", "beeinflusst", "einfluss auf", "hat einfluss auf"],
    "funds": [
        "funds",
        "finances",
        "funds / finances",
        "finanziert",
        "fördert",
        "sponsert",
        "sponsors",
        "förderer",
    ],
    "advises": ["advises", "berät", "berater", "beraterin", "advisor", "adviser"],
    "party_colleague": [
        "party colleague",
        "parteikollege",
        "parteikollegin",
        "parteifreund",
        "parteifreundin",
        "gleiche partei",
        "same party",
    ],
    "family": ["family", "familie", "verwandt", "verheiratet", "related", "married"],
    "opponent": ["opponent", "opponent of", "gegner", "gegnerin", "gegner von", "rivale", "rival"],
}
STRENGTH_WORDS = {
    1: ["weak", "schwach", "gering", "low", "lose"],
    2: ["medium", "mittel", "normal", "moderate"],
    3: ["strong", "stark", "eng", "hoch", "high", "close"],
}
TRUE_WORDS = {"ja", "j", "yes", "y", "x", "1", "true", "wahr", "✓", "✔"}
FALSE_WORDS = {"nein", "n", "no", "0", "false", "falsch", "-"}

EMAIL_RE = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]{2,}$")

MAX_LENGTH = {
    "name": 200,
    "position": 200,
    "organisation": 200,
    "sector": 80,
    "interests": 4000,
    "tags": 300,
    "email": 254,
    "phone": 40,
    "notes": 8000,
    "note": 300,
}


def word_table(words: dict, extra: dict | None = None) -> dict[str, object]:
    """A lookup from words (as written and normalised) to values; ``extra`` adds e.g.
    the choice labels in the user's language."""
    table: dict[str, object] = {}
    pairs = [(name, value) for value, names in words.items() for name in names]
    pairs += [(str(name), value) for name, value in (extra or {}).items()]
    for name, value in pairs:
        table[name.casefold()] = value
    for name, value in pairs:
        if normalise(name):
            table.setdefault(normalise(name), value)
    table.update({str(v).casefold(): v for v in words})
    return table


def _lookup(table: dict[str, object], text: str):
    key = text.casefold().strip()
    if key in table:
        return table[key]
    norm = normalise(text)
    return table.get(norm) if norm else None


def _int(text: str) -> int | None:
    text = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    if re.fullmatch(r"[+-]?\d+([.,]0+)?", text):
        return int(re.split(r"[.,]", text)[0])
    return None


DEFAULT_TABLES = {
    "stance": word_table(STANCE_WORDS),
    "scale": word_table(SCALE_WORDS),
    "ladder": word_table(LADDER_WORDS),
    "kind": word_table(KIND_WORDS),
    "relationship_kind": word_table(RELATIONSHIP_WORDS),
    "strength": word_table(STRENGTH_WORDS),
}


def parse_stance(text: str, table: dict | None = None) -> int | None:
    number = _int(text)
    if number is not None:
        return number if -2 <= number <= 2 else None
    return _lookup(table or DEFAULT_TABLES["stance"], text)


def parse_scale(text: str, table: dict | None = None) -> int | None:
    number = _int(text)
    if number is not None:
        return number if 1 <= number <= 5 else None
    return _lookup(table or DEFAULT_TABLES["scale"], text)


def parse_ladder(text: str, table: dict | None = None) -> str | None:
    number = _int(text)
    steps = list(LADDER_WORDS)
    if number is not None:
        return steps[number - 1] if 1 <= number <= len(steps) else None
    return _lookup(table or DEFAULT_TABLES["ladder"], text)


def parse_kind(text: str, table: dict | None = None) -> str | None:
    return _lookup(table or DEFAULT_TABLES["kind"], text)


def parse_relationship_kind(text: str, table: dict | None = None) -> str | None:
    return _lookup(table or DEFAULT_TABLES["relationship_kind"], text)


def parse_strength(text: str, table: dict | None = None) -> int | None:
    number = _int(text)
    if number is not None:
        return number if 1 <= number <= 3 else None
    return _lookup(table or DEFAULT_TABLES["strength"], text)


def parse_bool(text: str) -> bool | None:
    key = text.casefold().strip()
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    return None


def parse_tags(text: str) -> str:
    parts = [p.strip() for p in re.split(r"[,;|\n]", text)]
    return ", ".join(dict.fromkeys(p for p in parts if p))


# --- planning an actor import --------------------------------------------------------

SKIP, UPDATE, CREATE = "skip", "update", "create"


@dataclass(frozen=True)
class RowError:
    row: int
    code: str
    target: str = ""
    value: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class ActorContext:
    """What the team already has, keyed by ``key()`` of the name."""

    sectors: dict[str, int]  # key -> sector id
    sector_names: list[str]
    actors: dict[str, list[tuple[int, str]]]  # key -> [(actor id, kind)]
    member_emails: dict[str, int]  # casefolded e-mail -> user id
    member_names: dict[str, list[int]]  # key of the name -> user ids
    words: dict[str, dict] = field(default_factory=dict)  # target -> {label: value}


@dataclass
class ActorRow:
    row: int
    action: str
    name: str
    kind: str
    values: dict  # model field values (without name, kind and links)
    sector: str = ""  # key of the sector name, or ""
    organisation: str = ""  # key of the organisation's name, or ""
    owner_id: int | None = None
    existing_id: int | None = None
    display: dict = field(default_factory=dict)  # target -> text for the preview
    duplicate_of: int | None = None  # row number of an earlier row, or -1 for existing


@dataclass
class ActorPlan:
    rows: list[ActorRow]
    errors: list[RowError]
    new_sectors: dict[str, str]  # key -> name as written in the file
    new_organisations: dict[str, str]  # key -> name; created as organisation actors
    mapped: list[str]  # targets in use, in ACTOR_TARGETS order

    @property
    def counts(self) -> dict[str, int]:
        counts = {CREATE: 0, UPDATE: 0, SKIP: 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def update_fields(self) -> list[str]:
        """Model fields that an update may change."""
        fields = []
        for target in self.mapped:
            if target in ("name", "first_name", "kind"):
                continue
            fields.append({"owner": "owner", "sector": "sector"}.get(target, target))
        return fields


def key(name: str) -> str:
    """How names are compared: case-insensitive, with runs of spaces collapsed."""
    return " ".join(name.casefold().split())


TEXT_TARGETS = ("position", "interests", "notes", "phone")


def plan_actors(
    table: Table,
    mapping: Sequence[str],
    context: ActorContext,
    *,
    create_sectors: bool = False,
    duplicates: str = SKIP,
) -> ActorPlan:
    """Check every row and decide what happens to it.

    ``duplicates`` says what to do with a name that the team already has, or that an
    earlier row of the file has: ``skip`` the row, ``update`` the existing actor (only
    with the non-empty cells of mapped columns), or ``create`` another actor anyway.
    """
    columns = {target: i for i, target in enumerate(mapping) if target}
    mapped = [t for t in ACTOR_TARGETS if t in columns]
    words = context.words
    tables = {
        "kind": word_table(KIND_WORDS, words.get("kind")),
        "stance": word_table(STANCE_WORDS, words.get("stance")),
        "power": word_table(SCALE_WORDS, words.get("power")),
        "ease": word_table(SCALE_WORDS, words.get("ease")),
        "ladder": word_table(LADDER_WORDS, words.get("ladder")),
    }
    errors: list[RowError] = []
    rows: list[ActorRow] = []
    new_sectors: dict[str, str] = {}
    organisations_in_file: dict[str, int] = {}
    referenced_orgs: dict[str, tuple[int, str]] = {}
    seen: dict[str, int] = {}

    for cells, number in zip(table.rows, table.numbers, strict=True):

        def cell(target: str, cells=cells) -> str:
            return cells[columns[target]] if target in columns else ""

        row_errors: list[RowError] = []

        def error(code, target="", value="", row_errors=row_errors, number=number, **extra):
            row_errors.append(RowError(number, code, target, value[:80], extra))

        name = " ".join(f"{cell('first_name')} {cell('name')}".split())
        if not name:
            error("name_missing", "name")
        elif "first_name" in columns and len(name) > MAX_LENGTH["name"]:
            error("too_long", "name", name, max=MAX_LENGTH["name"])
        for target, limit in MAX_LENGTH.items():
            if target in columns and target not in ("tags",) and len(cell(target)) > limit:
                error("too_long", target, cell(target), max=limit)

        values: dict = {}
        display: dict = {"name": name}
        for target in TEXT_TARGETS:
            if cell(target):
                values[target] = cell(target)
                display[target] = cell(target)

        kind_text = cell("kind")
        kind = "person"
        if kind_text:
            parsed = parse_kind(kind_text, tables["kind"])
            if parsed is None:
                error("unknown_kind", "kind", kind_text)
            else:
                kind = parsed
        display["kind"] = kind

        for target, parser in (
            ("stance", parse_stance),
            ("power", parse_scale),
            ("ease", parse_scale),
            ("ladder", parse_ladder),
        ):
            text = cell(target)
            if not text:
                continue
            parsed = parser(text, tables[target])
            if parsed is None:
                error(f"bad_{target}", target, text)
            else:
                values[target] = parsed
                display[target] = parsed

        if cell("tags"):
            tags = parse_tags(cell("tags"))
            if len(tags) > MAX_LENGTH["tags"]:
                error("too_long", "tags", tags, max=MAX_LENGTH["tags"])
            values["tags"] = display["tags"] = tags

        email = cell("email")
        if email:
            if EMAIL_RE.match(email) and len(email) <= MAX_LENGTH["email"]:
                values["email"] = display["email"] = email
            else:
                error("bad_email", "email", email)

        if cell("is_team_contact"):
            flag = parse_bool(cell("is_team_contact"))
            if flag is None:
                error("bad_bool", "is_team_contact", cell("is_team_contact"))
            else:
                values["is_team_contact"] = display["is_team_contact"] = flag

        if cell("contact_rhythm_days"):
            days = _int(cell("contact_rhythm_days"))
            if days is None or not 1 <= days <= 730:
                error("bad_rhythm", "contact_rhythm_days", cell("contact_rhythm_days"))
            else:
                values["contact_rhythm_days"] = display["contact_rhythm_days"] = days

        sector_key = ""
        sector_text = " ".join(cell("sector").split())
        if sector_text:
            sector_key = key(sector_text)
            display["sector"] = sector_text
            if sector_key not in context.sectors:
                if len(sector_text) > MAX_LENGTH["sector"]:
                    pass  # reported as too long above
                elif create_sectors:
                    new_sectors.setdefault(sector_key, sector_text)
                else:
                    error("unknown_sector", "sector", sector_text)

        owner_id = None
        owner_text = cell("owner").strip()
        if owner_text:
            owner_id = context.member_emails.get(owner_text.casefold())
            if owner_id is None:
                matches = context.member_names.get(key(owner_text), [])
                if len(matches) == 1:
                    owner_id = matches[0]
                elif len(matches) > 1:
                    error("ambiguous_owner", "owner", owner_text)
                else:
                    error("unknown_owner", "owner", owner_text)
            display["owner"] = owner_text

        org_key = ""
        org_text = " ".join(cell("organisation").split())
        if org_text:
            org_key = key(org_text)
            display["organisation"] = org_text
            if name and org_key == key(name):
                error("self_organisation", "organisation", org_text)
                org_key = ""
            else:
                referenced_orgs.setdefault(org_key, (number, org_text))

        action, existing_id, duplicate_of = CREATE, None, None
        if name:
            name_key = key(name)
            existing = context.actors.get(name_key, [])
            earlier = seen.get(name_key)
            if existing or earlier is not None:
                duplicate_of = earlier if earlier is not None else -1
                if duplicates == SKIP:
                    action = SKIP
                elif duplicates == UPDATE:
                    if earlier is not None:
                        error("duplicate_in_file", "name", name, first=earlier)
                    elif len(existing) > 1:
                        error("ambiguous_existing", "name", name)
                    else:
                        action, existing_id = UPDATE, existing[0][0]
                        kind = existing[0][1]
            seen.setdefault(name_key, number)
            if kind == "organisation" and action == CREATE:
                organisations_in_file.setdefault(name_key, number)

        errors.extend(row_errors)
        rows.append(
            ActorRow(
                row=number,
                action=action,
                name=name,
                kind=kind,
                values=values,
                sector=sector_key,
                organisation=org_key,
                owner_id=owner_id,
                existing_id=existing_id,
                display=display,
                duplicate_of=duplicate_of,
            )
        )

    new_organisations: dict[str, str] = {}
    for org_key, (number, org_text) in referenced_orgs.items():
        existing = context.actors.get(org_key, [])
        if org_key in organisations_in_file:
            continue
        if not existing:
            if len(org_text) <= MAX_LENGTH["organisation"]:
                new_organisations[org_key] = org_text
            continue
        orgs = [a for a in existing if a[1] == "organisation"]
        if not orgs:
            errors.append(RowError(number, "organisation_is_person", "organisation", org_text))
        elif len(orgs) > 1:
            errors.append(RowError(number, "ambiguous_organisation", "organisation", org_text))
    # A row naming a person of the file as its organisation.
    persons_in_file = {
        key(r.name) for r in rows if r.kind == "person" and r.action == CREATE and r.name
    }
    for row in rows:
        if (
            row.organisation
            and row.organisation in persons_in_file
            and row.organisation not in organisations_in_file
            and not context.actors.get(row.organisation)
        ):
            errors.append(
                RowError(row.row, "organisation_is_person", "organisation", row.organisation)
            )
            new_organisations.pop(row.organisation, None)
    errors.sort(key=lambda e: e.row)
    return ActorPlan(rows, errors, new_sectors, new_organisations, mapped)


# --- planning a relationship import --------------------------------------------------


@dataclass
class RelationshipContext:
    actors: dict[str, list[int]]  # key of the name -> actor ids
    existing: set[tuple[int, int, str]]  # (source id, target id, kind)
    undirected: set[str]  # kinds where A–B equals B–A
    words: dict[str, dict] = field(default_factory=dict)


@dataclass
class RelationshipRow:
    row: int
    action: str
    source_id: int | None
    target_id: int | None
    kind: str
    strength: int | None
    note: str | None
    display: dict


@dataclass
class RelationshipPlan:
    rows: list[RelationshipRow]
    errors: list[RowError]
    mapped: list[str]

    @property
    def counts(self) -> dict[str, int]:
        counts = {CREATE: 0, UPDATE: 0, SKIP: 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts


def plan_relationships(
    table: Table, mapping: Sequence[str], context: RelationshipContext, *, duplicates: str = SKIP
) -> RelationshipPlan:
    """Check every row of a relationship table. A relationship that exists already (or
    an earlier row has) is skipped, or with ``duplicates="update"`` updated."""
    columns = {target: i for i, target in enumerate(mapping) if target}
    mapped = [t for t in RELATIONSHIP_TARGETS if t in columns]
    kinds = word_table(RELATIONSHIP_WORDS, context.words.get("kind"))
    strengths = word_table(STRENGTH_WORDS, context.words.get("strength"))
    errors: list[RowError] = []
    rows: list[RelationshipRow] = []
    seen: set[tuple[int, int, str]] = set()
    for cells, number in zip(table.rows, table.numbers, strict=True):

        def cell(target: str, cells=cells) -> str:
            return cells[columns[target]] if target in columns else ""

        row_errors: list[RowError] = []
        ids: dict[str, int | None] = {}
        display: dict = {}
        for end in ("source", "target"):
            text = " ".join(cell(end).split())
            display[end] = text
            ids[end] = None
            if not text:
                row_errors.append(RowError(number, "actor_missing", end))
                continue
            found = context.actors.get(key(text), [])
            if len(found) == 1:
                ids[end] = found[0]
            elif found:
                row_errors.append(RowError(number, "ambiguous_actor", end, text[:80]))
            else:
                row_errors.append(RowError(number, "unknown_actor", end, text[:80]))
        kind = "knows"
        if cell("kind"):
            parsed = parse_relationship_kind(cell("kind"), kinds)
            if parsed is None:
                row_errors.append(RowError(number, "bad_relationship_kind", "kind", cell("kind")))
            else:
                kind = parsed
        display["kind"] = kind
        strength = None
        if cell("strength"):
            strength = parse_strength(cell("strength"), strengths)
            if strength is None:
                row_errors.append(RowError(number, "bad_strength", "strength", cell("strength")))
            display["strength"] = strength
        note = None
        if "note" in columns:
            note = cell("note")
            if len(note) > MAX_LENGTH["note"]:
                row_errors.append(
                    RowError(number, "too_long", "note", note[:80], {"max": MAX_LENGTH["note"]})
                )
            display["note"] = note
        source, target = ids["source"], ids["target"]
        action = CREATE
        if source is not None and source == target:
            row_errors.append(RowError(number, "self_relationship", "target", display["target"]))
        if source is not None and target is not None:
            keys = {(source, target, kind)}
            if kind in context.undirected:
                keys.add((target, source, kind))
            if keys & seen:
                action = SKIP
            elif keys & context.existing:
                action = UPDATE if duplicates == UPDATE else SKIP
            seen.update(keys)
        errors.extend(row_errors)
        rows.append(RelationshipRow(number, action, source, target, kind, strength, note, display))
    return RelationshipPlan(rows, errors, mapped)


# --- writing exports -----------------------------------------------------------------


def _safe(value):
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence], *, delimiter: str = ",") -> bytes:
    """CSV in UTF-8 with a byte-order mark (so Excel reads the umlauts), formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_safe(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet") -> bytes:
    """An XLSX workbook whose text cells are stored as text, never as formulas."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet")
    bold = Font(bold=True)

    def cells(values: Sequence, font=None):
        out = []
        for value in values:
            value = _safe(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            if font is not None:
                cell.font = font
            out.append(cell)
        return out

    sheet.append(cells(header, bold))
    for row in rows:
        sheet.append(cells(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
