"""Legal reference data as plain, typed dataclasses (no Django).

Every statement of law or practice is a :class:`Fact`: a short value, an explanation
in German and English, the date it was last checked and the sources it was checked
against. A fact we could not confirm is kept, marked ``unknown`` and says what was
searched – it is never filled in from memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from klimapakete.packages.content import Text  # the same German/English pair as packages


class Status(StrEnum):
    """How well a fact is backed."""

    VERIFIED = "verified"  # seen in the text of the law or the body's own document
    SECONDARY = "secondary"  # seen in a reliable secondary source; paragraph may be open
    UNKNOWN = "unknown"  # not confirmed; no value is given


class SourceKind(StrEnum):
    LAW_TEXT = "law_text"  # the text of a law, statute or rules of procedure (official or copy)
    OFFICIAL = "official"  # a public body's own page (city, ministry, authority)
    SECONDARY = "secondary"  # association, press, commentary, open database


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    kind: SourceKind


@dataclass(frozen=True)
class Fact:
    """One checked statement, e.g. who sets the council's agenda in Hessen."""

    key: str
    status: Status
    text: Text
    checked: date
    value: str = ""  # short machine-usable value; empty when unknown
    law: str = ""  # abbreviation of the law, e.g. "HGO"
    paragraph: str = ""  # e.g. "§ 58 Abs. 5"; "unknown" when the paragraph is open
    legal: bool = True  # a statement about the law (needs a paragraph once verified)
    note: str = ""  # what was checked, open questions
    sources: tuple[Source, ...] = ()

    @property
    def known(self) -> bool:
        return self.status is not Status.UNKNOWN

    @property
    def citation(self) -> str:
        """ "§ 58 Abs. 5 HGO" – empty when the paragraph is not known."""
        if not self.paragraph or self.paragraph == "unknown":
            return ""
        return f"{self.paragraph} {self.law}".strip()


# Facts every state file must list (verified, secondary or explicitly unknown).
STATE_FACT_KEYS: tuple[str, ...] = (
    "municipal_code",
    "agenda_setter",
    "resident_motion",
    "citizens_petition",
    "advisory_council_basis",
    "coopted_citizens",
    "hauptsatzung",
    "small_town_level",
    "lottery_law",
)

# Facts every city-state's district level must list.
DISTRICT_FACT_KEYS: tuple[str, ...] = (
    "municipal_code",
    "resident_motion",
    "citizens_petition",
    "coopted_citizens",
)

# Allowed values for facts the council builder branches on.
FACT_VALUES: dict[str, frozenset[str]] = {
    "agenda_setter": frozenset({"mayor", "council_chair"}),
    "coopted_citizens": frozenset({"voting", "advisory", "none"}),
    "hauptsatzung": frozenset({"required", "not_required"}),
    "lottery_law": frozenset({"yes", "no"}),
}

FEDERAL_STATES: tuple[str, ...] = (
    "BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV",
    "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH",
)  # fmt: skip
CITY_STATES: frozenset[str] = frozenset({"BE", "HB", "HH"})


@dataclass(frozen=True)
class DistrictLevel:
    """Berlin's and Hamburg's districts, Bremen's city municipalities."""

    name: Text
    facts: dict[str, Fact]


@dataclass(frozen=True)
class StateRules:
    """The municipal rules of one federal state that the council builder needs."""

    code: str
    name: str
    version: int
    last_checked: date
    facts: dict[str, Fact]
    district: DistrictLevel | None = None

    def fact(self, key: str) -> Fact:
        return self.facts[key]


SEAT_GROUPS: frozenset[str] = frozenset(
    {
        "council_groups",
        "council",
        "administration",
        "science",
        "business",
        "civil_society",
        "youth",
        "residents_by_lot",
        "topic_areas",
        "other",
    }
)


@dataclass(frozen=True)
class Seat:
    """A group of seats in a reference council."""

    group: str
    label: Text
    count: int | None  # None when the documents do not say
    voting: bool | None
    deputies: bool | None


@dataclass(frozen=True)
class ReferenceCouncil:
    """A real climate council, as a starting point for a team's profile."""

    slug: str
    name: str
    municipality: str
    state: str
    version: int
    last_checked: date
    facts: dict[str, Fact]
    seats: tuple[Seat, ...]
    adapted: Text  # what our profile simplifies or leaves open compared with the documents
    consultation_weeks: int | None = None  # normal lead time before a council vote, if any
    consultation_min_days: int | None = None


REFERENCE_FACT_KEYS: tuple[str, ...] = (
    "legal_form",
    "mandate",
    "composition",
    "chair",
    "consultation",
    "rhythm",
    "term",
)


@dataclass(frozen=True)
class SupervisoryAuthority:
    """A data-protection supervisory authority of a federal state."""

    state: str
    name: str
    postal_address: tuple[str, ...]
    web: str
    scope: str  # "all", "public" (public bodies only) or "private" (non-public bodies only)
    checked: date
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Requirement:
    """One item a letter, request or form must contain, with its legal basis."""

    key: str
    text: Text
    basis: str  # e.g. "Art. 13 Abs. 1 lit. a DSGVO"


@dataclass(frozen=True)
class SelectionLaw:
    """Legal facts for the citizen selection (register, lottery laws, GDPR)."""

    version: int
    last_checked: date
    facts: dict[str, Fact]
    # What the letter to residents must tell them (GDPR Art. 13/14) …
    letter_requirements: tuple[Requirement, ...] = field(default_factory=tuple)
    # … and what a request to the administration must settle (BMG, GDPR Art. 28).
    request_requirements: tuple[Requirement, ...] = field(default_factory=tuple)


SELECTION_FACT_KEYS: tuple[str, ...] = (
    "bmg_group_information",
    "bmg_purpose_limitation",
    "bmg_blocking_notice",
    "bmg_conditional_block",
    "bw_dialogue_participation",
    "other_state_lottery_laws",
    "gdpr_lawfulness",
    "gdpr_special_categories",
    "gdpr_information_direct",
    "gdpr_information_indirect",
    "gdpr_processor",
)
