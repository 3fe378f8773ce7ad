"""Checking spreadsheets of actors and relationships against the team's data.

No database: the app reads the upload with the shared table layer
(:mod:`klimapakete.tables`), loads what the team already has into an
:class:`ActorContext` or :class:`RelationshipContext`, and this module turns the
:class:`~klimapakete.tables.Table` plus a column mapping into a plan (rows to create,
update or skip) and row errors. Errors carry a code and parameters; the app's
``messages`` module words them in the user's language. The columns are declared once in
:mod:`klimapakete.actors.importing.columns`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from klimapakete.actors.importing.columns import ACTOR_COLUMNS, COLUMNS, RELATIONSHIP_COLUMNS
from klimapakete.actors.importing.sectors import distinct_values, sector_key, suggest
from klimapakete.tables import IGNORE, Table, auto_map, normalise

ACTOR_TARGETS = [c.key for c in ACTOR_COLUMNS]
RELATIONSHIP_TARGETS = [c.key for c in RELATIONSHIP_COLUMNS]
REQUIRED = {what: [c.key for c in columns if c.required] for what, columns in COLUMNS.items()}
MAX_LENGTH = {c.key: c.max_length for c in (*ACTOR_COLUMNS, *RELATIONSHIP_COLUMNS) if c.max_length}

__all__ = ["IGNORE", "Table"]


def guess_mapping(
    header: Sequence[str],
    what: str = "actors",
    extra: dict[str, Iterable[str]] | None = None,
) -> list[str]:
    """For each column, the target field it most likely holds, or ``IGNORE``.

    ``extra`` adds headings per target (e.g. the field labels in the user's language,
    so that our own exports map back). Each target is given to one column at most.
    """
    return auto_map(header, COLUMNS[what], extra)


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

    @property
    def params(self) -> dict:
        """What the row's sentence needs (the view adds the column's label)."""
        return {"row": self.row, "value": self.value, **self.extra}


@dataclass
class ActorContext:
    """What the team already has, keyed by ``key()`` of the name."""

    sectors: dict[str, int]  # key -> sector id
    sector_names: list[str]
    actors: dict[str, list[tuple[int, str]]]  # key -> [(actor id, kind)]
    member_emails: dict[str, int]  # casefolded e-mail -> user id
    member_names: dict[str, list[int]]  # key of the name -> user ids
    words: dict[str, dict] = field(default_factory=dict)  # target -> {label: value}
    sector_by_id: dict[int, str] = field(default_factory=dict)  # sector id -> name


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


# What the team chose for a sector value of the file: a sector id, a new sector, or none.
NEW_SECTOR, NO_SECTOR = "new", "empty"


@dataclass(frozen=True)
class SectorValue:
    """One distinct value of the sector column and what it becomes.

    ``choice`` is a sector id, ``NEW_SECTOR``, ``NO_SECTOR`` or None (undecided: the
    rows are errors until the team decides); ``suggested`` is the proposed sector id.
    """

    key: str
    text: str
    rows: int
    choice: int | str | None
    suggested: int | None


def sector_values(
    cells: Iterable[str],
    context: ActorContext,
    choices: Mapping[str, int | str] | None = None,
    *,
    create_sectors: bool = False,
) -> list[SectorValue]:
    """The distinct sector values of a file with the team's choice for each: the one
    made in the preview, else the sector of the same name or the suggested one, else a
    new sector if ``create_sectors``, else undecided."""
    out = []
    for k, text, count in distinct_values(cells):
        suggested = suggest(text, context.sector_by_id)
        choice = (choices or {}).get(k)
        if isinstance(choice, int) and choice not in context.sector_by_id:
            choice = None  # a sector deleted meanwhile
        if choice is None and suggested is not None:
            choice = suggested
        elif choice is None and create_sectors:
            choice = NEW_SECTOR
        if (
            choice == NEW_SECTOR
            and suggested is not None
            and sector_key(context.sector_by_id[suggested]) == k
        ):
            choice = suggested  # never a second sector of the same name
        out.append(SectorValue(k, text, count, choice, suggested))
    return out


# Columns whose values the team may map in the preview when the file uses other words.
VALUE_TARGETS = ("stance", "power", "ease")
VALUE_RANGES = {"stance": range(-2, 3), "power": range(1, 6), "ease": range(1, 6)}
NO_VALUE = "empty"  # the team chose to leave the field at its default

# Words a file may use that are too vague to accept without asking; they only make the
# suggestion in the preview.
SUGGEST_WORDS = {
    "stance": {
        "vielleicht": 0,
        "maybe": 0,
        "offen": 0,
        "open": 0,
        "ja": 1,
        "yes": 1,
        "eher ja": 1,
        "rather yes": 1,
        "nein": -1,
        "no": -1,
        "eher nein": -1,
        "rather no": -1,
    },
    "power": {"sehr viel": 5, "viel": 4, "wenig": 2, "sehr wenig": 1, "a lot": 5, "little": 2},
    "ease": {"sehr viel": 5, "viel": 4, "wenig": 2, "sehr wenig": 1, "a lot": 5, "little": 2},
}


def value_key(text: str) -> str:
    """How two spellings of one cell value are recognised as the same value."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class UnknownValue:
    """A distinct value of a stance, power or ease column that is none of the known words.

    ``choice`` is the value the team chose (or the suggestion), ``NO_VALUE``, or None
    (undecided: its rows are errors); ``suggested`` is the proposed value or None.
    """

    target: str
    key: str
    text: str
    rows: int
    choice: int | str | None
    suggested: int | None


def _suggest_value(target: str, text: str, table: dict) -> int | None:
    words = SUGGEST_WORDS.get(target, {})
    k = value_key(text)
    if k in words:
        return words[k]
    candidates = {str(w): v for w, v in table.items() if isinstance(w, str)}
    candidates.update(words)
    close = difflib.get_close_matches(k, list(candidates), n=1, cutoff=0.75)
    return candidates[close[0]] if close else None


def unknown_values(
    target: str,
    cells: Iterable[str],
    parser,
    table: dict,
    choices: Mapping[str, int | str] | None = None,
) -> list[UnknownValue]:
    """The distinct values of a column that ``parser`` does not understand, in the order
    they first appear, each with the team's choice (or the suggestion)."""
    found: dict[str, list] = {}
    for cell in cells:
        text = " ".join(cell.split())
        if not text or parser(text, table) is not None:
            continue
        k = value_key(text)
        if k in found:
            found[k][1] += 1
        else:
            found[k] = [text, 1]
    out = []
    for k, (text, count) in found.items():
        suggested = _suggest_value(target, text, table)
        choice = (choices or {}).get(k)
        if choice != NO_VALUE and choice not in VALUE_RANGES[target]:
            choice = suggested
        out.append(UnknownValue(target, k, text, count, choice, suggested))
    return out


@dataclass
class ActorPlan:
    rows: list[ActorRow]
    errors: list[RowError]
    new_sectors: dict[str, str]  # key -> name as written in the file
    new_organisations: dict[str, str]  # key -> name; created as organisation actors
    mapped: list[str]  # targets in use, in ACTOR_TARGETS order
    sector_values: list[SectorValue] = field(default_factory=list)
    unknown_values: list[UnknownValue] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)  # rows left out for their errors

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
    sector_choices: Mapping[str, int | str] | None = None,
    value_choices: Mapping[str, Mapping[str, int | str]] | None = None,
) -> ActorPlan:
    """Check every row and decide what happens to it.

    ``duplicates`` says what to do with a name that the team already has, or that an
    earlier row of the file has: ``skip`` the row, ``update`` the existing actor (only
    with the non-empty cells of mapped columns), or ``create`` another actor anyway.
    ``sector_choices`` maps the file's sector values (by ``sector_key``) to what the
    team chose in the preview; ``value_choices`` maps, per stance/power/ease column, the
    file's other words for a value (by ``value_key``) to the value the team chose.
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
    values_of_sectors = (
        sector_values(
            (cells[columns["sector"]] for cells in table.rows),
            context,
            sector_choices,
            create_sectors=create_sectors,
        )
        if "sector" in columns
        else []
    )
    sector_choice = {v.key: v for v in values_of_sectors}
    parsers = {"stance": parse_stance, "power": parse_scale, "ease": parse_scale}
    values_unknown = [
        value
        for target in VALUE_TARGETS
        if target in columns
        for value in unknown_values(
            target,
            (cells[columns[target]] for cells in table.rows),
            parsers[target],
            tables[target],
            (value_choices or {}).get(target),
        )
    ]
    unknown_choice = {(v.target, v.key): v.choice for v in values_unknown}
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
            text = " ".join(cell(target).split())
            if not text:
                continue
            parsed = parser(text, tables[target])
            if parsed is None:
                parsed = unknown_choice.get((target, value_key(text)))
                if parsed == NO_VALUE:
                    continue
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

        row_sector = ""
        sector_text = " ".join(cell("sector").split())
        if sector_key(sector_text):
            chosen = sector_choice[sector_key(sector_text)]
            display["sector"] = sector_text
            if isinstance(chosen.choice, int):
                row_sector = key(context.sector_by_id[chosen.choice])
                display["sector"] = context.sector_by_id[chosen.choice]
            elif chosen.choice == NO_SECTOR:
                display["sector"] = ""
            elif len(chosen.text) > MAX_LENGTH["sector"]:
                pass  # reported as too long above
            elif chosen.choice == NEW_SECTOR:
                new_sectors.setdefault(sector_key(sector_text), chosen.text)
                row_sector = key(chosen.text)
                display["sector"] = chosen.text
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
                sector=row_sector,
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
    return ActorPlan(
        rows, errors, new_sectors, new_organisations, mapped, values_of_sectors, values_unknown
    )


def without_error_rows(plan):
    """The plan with the rows that have errors left out (for "skip rows with errors");
    ``skipped_rows`` lists them. Works for actor and relationship plans."""
    bad = sorted({e.row for e in plan.errors})
    if bad:
        plan.rows = [r for r in plan.rows if r.row not in set(bad)]
        plan.errors = []
        plan.skipped_rows = bad
    if isinstance(plan, ActorPlan):
        # Nothing is created only for the rows that were left out.
        orgs = {r.organisation for r in plan.rows}
        plan.new_organisations = {k: v for k, v in plan.new_organisations.items() if k in orgs}
        sectors = {r.sector for r in plan.rows}
        plan.new_sectors = {k: v for k, v in plan.new_sectors.items() if key(v) in sectors}
    return plan


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
    skipped_rows: list[int] = field(default_factory=list)  # rows left out for their errors

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
