"""The Kompass's content: the team's data and its own texts, composed into blocks.

Pure (no Django): the app gathers the team's data into a :class:`TeamData` with facts
already written as words (dates, the round-table rhythm), hands over the translated
phrases as :class:`Words` and the team's own texts, and gets back a JSON-ready dict that
the designs, the public page and the version history all use.

Every list is cut to the room a format has (:class:`Limits`); what does not fit is
counted and said ("and 170 more"), so a long list never overflows a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

# The blocks below the header, in their default order. The header (town, target year,
# headline) is always shown.
BLOCKS = ("goal", "sectors", "working", "milestones", "ask", "contact")


# Longer names are shortened with an ellipsis (a name may have 200 characters).
NAME_LENGTH = 80
TITLE_LENGTH = 140


@dataclass(frozen=True)
class SectorData:
    id: int
    name: str
    colour: str
    # Only organisations that agreed to be named publicly.
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Milestone:
    title: str
    due: str = ""  # the due date, written out ("15. Juni 2026"); empty when open


@dataclass(frozen=True)
class TeamData:
    """What the team already has, with dates and rhythms written out."""

    team_name: str
    municipality: str
    target_year: int | None = None  # from the neutrality definition, when there is one
    goal: str = ""  # the shared goal adopted at a workshop
    decisions: str = ""  # the decisions of that workshop (Markdown)
    kickoff: str = ""  # date of the kick-off workshop, written out
    kickoff_past: bool = False
    kickoff_index: int = 0  # where the coming kick-off falls among the milestones (by date)
    rhythms: tuple[str, ...] = ()  # one line per round-table series
    sectors: tuple[SectorData, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    public_url: str = ""  # the public page, when it is switched on


@dataclass(frozen=True)
class Words:
    """Translated phrases; ``{town}``, ``{year}``, ``{date}``, ``{team}`` are filled in."""

    headings: Mapping[str, str]
    headline: str
    headline_year: str
    tagline: str
    goal_missing: str
    goal_missing_kickoff: str
    kickoff_planned: str
    kickoff_held: str
    kickoff_station: str  # the kick-off as a station on the way ("Kick-off workshop")
    working_default: str
    sectors_intro: str
    milestones_intro: str
    ask_intro: str
    contact: str
    contact_url: str
    # "and 170 more": ``more(n, kind)``, kind "sectors", "organisations", "decisions",
    # "milestones" or "asks"
    more: Callable[[int, str], str]
    asks: Mapping[str, str] = field(default_factory=dict)  # sector name → default ask


@dataclass(frozen=True)
class Limits:
    """How much a format has room for; the rest is counted, not shown."""

    sectors: int = 12
    organisations: int = 36  # on the whole page, shared evenly among the sectors shown
    organisations_per_sector: int = 6
    decisions: int = 4
    milestones: int = 4
    asks: int = 6
    # Text blocks besides the design's graphic and the contact (the designs' footer).
    blocks: int = len(BLOCKS)
    graphic: str = "sectors"
    # Whether the graphic's block shows its heading and introduction (small pages: no).
    graphic_heading: bool = True
    # Names of sectors and organisations are shortened to this many characters.
    name_length: int = NAME_LENGTH


UNLIMITED = Limits(
    sectors=1000,
    organisations=10000,
    organisations_per_sector=10000,
    decisions=1000,
    milestones=1000,
    asks=1000,
    blocks=len(BLOCKS),
)

# The team's own texts, by field. Empty means "from our data".
TEXT_FIELDS = (
    "town",
    "target_year",
    "headline",
    "tagline",
    "goal",
    "decisions",
    "sectors_intro",
    "working",
    "milestones_intro",
    "ask_intro",
    "contact",
)

_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_INLINE_MARKUP = re.compile(r"(\*\*|__|\*|_|`)")
_HEADING = re.compile(r"^\s*#+\s*")


def decision_lines(markdown: str) -> list[str]:
    """The decisions as short lines: the list items of the Markdown text, else its lines."""
    lines = [line for line in markdown.splitlines() if line.strip()]
    items = [line for line in lines if _LIST_MARK.match(line)]
    chosen = items or [line for line in lines if not _HEADING.match(line)]
    cleaned = (_INLINE_MARKUP.sub("", _LIST_MARK.sub("", line)).strip() for line in chosen)
    return [line for line in cleaned if line]


def shorten(text: str, length: int) -> str:
    """``text`` cut at a word boundary to at most ``length`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > length * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def layout_normalise(layout: Iterable[Mapping] | None) -> list[dict]:
    """Every block exactly once: the team's order first, then blocks it does not know yet."""
    seen: set[str] = set()
    result = []
    for entry in layout or ():
        key = entry.get("key") if isinstance(entry, Mapping) else None
        if key in BLOCKS and key not in seen:
            seen.add(key)
            result.append({"key": key, "visible": bool(entry.get("visible", True))})
    result += [{"key": key, "visible": True} for key in BLOCKS if key not in seen]
    return result


def _shares(counts: list[int], budget: int, cap: int) -> list[int]:
    """How many names each sector shows: the page's room shared evenly (water-filling),
    at most ``cap`` each; a sector with fewer names leaves its share to the others."""
    wanted = [min(count, max(cap, 0)) for count in counts]
    if sum(wanted) <= budget:
        return wanted
    level = 0
    while sum(min(w, level + 1) for w in wanted) <= budget:
        level += 1
    rooms = [min(w, level) for w in wanted]
    left = budget - sum(rooms)
    for i, w in enumerate(wanted):
        if left and w > rooms[i]:
            rooms[i] += 1
            left -= 1
    return rooms


def _cut(items: list, limit: int, more: Callable, kind: str) -> tuple[list, int, str]:
    """The first ``limit`` items, how many are left out and the line that says so.
    A limit of 0 means the page does not show this list at all (nothing to say)."""
    if limit <= 0:
        return [], 0, ""
    shown = items[:limit]
    rest = len(items) - len(shown)
    return shown, rest, more(rest, kind) if rest else ""


def defaults(
    data: TeamData, words: Words, texts: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The text each field has when the team has not written its own (the team's own
    town and target year, from ``texts``, count)."""
    texts = texts or {}
    town = str(texts.get("town") or "").strip() or data.municipality
    year = str(texts.get("target_year") or "").strip() or (
        str(data.target_year) if data.target_year else ""
    )
    if data.kickoff:
        kickoff = (words.kickoff_held if data.kickoff_past else words.kickoff_planned).format(
            date=data.kickoff
        )
        working = "\n".join([kickoff, *data.rhythms])
    else:
        working = "\n".join(data.rhythms) or words.working_default
    fill = {"town": town, "year": year, "team": data.team_name, "date": data.kickoff}
    return {
        "town": data.municipality,
        "target_year": str(data.target_year) if data.target_year else "",
        "headline": (words.headline_year if year else words.headline).format(**fill),
        "tagline": words.tagline.format(**fill),
        "goal": data.goal,
        "decisions": "\n".join(decision_lines(data.decisions)),
        "sectors_intro": words.sectors_intro.format(**fill),
        "working": working,
        "milestones_intro": words.milestones_intro.format(**fill),
        "ask_intro": words.ask_intro.format(**fill),
        "contact": (words.contact_url if data.public_url else words.contact).format(
            **fill, url=data.public_url
        ),
    }


def compose(
    data: TeamData,
    words: Words,
    *,
    texts: Mapping[str, str] | None = None,
    asks: Mapping[str, str] | None = None,
    layout: Iterable[Mapping] | None = None,
    limits: Limits = UNLIMITED,
) -> dict:
    """The Kompass as plain data: header, then the visible blocks in the team's order.

    ``texts`` are the team's own texts by field (empty: from the data, see
    :func:`defaults`); ``asks`` the team's ask per sector id (as a string key).
    """
    texts = texts or {}
    asks = asks or {}
    base = defaults(data, words, texts)
    text = {name: (str(texts.get(name) or "").strip() or base[name]) for name in TEXT_FIELDS}
    fill = {"town": text["town"], "year": text["target_year"], "team": data.team_name}

    blocks = []
    text_blocks = 0
    for entry in layout_normalise(layout):
        if not entry["visible"]:
            continue
        key = entry["key"]
        if key not in (limits.graphic, "contact"):
            text_blocks += 1
            if text_blocks > limits.blocks:
                continue
        block = {"key": key, "heading": words.headings[key].format(**fill)}
        block.update(_BUILDERS[key](data, words, text, asks, limits))
        if key == limits.graphic and not limits.graphic_heading:
            block.update(heading="", text="")
        blocks.append(block)

    # The designs' graphic (the wheel, the path) shows the sectors when their block does.
    sectors = data.sectors if any(b["key"] == "sectors" for b in blocks) else ()
    wheel, wheel_more, wheel_more_label = _cut(
        [{"name": shorten(s.name, limits.name_length), "colour": s.colour} for s in sectors],
        limits.sectors,
        words.more,
        "sectors",
    )
    return {
        "team": data.team_name,
        "town": text["town"],
        "year": text["target_year"],
        "headline": text["headline"],
        "tagline": text["tagline"],
        "wheel": wheel,
        "wheel_more": wheel_more,
        "wheel_more_label": wheel_more_label,
        "url": data.public_url,
        "blocks": blocks,
    }


def _goal(data, words, text, asks, limits) -> dict:
    goal = text["goal"]
    missing = ""
    if not goal:
        missing = (
            words.goal_missing_kickoff.format(date=data.kickoff)
            if data.kickoff and not data.kickoff_past
            else words.goal_missing
        )
    items, more, more_label = _cut(
        decision_lines(text["decisions"]), limits.decisions, words.more, "decisions"
    )
    return {
        "text": goal,
        "missing": missing,
        "items": items,
        "more": more,
        "more_label": more_label,
    }


def _sectors(data, words, text, asks, limits) -> dict:
    shown, more, more_label = _cut(list(data.sectors), limits.sectors, words.more, "sectors")
    listed = limits.organisations > 0 and limits.organisations_per_sector > 0
    rooms = _shares(
        [len(s.organisations) for s in shown],
        limits.organisations,
        limits.organisations_per_sector,
    )
    sectors = []
    for sector, room in zip(shown, rooms, strict=True):
        names = [shorten(name, limits.name_length) for name in sector.organisations][:room]
        rest = len(sector.organisations) - len(names) if listed else 0
        rest_label = words.more(rest, "organisations") if rest else ""
        sectors.append(
            {
                "name": shorten(sector.name, limits.name_length),
                "colour": sector.colour,
                "organisations": names,
                "more": rest,
                "more_label": rest_label,
            }
        )
    total = sum(len(s.organisations) for s in data.sectors)
    return {
        "text": text["sectors_intro"],
        "sectors": sectors,
        "more": more,
        "more_label": more_label,
        "organisations": total,
    }


def _working(data, words, text, asks, limits) -> dict:
    return {"text": text["working"]}


def _milestones(data, words, text, asks, limits) -> dict:
    milestones = [{"title": shorten(m.title, TITLE_LENGTH), "due": m.due} for m in data.milestones]
    if data.kickoff and not data.kickoff_past:
        # A coming kick-off workshop is a milestone too, in its place by date.
        kickoff = {"title": words.kickoff_station, "due": data.kickoff}
        milestones.insert(min(max(data.kickoff_index, 0), len(milestones)), kickoff)
    items, more, more_label = _cut(
        milestones,
        limits.milestones,
        words.more,
        "milestones",
    )
    return {
        "text": text["milestones_intro"],
        "items": items,
        "more": more,
        "more_label": more_label,
    }


def _ask(data, words, text, asks, limits) -> dict:
    wanted = []
    for sector in data.sectors:
        ask = str(asks.get(str(sector.id)) or "").strip() or words.asks.get(sector.name, "")
        if ask:
            name = shorten(sector.name, limits.name_length)
            wanted.append({"sector": name, "colour": sector.colour, "text": ask})
    items, more, more_label = _cut(wanted, limits.asks, words.more, "asks")
    return {"text": text["ask_intro"], "items": items, "more": more, "more_label": more_label}


def _contact(data, words, text, asks, limits) -> dict:
    return {"text": text["contact"], "url": data.public_url}


_BUILDERS = {
    "goal": _goal,
    "sectors": _sectors,
    "working": _working,
    "milestones": _milestones,
    "ask": _ask,
    "contact": _contact,
}


def block_texts(content: Mapping) -> dict[str, list[str]]:
    """Every text a reader should find on the page, by block (for checks and search)."""
    header = [content["headline"], content["tagline"], content["town"]]
    result = {"header": [t for t in header if t]}
    for block in content["blocks"]:
        found = [block["heading"], block.get("text", ""), block.get("missing", "")]
        for item in block.get("items", []):
            found += (
                [item] if isinstance(item, str) else [item.get("title", ""), item.get("text", "")]
            )
        for sector in block.get("sectors", []):
            found += [sector["name"], *sector["organisations"], sector["more_label"]]
        found.append(block.get("more_label", ""))
        result[block["key"]] = [t for t in found if t]
    return result
