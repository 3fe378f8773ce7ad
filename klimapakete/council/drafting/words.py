"""German wording shared by the council documents, and the citation bookkeeping.

Pure: no Django. The documents are always German (they go to German councils); the
grammar helpers cover the names a team types in (Rat, Stadtrat, Stadtverordneten-
versammlung; Stadt, Gemeinde, Markt; Klimabeirat, Beirat für Klimaschutz).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from klimapakete.documents.numbers import format_number
from klimapakete.legal.model import Fact, ReferenceCouncil, Status

from ..profile import Profile
from ..rules import CouncilRules

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip
NUMBER_WORDS = (
    "null", "ein", "zwei", "drei", "vier", "fünf", "sechs",
    "sieben", "acht", "neun", "zehn", "elf", "zwölf",
)  # fmt: skip
FEMININE_BODIES = ("versammlung", "vertretung", "bürgerschaft", "kammer", "kommission")
MASCULINE_TOWNS = ("Markt", "Flecken", "Bezirk", "Landkreis", "Kreis")
# What each fact is about, for the notes the team must check before submitting.
TOPICS: dict[str, str] = {
    "municipal_code": "Kommunalverfassung",
    "agenda_setter": "Zuständigkeit für die Tagesordnung des Rates",
    "resident_motion": "Einwohnerantrag (Quorum, Form, Wirkung)",
    "citizens_petition": "Bürgerbegehren",
    "advisory_council_basis": "Rechtsgrundlage für Beiräte",
    "coopted_citizens": "Sachkundige Bürgerinnen und Bürger in Ausschüssen",
    "hauptsatzung": "Verankerung in der Hauptsatzung und die dafür nötige Mehrheit",
}


# Readable words for the facts whose value is a code.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "agenda_setter": {
        "mayor": "die Bürgermeisterin oder der Bürgermeister setzt die Tagesordnung fest",
        "council_chair": "der Vorsitz des Rates setzt die Tagesordnung fest",
    },
    "coopted_citizens": {
        "voting": "sachkundige Bürgerinnen und Bürger können in Ausschüssen mitstimmen",
        "advisory": "sachkundige Bürgerinnen und Bürger wirken in Ausschüssen beratend mit",
        "none": "Bürgerinnen und Bürger ohne Mandat können nicht in Ausschüssen mitwirken",
    },
    "hauptsatzung": {
        "required": "Beiräte müssen in der Hauptsatzung stehen",
        "not_required": "Beiräte müssen nicht in der Hauptsatzung stehen",
    },
}


def long_date(day: date) -> str:
    """ "6. Dezember 2026"."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def number(n: int, *, feminine: bool = False) -> str:
    """Small numbers as words ("vier", "eine"), larger ones as digits."""
    if 0 <= n < len(NUMBER_WORDS):
        word = NUMBER_WORDS[n]
        if n == 1:
            return "eine" if feminine else "ein"
        return word
    return str(n)


def times(n: int) -> str:
    """ "viermal", "einmal", "13-mal"."""
    return f"{NUMBER_WORDS[n]}mal" if 0 < n < len(NUMBER_WORDS) else f"{n}-mal"


def weeks(n: int) -> str:
    return "eine Woche" if n == 1 else f"{number(n)} Wochen"


def days(n: int) -> str:
    return "einen Tag" if n == 1 else f"{number(n)} Tage"


def months(n: int) -> str:
    return "einem Monat" if n == 1 else f"{number(n)} Monaten"


def euros(amount: int | Decimal) -> str:
    """ "12.500 Euro", "1.250,50 Euro": the drafts are German documents."""
    cents = 0 if amount == int(amount) else 2
    return format_number(amount, "de", decimals=cents) + " Euro"


FEMININE_UNITS = ("stelle", "abteilung", "leitung", "verwaltung", "gruppe", "einheit", "agentur")
NEUTER_OR_MASCULINE_UNITS = (
    "amt", "referat", "dezernat", "management", "bereich", "dienst", "büro", "team", "zentrum",
)  # fmt: skip


def at_unit(unit: str) -> str:
    """ "bei der Stabsstelle Klimaschutz", "beim Klimaschutzmanagement"; a name whose
    gender we cannot tell is quoted ("bei „Klima-Kontor“")."""
    head = unit.split(" ", 1)[0]
    lowered = head.lower()
    if lowered in ("der", "dem", "den", "des"):
        return f"bei {unit}"
    if lowered.endswith(FEMININE_UNITS):
        return f"bei der {unit}"
    if lowered.endswith(NEUTER_OR_MASCULINE_UNITS):
        return f"beim {unit}"
    return f"bei „{unit}“"


def by_nominator(who: str) -> str:
    """ "von dem Jugendrat" → "vom Jugendrat"; other names stay as typed after "von"."""
    if who.startswith("dem "):
        return "vom " + who[4:]
    return f"von {who}"


def join(items: list[str], word: str = "und") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Body:
    """The municipal council by the name the team uses ("Rat", "Stadtverordnetenversammlung")."""

    name: str

    @property
    def feminine(self) -> bool:
        return self.name.lower().endswith(FEMININE_BODIES)

    @property
    def nominative(self) -> str:
        return f"{'die' if self.feminine else 'der'} {self.name}"

    @property
    def dative(self) -> str:
        return f"{'der' if self.feminine else 'dem'} {self.name}"

    @property
    def accusative(self) -> str:
        return f"{'die' if self.feminine else 'den'} {self.name}"

    @property
    def genitive(self) -> str:
        if self.feminine:
            return f"der {self.name}"
        words = self.name.split(" ", 1)
        head = words[0]
        head += "es" if head.lower().endswith(("rat", "ss")) else "s"
        return "des " + " ".join([head, *words[1:]])

    @property
    def at(self) -> str:
        """ "beim Rat", "bei der Stadtverordnetenversammlung"."""
        return f"bei der {self.name}" if self.feminine else f"beim {self.name}"

    @property
    def by(self) -> str:
        """ "vom Rat", "von der Stadtverordnetenversammlung"."""
        return f"von der {self.name}" if self.feminine else f"vom {self.name}"


@dataclass(frozen=True)
class Town:
    """The municipality as the documents name it ("Stadt Musterstadt")."""

    name: str

    @property
    def masculine(self) -> bool:
        return self.name.split(" ", 1)[0] in MASCULINE_TOWNS

    @property
    def nominative(self) -> str:
        return f"{'der' if self.masculine else 'die'} {self.name}"

    @property
    def accusative(self) -> str:
        return f"{'den' if self.masculine else 'die'} {self.name}"

    @property
    def genitive(self) -> str:
        """ "der Stadt Musterstadt", "des Marktes Oberdorf"."""
        if not self.masculine:
            return f"der {self.name}"
        head, _sep, rest = self.name.partition(" ")
        head = {"Markt": "Marktes", "Flecken": "Fleckens"}.get(head, head + "s")
        return f"des {head} {rest}".strip()


@dataclass(frozen=True)
class CouncilName:
    """The council's own name ("Klimabeirat", "Beirat für Klimaschutz")."""

    name: str

    @property
    def _head(self) -> str:
        return self.name.split(" ", 1)[0].lower()

    @property
    def gender(self) -> str:
        head = self._head
        if head.endswith(("forum", "gremium", "komitee", "netzwerk", "panel")):
            return "n"
        if head.endswith(("runde", "kommission", "konferenz", "versammlung")):
            return "f"
        return "m"

    @property
    def accusative(self) -> str:
        return {"m": "den", "f": "die", "n": "das"}[self.gender] + f" {self.name}"

    @property
    def indefinite_accusative(self) -> str:
        """ "einen Klimabeirat", "eine Klimarunde", "ein Klimaforum"."""
        return {"m": "einen", "f": "eine", "n": "ein"}[self.gender] + f" {self.name}"

    @property
    def indefinite_genitive(self) -> str:
        """ "eines Klimabeirats", "einer Klimarunde"."""
        if self.gender == "f":
            return f"einer {self.name}"
        head, sep, rest = self.name.partition(" ")
        if head.lower().endswith("ss"):
            head += "es"
        elif not head.endswith("s"):
            head += "s"
        return f"eines {head}{sep}{rest}"


@dataclass
class Draft:
    """Everything a document needs, and the notes collected while it is written."""

    profile: Profile
    rules: CouncilRules
    today: date
    team: str  # the team's name, the sender of the drafts
    place: str  # the municipality's plain name, for "Musterstadt, 6. Dezember 2026"
    references: tuple[ReferenceCouncil, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def body(self) -> Body:
        return Body(self.profile.council_body.strip() or "Rat")

    @property
    def town(self) -> Town:
        return Town(self.profile.town.strip())

    @property
    def council(self) -> CouncilName:
        return CouncilName(self.profile.name.strip())

    @property
    def state(self) -> str:
        return self.rules.state.name

    @property
    def word(self) -> str:
        """What the texts call the body after introducing it: "Beirat" or "Ausschuss"."""
        return self.profile.body_kind

    @property
    def word_genitive(self) -> str:
        """ "des Beirats", "des Ausschusses"."""
        return "des Ausschusses" if self.word == "Ausschuss" else "des Beirats"

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def fact(self, key: str) -> Fact | None:
        """The fact when it may be relied on; otherwise ``None`` and a note to check it.

        A secondary fact is used, with a note to check it against the law text."""
        fact = self.rules.fact(key)
        topic = TOPICS.get(key, key)
        if not fact.known:
            self.note(
                f"{topic}: für {self.state} in unseren Daten nicht geprüft. Bitte bei der "
                "Geschäftsstelle des Rates oder der Kommunalaufsicht klären und den Text "
                "entsprechend ergänzen."
            )
            return None
        if fact.status is Status.SECONDARY:
            source = fact.sources[0].title if fact.sources else "Sekundärquelle"
            open_paragraph = "" if fact.citation else "; die genaue Vorschrift ist nicht genannt"
            self.note(
                f"{topic}: „{VALUE_WORDS.get(key, {}).get(fact.value, fact.value)}“ beruht auf "
                f"einer Sekundärquelle ({source})"
                f"{open_paragraph}. Bitte am Gesetzestext prüfen."
            )
        elif fact.legal and not fact.citation:
            self.note(f"{topic}: die genaue Vorschrift ist nicht geprüft; bitte ergänzen.")
        return fact

    def citation(self, key: str) -> str:
        """ "§ 48 Abs. 1 GO NRW", or "" (with a note) when it cannot be cited."""
        fact = self.fact(key)
        return fact.citation if fact else ""

    @property
    def code_title(self) -> str:
        """The municipal code's name, or "" with a note."""
        fact = self.fact("municipal_code")
        return self.rules.code_title if fact else ""

    @property
    def code_basis(self) -> str:
        """ "des Kommunalrechts (Hessische Gemeindeordnung, HGO)" – the name stays in the
        nominative whatever its grammar; "" (with a note) when the code is not known."""
        fact = self.fact("municipal_code")
        if fact is None:
            return ""
        name = (
            f"{fact.value}, {fact.law}" if fact.law and fact.law not in fact.value else fact.value
        )
        return f"des Kommunalrechts ({name})"
