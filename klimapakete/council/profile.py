"""A team's climate-council profile (Steckbrief) as plain data. Pure: no Django.

The profile is what the team wants its council to be: mandate, legal route, seats,
rights and working rules, plus the few facts the documents need (the town's name, who
tables the motion). It is stored as JSON (``profile_to_data``/``profile_from_data``),
so versions keep exactly what the team saw. ``profile_problems`` lists impossible
combinations (they block saving and the documents), ``profile_warnings`` unusual but
possible choices.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace

from klimapakete.legal.model import SEAT_GROUPS, ReferenceCouncil

from .rules import CouncilRules

# The legal route by which the council comes into being.
ROUTES: tuple[str, ...] = (
    "statute",  # a statute (Satzung) adopted by the council
    "rules",  # a council resolution with rules of procedure (Geschäftsordnung)
    "hauptsatzung",  # named in the main statute (Hauptsatzung), details in a statute
    "committee",  # a council committee with co-opted citizens
)
# What the council is for.
TASKS: tuple[str, ...] = (
    "advise",  # advise council and administration
    "comment",  # comment on climate-relevant decisions
    "own_topics",  # take up its own topics and make recommendations
    "strategy",  # accompany the climate strategy / action plan
    "monitor",  # follow the climate targets and point out deviations
    "exchange",  # bring the public, science, politics and administration together
)
CHAIRS: tuple[str, ...] = (
    "elected",  # elected by the members from among themselves
    "council_member",  # a council member elected by the council
    "mayor",  # the mayor or a deputy
    "administration",  # the head of the department responsible for climate
)
QUORUMS: tuple[str, ...] = ("half", "number")
MAJORITIES: tuple[str, ...] = ("votes_cast", "members")
ALLOWANCES: tuple[str, ...] = ("statute", "travel", "none")
MOTION_MODES: tuple[str, ...] = ("mandate", "adopt")
# Seat groups that are part of the municipal council.
COUNCIL_SEATS: frozenset[str] = frozenset({"council", "council_groups"})

MAX_SEATS = 60
MAX_TERM_YEARS = 6
MAX_MEETINGS = 24
MAX_CONSULTATION_WEEKS = 12
MAX_EXTRA_TASKS = 2
# Lengths of the free texts, so every document stays printable (the Steckbrief on one page).
TEXT_LIMITS: dict[str, int] = {
    "name": 80,
    "reason": 400,
    "tasks_extra": 240,
    "town": 80,
    "council_body": 80,
    "committee": 120,
    "secretariat": 80,
    "proposers": 300,
    "lead_unit": 120,
    "representatives": 300,
    "recipient": 300,
    "seat_label": 120,
    "nominated_by": 120,
}


@dataclass(frozen=True)
class SeatGroup:
    """A group of seats: ``count`` seats (per party group when ``per_party_group``)."""

    group: str
    label: str
    count: int | None  # None: not yet decided (e.g. left open in a reference council)
    per_party_group: bool = False
    voting: bool = True
    deputies: bool = True
    nominated_by: str = ""

    def seats(self, party_groups: int | None) -> int:
        """Seats of this group; 0 while the count or the number of party groups is open."""
        if self.count is None:
            return 0
        if self.per_party_group:
            return self.count * (party_groups or 0)
        return self.count

    @property
    def drawn(self) -> bool:
        return self.group == "residents_by_lot"


@dataclass(frozen=True)
class Profile:
    name: str = "Klimabeirat"
    reason: str = ""
    reference: str = ""  # slug of the reference council the team started from
    route: str = "statute"
    tasks: tuple[str, ...] = ("advise", "comment", "own_topics", "strategy")
    tasks_extra: str = ""  # further tasks, one per line
    seats: tuple[SeatGroup, ...] = ()
    party_groups: int | None = None  # number of party groups in the council
    chair: str = "elected"
    term_years: int = 0  # 0: the council's electoral term
    # Rights
    consultation: bool = True
    consultation_weeks: int | None = 4
    consultation_min_days: int | None = None
    agenda_proposals: bool = True
    speaking_rights: bool = True
    document_access: bool = True
    publish_statements: bool = True
    justify_deviations: bool = True
    # Working rules
    meetings_per_year: int | None = 4
    public: bool = True
    quorum: str = "half"
    quorum_number: int | None = None
    majority: str = "votes_cast"
    written_procedure: bool = True
    allowance: str = "statute"
    secretariat: str = ""
    budget: int | None = None  # euros a year for expert opinions and events
    # What the documents need
    town: str = ""  # "Stadt Musterstadt"
    council_body: str = "Rat"
    committee: str = ""  # the committee that deliberates before the council
    motion_mode: str = "mandate"
    mandate_months: int | None = 3
    proposers: str = ""  # party groups tabling the motion, one per line
    lead_unit: str = ""  # the department presenting the administration's draft
    representatives: str = ""  # representatives of a resident motion, one per line
    recipient: str = ""  # address of the motion, one line each

    # ----------------------------------------------------------------- derived
    @property
    def total_seats(self) -> int:
        return sum(s.seats(self.party_groups) for s in self.seats)

    @property
    def voting_seats(self) -> int:
        return sum(s.seats(self.party_groups) for s in self.seats if s.voting)

    @property
    def advisory_seats(self) -> int:
        return self.total_seats - self.voting_seats

    @property
    def drawn_seats(self) -> int:
        return sum(s.seats(self.party_groups) for s in self.seats if s.drawn)

    @property
    def council_voting_seats(self) -> int:
        return sum(
            s.seats(self.party_groups) for s in self.seats if s.voting and s.group in COUNCIL_SEATS
        )

    @property
    def has_deputies(self) -> bool:
        return any(s.deputies for s in self.seats)

    @property
    def effective_quorum(self) -> int:
        """Voting members that must be present: more than half, or the chosen number."""
        if self.quorum == "number" and self.quorum_number:
            return self.quorum_number
        return self.voting_seats // 2 + 1

    @property
    def extra_tasks(self) -> list[str]:
        return lines(self.tasks_extra)

    @property
    def body_kind(self) -> str:
        """ "Ausschuss" for the committee route, else "Beirat"."""
        return "Ausschuss" if self.route == "committee" else "Beirat"


def lines(text: str) -> list[str]:
    """Non-empty, stripped lines of a multi-line field."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# --------------------------------------------------------------------------- JSON


def profile_to_data(profile: Profile) -> dict:
    data = asdict(profile)
    data["tasks"] = list(profile.tasks)
    data["seats"] = [asdict(seat) for seat in profile.seats]
    return data


def _optional_int(value) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _seat_from_data(data: dict) -> SeatGroup:
    group = data.get("group")
    return SeatGroup(
        group=group if group in SEAT_GROUPS else "other",
        label=str(data.get("label", "")),
        count=_optional_int(data.get("count")),
        per_party_group=bool(data.get("per_party_group", False)),
        voting=bool(data.get("voting", True)),
        deputies=bool(data.get("deputies", True)),
        nominated_by=str(data.get("nominated_by", "")),
    )


# Fields with a fixed set of values, and the values.
CHOICES: dict[str, tuple[str, ...]] = {
    "route": ROUTES,
    "chair": CHAIRS,
    "quorum": QUORUMS,
    "majority": MAJORITIES,
    "allowance": ALLOWANCES,
    "motion_mode": MOTION_MODES,
}


def profile_from_data(data: dict) -> Profile:
    """A profile from stored JSON. Tolerant: unknown keys are ignored and missing or
    malformed ones take the default, so versions saved under an older schema still load."""
    defaults = Profile()
    values = {}
    for f in fields(Profile):
        if f.name not in data:
            continue
        raw = data[f.name]
        default = getattr(defaults, f.name)
        if f.name == "seats":
            values["seats"] = tuple(_seat_from_data(s) for s in raw if isinstance(s, dict))
        elif f.name == "tasks":
            values["tasks"] = tuple(t for t in raw if t in TASKS) if isinstance(raw, list) else ()
        elif f.name in CHOICES:
            values[f.name] = raw if raw in CHOICES[f.name] else default
        elif isinstance(default, bool):
            values[f.name] = bool(raw)
        elif isinstance(default, str):
            values[f.name] = raw if isinstance(raw, str) else default
        else:  # whole numbers, possibly open
            values[f.name] = _optional_int(raw)
            if values[f.name] is None and f.name == "term_years":
                values[f.name] = 0
    return replace(defaults, **values)


# --------------------------------------------------------------------------- starting points


def blank_profile(*, town: str, recipient: str = "", party_groups: int | None = None) -> Profile:
    """An empty profile with common seat groups as a first suggestion."""
    return Profile(
        town=town,
        recipient=recipient,
        party_groups=party_groups,
        secretariat="Klimaschutzmanagement",
        seats=(
            SeatGroup("council_groups", "Ratsfraktionen", 1, per_party_group=True),
            SeatGroup("administration", "Verwaltung (Klimaschutzmanagement)", 1, voting=False),
            SeatGroup("science", "Wissenschaft", 2),
            SeatGroup("business", "Wirtschaft und Handwerk", 2),
            SeatGroup("civil_society", "Umwelt- und Sozialverbände", 3),
            SeatGroup("youth", "Jugend", 2),
        ),
    )


_NUMBER_WORDS = {
    "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
}  # fmt: skip
_RHYTHM_WORDS = {"monatlich": 12, "vierteljährlich": 4, "halbjährlich": 2, "jährlich": 1}
# "(stimmberechtigt)", "(beratend)": the seat's vote says it already.
VOTE_NOTE = re.compile(r"\s*\((?:stimmberechtigt|beratend|beratende Stimme)\)")
_TASK_WORDS: tuple[tuple[str, str], ...] = (
    ("berät", "advise"),
    ("beratung", "advise"),
    ("stellung", "comment"),
    ("eigene themen", "own_topics"),
    ("empfehlung", "own_topics"),
    ("klimastrategie", "strategy"),
    ("klimaschutzkonzept", "strategy"),
    ("klimaschutzprogramm", "strategy"),
    ("bewertet", "monitor"),
    ("zielkontrolle", "monitor"),
    ("zielerreichung", "monitor"),
    ("austausch", "exchange"),
    ("kommunikation", "exchange"),
)


def meetings_from_text(text: str) -> int | None:
    """ "etwa viermal im Jahr" → 4, "mindestens halbjährlich" → 2, else ``None``."""
    text = text.lower()
    if match := re.search(r"(\d+)\s*(?:-?mal|x)", text):
        return int(match.group(1))
    for word, number in _NUMBER_WORDS.items():
        if f"{word}mal" in text:
            return number
    for word, number in _RHYTHM_WORDS.items():
        if re.search(rf"(?<![a-zäöü]){word}", text):
            return number
    return None


def _tasks_from_text(text: str) -> tuple[str, ...]:
    text = text.lower()
    found = {task for word, task in _TASK_WORDS if word in text}
    return tuple(task for task in TASKS if task in found) or ("advise",)


def _route_from_text(text: str) -> str:
    if "Hauptsatzung" in text:
        return "hauptsatzung"
    if "Satzung" in text:
        return "statute"
    return "rules"


def _chair_from_text(text: str) -> str:
    lowered = text.lower()
    if "ratsmitglied" in lowered:
        return "council_member"
    if "bürgermeister" in lowered:
        return "mayor"
    if "referent" in lowered or "verwaltung" in lowered:
        return "administration"
    return "elected"


def profile_from_reference(
    reference: ReferenceCouncil,
    *,
    town: str,
    recipient: str = "",
    party_groups: int | None = None,
) -> Profile:
    """A profile that starts from a real council.

    Values are read from the reference's facts; what a reference leaves open stays open
    (a seat count of ``None`` must be filled in by the team before documents are made), and
    a fact we could not confirm falls back to the neutral default, never to a guess about
    the reference. ``reference.adapted`` says what the starting point simplifies.
    """
    facts = reference.facts
    seats = []
    for seat in reference.seats:
        per_group = seat.group == "council_groups" and seat.count is None
        seats.append(
            SeatGroup(
                group=seat.group,
                label=VOTE_NOTE.sub("", seat.label.de).strip(),
                count=seat.count,
                per_party_group=per_group,
                voting=seat.voting is not False,
                deputies=bool(seat.deputies),
            )
        )
    mandate = facts["mandate"]
    rhythm, term, chair = facts["rhythm"], facts["term"], facts["chair"]
    consultation = reference.consultation_weeks is not None
    meetings = meetings_from_text(rhythm.value) if rhythm.known else None
    years = re.match(r"\s*(\d+)\s*Jahr", term.value) if term.known else None
    return Profile(
        name="Klimarat" if reference.name.startswith("Klimarat") else "Klimabeirat",
        reference=reference.slug,
        route=_route_from_text(facts["legal_form"].value),
        tasks=_tasks_from_text(f"{mandate.value} {mandate.text.de}"),
        seats=tuple(seats),
        party_groups=party_groups,
        chair=_chair_from_text(chair.value) if chair.known else "elected",
        term_years=int(years.group(1)) if years else 0,
        consultation=consultation,
        consultation_weeks=reference.consultation_weeks if consultation else None,
        consultation_min_days=reference.consultation_min_days,
        publish_statements="öffentlich" in mandate.text.de or "veröffentlich" in mandate.text.de,
        justify_deviations="begründen" in facts["consultation"].text.de,
        meetings_per_year=meetings or 4,
        public=not re.search(r"nicht\s*öffentlich", rhythm.value),
        secretariat="Klimaschutzmanagement",
        town=town,
        recipient=recipient,
    )


# --------------------------------------------------------------------------- rules

Problem = tuple[str, dict]


def _citation(rules: CouncilRules, key: str) -> str:
    fact = rules.known(key)
    return fact.citation if fact else ""


def _seat_problems(profile: Profile, max_groups: int) -> Iterable[Problem]:
    if not profile.seats:
        yield "no_seats", {}
        return
    if len(profile.seats) > max_groups:
        yield "too_many_seat_groups", {"limit": max_groups}
    for number, seat in enumerate(profile.seats, start=1):
        label = seat.label or str(number)
        if not seat.label.strip():
            yield "seat_label_missing", {"row": number}
        if seat.count is None:
            yield "seat_count_missing", {"seat": label}
        elif seat.count < 1:
            yield "seat_count_zero", {"seat": label}
    if any(s.per_party_group for s in profile.seats) and not profile.party_groups:
        yield "party_groups_missing", {}
    if any(s.count is None for s in profile.seats):
        return
    if profile.total_seats > MAX_SEATS:
        yield "too_many_seats", {"limit": MAX_SEATS, "seats": profile.total_seats}
    open_groups = not profile.party_groups and any(
        s.per_party_group and s.voting for s in profile.seats
    )
    if profile.voting_seats == 0 and not open_groups:
        yield "no_voting_seat", {}


def _rule_problems(profile: Profile) -> Iterable[Problem]:
    if not profile.name.strip():
        yield "name_missing", {}
    if not profile.town.strip():
        yield "town_missing", {}
    if not profile.tasks and not profile.extra_tasks:
        yield "no_tasks", {}
    if len(profile.extra_tasks) > MAX_EXTRA_TASKS:
        yield "too_many_extra_tasks", {"limit": MAX_EXTRA_TASKS}
    if profile.consultation:
        weeks = profile.consultation_weeks
        if not weeks or weeks < 1:
            yield "consultation_weeks_zero", {}
        elif weeks > MAX_CONSULTATION_WEEKS:
            yield "consultation_weeks_too_long", {"limit": MAX_CONSULTATION_WEEKS}
        minimum = profile.consultation_min_days
        if minimum is not None and minimum < 1:
            yield "consultation_min_days_zero", {}
        elif minimum is not None and weeks and minimum > weeks * 7:
            yield "consultation_min_days_too_long", {"days": minimum, "weeks": weeks}
    meetings = profile.meetings_per_year
    if not meetings or meetings < 1:
        yield "meetings_zero", {}
    elif meetings > MAX_MEETINGS:
        yield "meetings_too_many", {"limit": MAX_MEETINGS}
    if profile.term_years < 0 or profile.term_years > MAX_TERM_YEARS:
        yield "term_too_long", {"limit": MAX_TERM_YEARS}
    if profile.quorum == "number":
        number = profile.quorum_number
        if number is None:
            yield "quorum_missing", {}
        elif number < 1:
            yield "quorum_zero", {}
        elif profile.voting_seats and number > profile.voting_seats:
            yield "quorum_too_large", {"quorum": number, "voting": profile.voting_seats}
    if profile.chair == "council_member" and not any(
        s.group in COUNCIL_SEATS for s in profile.seats
    ):
        yield "chair_needs_council_seat", {}
    if profile.motion_mode == "mandate" and (
        not profile.mandate_months or profile.mandate_months < 1
    ):
        yield "mandate_months_zero", {}
    if profile.budget is not None and profile.budget < 0:
        yield "budget_negative", {}
    for key, limit in TEXT_LIMITS.items():
        value = getattr(profile, key, None)
        if isinstance(value, str) and len(value) > limit:
            yield "text_too_long", {"field": key, "limit": limit}
    for seat in profile.seats:
        if len(seat.label) > TEXT_LIMITS["seat_label"]:
            yield "text_too_long", {"field": "seat_label", "limit": TEXT_LIMITS["seat_label"]}
        if len(seat.nominated_by) > TEXT_LIMITS["nominated_by"]:
            yield "text_too_long", {"field": "nominated_by", "limit": TEXT_LIMITS["nominated_by"]}


def _state_problems(profile: Profile, rules: CouncilRules) -> Iterable[Problem]:
    state = rules.state.name
    coopted = rules.known("coopted_citizens")
    if profile.route == "committee":
        if coopted and coopted.value == "none":
            yield "committee_not_allowed", {"state": state, "citation": coopted.citation}
        if not any(s.group in COUNCIL_SEATS for s in profile.seats):
            yield "committee_needs_council", {}
        outsiders_voting = profile.voting_seats - profile.council_voting_seats
        if coopted and coopted.value == "advisory" and outsiders_voting:
            yield "committee_advisory_only", {"state": state, "citation": coopted.citation}
        elif outsiders_voting and outsiders_voting >= profile.council_voting_seats:
            yield "committee_council_majority", {"citation": _citation(rules, "coopted_citizens")}
    hauptsatzung = rules.known("hauptsatzung")
    if hauptsatzung and hauptsatzung.value == "required" and profile.route in ("statute", "rules"):
        yield "hauptsatzung_required", {"state": state, "citation": hauptsatzung.citation}


def profile_problems(
    profile: Profile, rules: CouncilRules, *, max_seat_groups: int = 10
) -> list[Problem]:
    """Every impossible combination, as ``(code, params)``; empty when the profile works."""
    problems = [
        *_seat_problems(profile, max_seat_groups),
        *_rule_problems(profile),
        *_state_problems(profile, rules),
    ]
    unique: list[Problem] = []
    for problem in problems:
        if problem not in unique:
            unique.append(problem)
    return unique


def profile_warnings(profile: Profile, rules: CouncilRules) -> list[Problem]:
    """Possible but unusual choices, and facts of the state the team must check itself."""
    warnings: list[Problem] = []
    total = profile.total_seats
    if total and total < 7:
        warnings.append(("size_small", {"seats": total}))
    elif total > 30:
        warnings.append(("size_large", {"seats": total}))
    if profile.meetings_per_year and profile.meetings_per_year < 2:
        warnings.append(("rare_meetings", {}))
    if not profile.consultation:
        warnings.append(("no_consultation", {}))
    elif profile.consultation_weeks and profile.consultation_weeks < 2:
        warnings.append(("short_consultation", {}))
    if profile.voting_seats and profile.advisory_seats > profile.voting_seats:
        warnings.append(("advisory_majority", {}))
    if profile.route == "committee" and not rules.known("coopted_citizens"):
        warnings.append(("coopted_unknown", {"state": rules.state.name}))
    if profile.route == "hauptsatzung" and not rules.known("hauptsatzung"):
        warnings.append(("hauptsatzung_unknown", {"state": rules.state.name}))
    if profile.drawn_seats and profile.route == "committee":
        warnings.append(("drawn_in_committee", {}))
    return warnings


def seat_rows(profile: Profile) -> list[tuple[SeatGroup, int]]:
    """Each seat group with its number of seats."""
    return [(seat, seat.seats(profile.party_groups)) for seat in profile.seats]
