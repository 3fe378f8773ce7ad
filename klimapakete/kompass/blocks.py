"""The Kompass's blocks as the editor shows them, and the words of the document.

The document speaks to outsiders (actors, the administration, residents), so its words
address them with "Sie". Call :func:`words` inside ``translation.override(language)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from klimapakete.kompass.content import Words


@dataclass(frozen=True)
class Field:
    name: str
    guide: int  # the length that fits the designs comfortably (characters)
    rows: int = 0  # 0: one line


@dataclass(frozen=True)
class Block:
    key: str
    label: Promise
    source: Promise  # where its content comes from
    fields: tuple[Field, ...]
    hideable: bool = True


HEADER = Block(
    "header",
    gettext_lazy("Town and target year"),
    gettext_lazy("From your team and, when you have one, your definition of climate neutrality."),
    (Field("town", 30), Field("target_year", 4), Field("headline", 60), Field("tagline", 110)),
    hideable=False,
)

BLOCKS: dict[str, Block] = {
    block.key: block
    for block in (
        HEADER,
        Block(
            "goal",
            gettext_lazy("Shared goal and decisions"),
            gettext_lazy("From the results of your workshop (the goal adopted for the alliance)."),
            (Field("goal", 240, rows=4), Field("decisions", 300, rows=4)),
        ),
        Block(
            "sectors",
            gettext_lazy("Sectors and member organisations"),
            gettext_lazy(
                "From your actor map: only organisations that agreed to be named publicly."
            ),
            (Field("sectors_intro", 140, rows=2),),
        ),
        Block(
            "working",
            gettext_lazy("How we work"),
            gettext_lazy("From your kick-off workshop and your round table."),
            (Field("working", 220, rows=4),),
        ),
        Block(
            "milestones",
            gettext_lazy("Next milestones"),
            gettext_lazy("From the open action items of your round table marked as public."),
            (Field("milestones_intro", 120, rows=2),),
        ),
        Block(
            "ask",
            gettext_lazy("What we ask of you"),
            gettext_lazy("One ask per sector; empty sectors are left out."),
            (Field("ask_intro", 140, rows=2),),
        ),
        Block(
            "contact",
            gettext_lazy("Contact"),
            gettext_lazy("Use a team address, not a private one."),
            (Field("contact", 140, rows=3),),
        ),
    )
}

# A length guide for the ask of one sector.
ASK_GUIDE = 90

# Suggested asks for the default sectors of the actor map (German and English names).
_DEFAULT_ASKS = {
    ("Wirtschaft und Industrie", "Industry and business"): gettext_lazy(
        "Bring your plans for energy, heat and transport and show what businesses already do."
    ),
    ("Stadtverwaltung", "City administration"): gettext_lazy(
        "Share figures, timetables and responsibilities so that we can plan together."
    ),
    ("Stadtrat", "City council"): gettext_lazy(
        "Carry the alliance's goals into committees and party groups."
    ),
    ("Bildung und Wissenschaft", "Education and science"): gettext_lazy(
        "Bring knowledge, rooms and young people into the alliance."
    ),
    ("Klimainitiativen und Zivilgesellschaft", "Climate initiatives and civil society"): (
        gettext_lazy("Connect your projects with the alliance and mobilise your members.")
    ),
    ("Bürger:innen", "Citizens"): gettext_lazy(
        "Come to the round table and tell us what your neighbourhood needs."
    ),
}

HEADINGS = {
    "goal": gettext_lazy("Our shared goal"),
    "sectors": gettext_lazy("Who is part of it"),
    "working": pgettext_lazy("Kompass heading", "How we work"),
    "milestones": gettext_lazy("Our next milestones"),
    "ask": pgettext_lazy("Kompass heading", "What we ask of you"),
    "contact": pgettext_lazy("Kompass heading", "Contact"),
}

WEEK_OF_MONTH = [
    pgettext_lazy("week of the month", "first"),
    pgettext_lazy("week of the month", "second"),
    pgettext_lazy("week of the month", "third"),
    pgettext_lazy("week of the month", "fourth"),
    pgettext_lazy("week of the month", "last"),
]


def default_asks() -> dict[str, str]:
    return {name: str(ask) for names, ask in _DEFAULT_ASKS.items() for name in names}


def more(n: int, kind: str) -> str:
    """The line under a cut list: "and 170 more organisations"."""
    if kind == "sectors":
        text = ngettext("and %(n)d more sector", "and %(n)d more sectors", n)
    elif kind == "organisations":
        text = ngettext("and %(n)d more organisation", "and %(n)d more organisations", n)
    elif kind == "decisions":
        text = ngettext("and %(n)d more decision", "and %(n)d more decisions", n)
    elif kind == "milestones":
        text = ngettext("and %(n)d more milestone", "and %(n)d more milestones", n)
    else:
        text = ngettext("and %(n)d more request", "and %(n)d more requests", n)
    return text % {"n": n}


def words() -> Words:
    """The document's phrases in the active language."""
    return Words(
        headings={key: str(text) for key, text in HEADINGS.items()},
        headline=_("{town} on the way to climate neutrality"),
        headline_year=_("{town} climate-neutral by {year}"),
        tagline=_("The alliance of key actors for a climate-neutral {town}"),
        goal_missing=_("We will agree on our shared goal together at the kick-off workshop."),
        goal_missing_kickoff=_(
            "We will agree on our shared goal together at the kick-off workshop on {date}."
        ),
        kickoff_planned=_("Kick-off workshop with all sectors on {date}"),
        kickoff_held=_("Working together since the kick-off workshop on {date}"),
        kickoff_station=_("Kick-off workshop"),
        working_default=_(
            "A kick-off workshop with all sectors, then a regular round table where the "
            "alliance takes stock and agrees the next steps."
        ),
        sectors_intro=_("Organisations from every part of {town} work together in the alliance."),
        milestones_intro=_("What we tackle next:"),
        ask_intro=_("Climate neutrality only works together."),
        contact="{team}",
        contact_url="{team}\n{url}",
        more=more,
        asks=default_asks(),
    )
