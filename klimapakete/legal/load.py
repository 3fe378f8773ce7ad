"""Reading and validating the legal reference files (TOML, see docs/content-authoring.md).

Pure: no Django. Every rule a file breaks raises :class:`LegalDataError` naming the
file, the place and the rule, so an author can fix it without reading this code.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from klimapakete.errors import DomainError
from klimapakete.packages.content import Text

from .model import (
    CITY_STATES,
    DISTRICT_FACT_KEYS,
    FACT_VALUES,
    FEDERAL_STATES,
    REFERENCE_FACT_KEYS,
    SEAT_GROUPS,
    SELECTION_FACT_KEYS,
    STATE_FACT_KEYS,
    DistrictLevel,
    Fact,
    ReferenceCouncil,
    Requirement,
    Seat,
    SelectionLaw,
    Source,
    SourceKind,
    StateRules,
    Status,
    SupervisoryAuthority,
)

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
STATES_DIR = CONTENT_DIR / "council" / "states"
REFERENCES_DIR = CONTENT_DIR / "council" / "references"
SELECTION_FILE = CONTENT_DIR / "legal" / "selection.toml"
AUTHORITIES_FILE = CONTENT_DIR / "legal" / "supervisory_authorities.toml"


class LegalDataError(DomainError):
    """A legal data file breaks a rule: ``file``, ``where`` and ``rule`` say which."""

    def __init__(self, file: str, where: str, rule: str) -> None:
        super().__init__("legal_data_invalid", file=file, where=where, rule=rule)

    def __str__(self) -> str:
        p = self.params
        return f"{p['file']}: {p['where']}: {p['rule']}"


class _Reader:
    """Parses one file; remembers its name for error messages."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        try:
            self.data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise LegalDataError(self.name, "file", f"not valid TOML ({error})") from error

    def fail(self, where: str, rule: str) -> LegalDataError:
        return LegalDataError(self.name, where, rule)

    def table(self, data: Any, where: str) -> dict:
        if not isinstance(data, dict):
            raise self.fail(where, "must be a table")
        return data

    def tables(self, data: dict, name: str, where: str) -> list[dict]:
        value = data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(where, f"'{name}' must be a list of tables ([[{name}]])")
        return value

    def string(self, data: dict, name: str, where: str, *, required: bool = True) -> str:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise self.fail(where, f"'{name}' must be text")
        value = value.strip()
        if required and not value:
            raise self.fail(where, f"'{name}' is required")
        return value

    def integer(self, data: dict, name: str, where: str, *, required: bool = True) -> int | None:
        value = data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(where, f"'{name}' must be a whole number ≥ 0")
        return value

    def boolean(self, data: dict, name: str, where: str) -> bool | None:
        value = data.get(name)
        if value is not None and not isinstance(value, bool):
            raise self.fail(where, f"'{name}' must be true or false")
        return value

    def day(self, data: dict, name: str, where: str) -> date:
        value = data.get(name)
        # TOML local dates arrive as datetime.date; datetimes are rejected.
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.fail(where, f"'{name}' must be a date (YYYY-MM-DD)")
        return value

    def text(self, data: dict, name: str, where: str) -> Text:
        value = data.get(name)
        if not isinstance(value, dict):
            raise self.fail(where, f"'{name}' needs {name}.de and {name}.en")
        de, en = value.get("de"), value.get("en")
        if not (isinstance(de, str) and de.strip() and isinstance(en, str) and en.strip()):
            raise self.fail(where, f"'{name}.de' and '{name}.en' must both be non-empty text")
        return Text(de.strip(), en.strip())

    def url(self, data: dict, where: str) -> str:
        url = self.string(data, "url", where)
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.netloc:
            raise self.fail(where, "'url' must be an https:// address")
        return url

    def source(self, data: dict, where: str) -> Source:
        kind = self.string(data, "kind", where)
        if kind not in SourceKind.__members__.values():
            allowed = ", ".join(k.value for k in SourceKind)
            raise self.fail(where, f"'kind' must be one of: {allowed}")
        return Source(
            title=self.string(data, "title", where),
            url=self.url(data, where),
            kind=SourceKind(kind),
        )

    def sources(self, data: dict, where: str) -> tuple[Source, ...]:
        return tuple(
            self.source(item, f"{where}, source {index}")
            for index, item in enumerate(self.tables(data, "sources", where), start=1)
        )

    def fact(self, data: Any, key: str, where: str) -> Fact:
        data = self.table(data, where)
        status = self.string(data, "status", where)
        if status not in Status.__members__.values():
            raise self.fail(where, "'status' must be verified, secondary or unknown")
        legal = data.get("legal", True)
        if not isinstance(legal, bool):
            raise self.fail(where, "'legal' must be true or false")
        fact = Fact(
            key=key,
            status=Status(status),
            text=self.text(data, "text", where),
            checked=self.day(data, "checked", where),
            value=self.string(data, "value", where, required=False),
            law=self.string(data, "law", where, required=False),
            paragraph=self.string(data, "paragraph", where, required=False),
            legal=legal,
            note=self.string(data, "note", where, required=False),
            sources=self.sources(data, where),
        )
        self.check_fact(fact, where)
        return fact

    def check_fact(self, fact: Fact, where: str) -> None:
        if fact.status is Status.UNKNOWN:
            if fact.value:
                raise self.fail(where, "an unknown fact must not carry a 'value'")
            if not fact.note:
                raise self.fail(where, "an unknown fact needs a 'note' saying what was checked")
            return
        if not fact.value:
            raise self.fail(where, f"a {fact.status} fact needs a 'value'")
        if not fact.sources:
            raise self.fail(where, f"a {fact.status} fact needs at least one source")
        allowed = FACT_VALUES.get(fact.key)
        if allowed is not None and fact.value not in allowed:
            raise self.fail(where, f"'value' must be one of: {', '.join(sorted(allowed))}")
        if not fact.legal:
            return
        if not fact.law:
            raise self.fail(where, "a legal fact names its 'law'")
        if fact.status is Status.VERIFIED:
            if not fact.paragraph or fact.paragraph == "unknown":
                raise self.fail(where, "a verified legal fact needs its 'paragraph'")
        elif not fact.paragraph:
            raise self.fail(where, "give the 'paragraph', or write paragraph = \"unknown\"")

    def facts(self, data: Any, keys: tuple[str, ...], where: str) -> dict[str, Fact]:
        data = self.table(data, where)
        missing = [key for key in keys if key not in data]
        if missing:
            raise self.fail(where, f"missing facts: {', '.join(missing)} (mark them unknown)")
        extra = sorted(set(data) - set(keys))
        if extra:
            raise self.fail(where, f"unexpected facts: {', '.join(extra)}")
        return {key: self.fact(data[key], key, f"{where}.{key}") for key in keys}

    def header(self) -> tuple[int, date]:
        version = self.data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.fail("header", "'version' must be a whole number ≥ 1")
        return version, self.day(self.data, "last_checked", "header")


def parse_state(path: Path) -> StateRules:
    """One federal state's file (``content/council/states/<code>.toml``)."""
    reader = _Reader(path)
    data = reader.data
    code = reader.string(data, "code", "header")
    if code not in FEDERAL_STATES:
        raise reader.fail("header", f"'code' must be one of: {', '.join(FEDERAL_STATES)}")
    if path.stem.upper() != code:
        raise reader.fail("header", f"the file name must be {code.lower()}.toml")
    version, last_checked = reader.header()
    district = None
    if code in CITY_STATES:
        block = reader.table(data.get("district"), "district")
        district = DistrictLevel(
            name=reader.text(block, "name", "district"),
            facts=reader.facts(block.get("facts"), DISTRICT_FACT_KEYS, "district.facts"),
        )
    elif "district" in data:
        raise reader.fail("district", "only the city-states Berlin, Bremen, Hamburg have one")
    return StateRules(
        code=code,
        name=reader.string(data, "name", "header"),
        version=version,
        last_checked=last_checked,
        facts=reader.facts(data.get("facts"), STATE_FACT_KEYS, "facts"),
        district=district,
    )


def load_states(directory: Path = STATES_DIR) -> dict[str, StateRules]:
    """All state files, by code; every one of the 16 federal states must be there."""
    states = {}
    for path in sorted(Path(directory).glob("*.toml")):
        state = parse_state(path)
        states[state.code] = state
    missing = [code for code in FEDERAL_STATES if code not in states]
    if missing:
        raise LegalDataError(str(directory), "directory", f"missing states: {', '.join(missing)}")
    return states


def parse_reference(path: Path) -> ReferenceCouncil:
    """One reference council (``content/council/references/<slug>.toml``)."""
    reader = _Reader(path)
    data = reader.data
    slug = reader.string(data, "slug", "header")
    if path.stem != slug:
        raise reader.fail("header", f"the file name must be {slug}.toml")
    state = reader.string(data, "state", "header")
    if state not in FEDERAL_STATES:
        raise reader.fail("header", "'state' must be a federal-state code")
    version, last_checked = reader.header()
    seats = []
    for index, seat in enumerate(reader.tables(data, "seats", "seats"), start=1):
        where = f"seat {index}"
        group = reader.string(seat, "group", where)
        if group not in SEAT_GROUPS:
            raise reader.fail(where, f"'group' must be one of: {', '.join(sorted(SEAT_GROUPS))}")
        seats.append(
            Seat(
                group=group,
                label=reader.text(seat, "label", where),
                count=reader.integer(seat, "count", where, required=False),
                voting=reader.boolean(seat, "voting", where),
                deputies=reader.boolean(seat, "deputies", where),
            )
        )
    if not seats:
        raise reader.fail("seats", "list the seat groups ([[seats]])")
    consultation = reader.table(data.get("consultation", {}), "consultation")
    return ReferenceCouncil(
        slug=slug,
        name=reader.string(data, "name", "header"),
        municipality=reader.string(data, "municipality", "header"),
        state=state,
        version=version,
        last_checked=last_checked,
        facts=reader.facts(data.get("facts"), REFERENCE_FACT_KEYS, "facts"),
        seats=tuple(seats),
        adapted=reader.text(data, "adapted", "header"),
        consultation_weeks=reader.integer(consultation, "weeks", "consultation", required=False),
        consultation_min_days=reader.integer(
            consultation, "min_days", "consultation", required=False
        ),
    )


def load_references(directory: Path = REFERENCES_DIR) -> dict[str, ReferenceCouncil]:
    councils = {}
    for path in sorted(Path(directory).glob("*.toml")):
        council = parse_reference(path)
        councils[council.slug] = council
    if not councils:
        raise LegalDataError(str(directory), "directory", "no reference councils (*.toml)")
    return councils


def _requirements(reader: _Reader, name: str) -> tuple[Requirement, ...]:
    requirements = []
    seen: set[str] = set()
    for index, item in enumerate(reader.tables(reader.data, name, name), start=1):
        where = f"{name} item {index}"
        key = reader.string(item, "key", where)
        if key in seen:
            raise reader.fail(where, f"duplicate key '{key}'")
        seen.add(key)
        requirements.append(
            Requirement(
                key=key,
                text=reader.text(item, "text", where),
                basis=reader.string(item, "basis", where),
            )
        )
    if not requirements:
        raise reader.fail(name, f"list the items ([[{name}]])")
    return tuple(requirements)


def load_selection_law(path: Path = SELECTION_FILE) -> SelectionLaw:
    """Register law, state lottery laws and GDPR duties for the citizen selection."""
    reader = _Reader(path)
    version, last_checked = reader.header()
    return SelectionLaw(
        version=version,
        last_checked=last_checked,
        facts=reader.facts(reader.data.get("facts"), SELECTION_FACT_KEYS, "facts"),
        letter_requirements=_requirements(reader, "letter"),
        request_requirements=_requirements(reader, "request"),
    )


def load_supervisory_authorities(
    path: Path = AUTHORITIES_FILE,
) -> dict[str, tuple[SupervisoryAuthority, ...]]:
    """Authorities by state; each state needs one that covers public bodies."""
    reader = _Reader(path)
    reader.header()
    by_state: dict[str, list[SupervisoryAuthority]] = {code: [] for code in FEDERAL_STATES}
    for index, item in enumerate(reader.tables(reader.data, "authorities", "file"), start=1):
        where = f"authority {index}"
        state = reader.string(item, "state", where)
        if state not in by_state:
            raise reader.fail(where, "'state' must be a federal-state code")
        scope = reader.string(item, "scope", where)
        if scope not in {"all", "public", "private"}:
            raise reader.fail(where, "'scope' must be all, public or private")
        address = item.get("postal_address")
        if not (isinstance(address, list) and address and all(isinstance(x, str) for x in address)):
            raise reader.fail(where, "'postal_address' must be a list of lines")
        sources = reader.sources(item, where)
        if not sources:
            raise reader.fail(where, "name the page the address was checked against")
        by_state[state].append(
            SupervisoryAuthority(
                state=state,
                name=reader.string(item, "name", where),
                postal_address=tuple(line.strip() for line in address),
                web=reader.url({"url": item.get("web", "")}, f"{where} (web)"),
                scope=scope,
                checked=reader.day(item, "checked", where),
                sources=sources,
            )
        )
    for code, authorities in by_state.items():
        if not any(a.scope in {"all", "public"} for a in authorities):
            raise reader.fail("file", f"no authority for public bodies in {code}")
    return {code: tuple(authorities) for code, authorities in by_state.items()}
