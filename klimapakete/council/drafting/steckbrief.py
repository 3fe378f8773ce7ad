"""The Steckbrief: one page on what the council is, why the town needs it, who sits in it,
its rights and its rhythm. Pure: no Django."""

from __future__ import annotations

from itertools import zip_longest

from klimapakete.documents import Document, Heading, Image, ItemList, Paragraph, Table
from klimapakete.documents.pdf import DOCUMENT_TEMPLATE, document_data, render_typst

from .. import chart
from ..profile import seat_rows
from . import texts
from .texts import members
from .words import Draft, long_date, times

ROUTES = {
    "statute": "Satzung, {by} beschlossen",
    "rules": "Ratsbeschluss mit Geschäftsordnung",
    "hauptsatzung": "In der Hauptsatzung verankert, Einzelheiten in einer Satzung",
    "committee": "Ausschuss des Rates mit sachkundigen Bürgerinnen und Bürgern",
}
# Short phrases for the one page (the statute uses the full wording of ``texts``).
TASKS = {
    "advise": "Rat und Verwaltung in Klimafragen beraten",
    "comment": "Vor klimarelevanten Beschlüssen Stellung nehmen",
    "own_topics": "Eigene Themen aufgreifen und Empfehlungen geben",
    "strategy": "Die Klimaschutzstrategie begleiten",
    "monitor": "Die Klimaziele verfolgen und auf Abweichungen hinweisen",
    "exchange": "Öffentlichkeit, Wissenschaft, Politik und Verwaltung zusammenbringen",
}
CHAIRS = {
    "elected": "von den Mitgliedern aus ihrer Mitte gewählt",
    "council_member": "ein Ratsmitglied, {by} gewählt",
    "mayor": "die Bürgermeisterin oder der Bürgermeister",
    "administration": "die Leitung des für Klimaschutz zuständigen Dezernats",
}


def composition_image(draft: Draft, width_mm: float) -> Image | None:
    groups = chart.profile_groups(draft.profile)
    if not groups:
        return None
    p = draft.profile
    alt = f"Sitzverteilung: {members(p.total_seats)}, davon {p.voting_seats} mit Stimmrecht"
    svg = chart.composition_svg(groups, title=alt)
    return Image(svg.encode(), "svg", alt=alt, width_mm=width_mm)


def facts_rows(draft: Draft) -> list[tuple[str, str]]:
    """Rights next to the working rules: a fact sheet in two columns."""
    p = draft.profile
    body = draft.body
    if p.term_years:
        term = f"{p.term_years} Jahre" if p.term_years > 1 else "ein Jahr"
    else:
        term = f"Wahlzeit {body.genitive}"
    public = "öffentlich" if p.public else "nicht öffentlich"
    working = [
        f"Sitzungen: mindestens {times(p.meetings_per_year or 1)} im Jahr, {public}",
        f"Vorsitz: {CHAIRS[p.chair].format(by=body.by)}",
        f"Amtszeit: {term}",
    ]
    if p.secretariat.strip():
        working.append(f"Geschäftsstelle: {p.secretariat.strip()}")
    working.append(f"Rechtsform: {ROUTES[p.route].format(by=body.by)}")
    found = texts.rights(draft, short=True) or ["keine besonderen Rechte"]
    return list(zip_longest(found, working, fillvalue=""))


def seat_line(draft: Draft) -> str:
    """All seat groups in one paragraph, for a page with long texts."""
    p = draft.profile
    parts = []
    for seat, count in seat_rows(p):
        amount = f"je {seat.count} pro Fraktion" if seat.per_party_group else str(count)
        extra = ", beratend" if not seat.voting else ""
        extra += ", mit Stellvertretung" if seat.deputies else ""
        parts.append(f"{seat.label}: {amount}{extra}")
    return f"{' · '.join(parts)}. Insgesamt {p.total_seats} Sitze, {p.voting_seats} mit Stimmrecht."


def seat_table(draft: Draft) -> Table:
    """The seat groups two to a row, so that the page holds up to twelve groups."""
    p = draft.profile
    cells = []
    for seat, count in seat_rows(p):
        label = seat.label if seat.voting else f"{seat.label} (beratend)"
        label += "*" if seat.deputies else ""
        cells.append((label, f"je {seat.count}" if seat.per_party_group else str(count)))
    if len(cells) % 2:
        cells.append(("", ""))
    rows = [(*cells[n], *cells[n + 1]) for n in range(0, len(cells), 2)]
    return Table(
        ["Gruppe", "Sitze", "Gruppe", "Sitze"],
        rows,
        widths=[5, 1, 5, 1],
        align=["left", "right", "left", "right"],
        footer=["Insgesamt", str(p.total_seats), "davon mit Stimmrecht", str(p.voting_seats)],
    )


# Largest graphic first; on a full page the graphic shrinks, then goes, then the table does.
LAYOUTS: tuple[tuple[str, float], ...] = (
    ("table", 70),
    ("table", 40),
    ("table", 0),
    ("line", 0),
    ("dense", 0),  # lists become lines of text too
)


def pages(document: Document) -> int:
    """How many pages the PDF of ``document`` has (rendered, not estimated)."""
    return len(render_typst(DOCUMENT_TEMPLATE, document_data(document), format="svg"))


def steckbrief(draft: Draft) -> Document:
    """One page. When the team's texts are long, the graphic goes first, then the seat
    table becomes a line of text – nothing the team wrote is cut."""
    for layout, graphic in LAYOUTS:
        document = _steckbrief(draft, layout, graphic)
        if (layout, graphic) == LAYOUTS[-1] or pages(document) == 1:
            return document
    raise AssertionError("unreachable")


def _steckbrief(draft: Draft, layout: str, graphic: float) -> Document:
    p = draft.profile
    body = draft.body
    blocks: list = [
        Heading(f"Steckbrief: {p.name} für {draft.town.accusative}"),
        Paragraph(
            f"Fachleute und Stadtgesellschaft beraten {body.accusative} und die Verwaltung in "
            "Klimafragen. Der Beirat entscheidet nicht selbst, wird aber gehört, bevor "
            "entschieden wird.",
        ),
    ]
    if p.reason.strip():
        blocks += [Heading("Warum wir ihn brauchen", 2), Paragraph(p.reason.strip())]
    tasks = [TASKS[t] for t in p.tasks] + p.extra_tasks
    dense = layout == "dense"
    tasks_block = Paragraph(" · ".join(tasks)) if dense else ItemList(tasks)
    blocks += [Heading("Aufgaben", 2), tasks_block]
    blocks.append(Heading("Zusammensetzung", 2))
    image = composition_image(draft, graphic) if graphic else None
    if image:
        blocks.append(image)
    deputies = any(s.deputies for s in p.seats)
    if layout in ("line", "dense"):
        blocks.append(Paragraph(seat_line(draft)))
    else:
        blocks.append(seat_table(draft))
        legend = "Ringe im Bild: beratende Sitze, von links nach rechts wie in der Tabelle. "
        legend = legend if image else ""
        if deputies:
            legend += "*: mit persönlicher Stellvertretung."
        if legend:
            blocks.append(Paragraph(legend.strip(), style="small"))
    blocks.append(Heading("Rechte und Arbeitsweise", 2))
    if dense:
        facts = [fact for row in facts_rows(draft) for fact in row if fact]
        blocks.append(Paragraph(" · ".join(facts)))
    else:
        blocks.append(Table(["Rechte", "Arbeitsweise"], facts_rows(draft), widths=[1, 1]))
    return Document(
        title=f"Steckbrief {p.name} {p.town}",
        blocks=blocks,
        author=draft.team,
        subject=f"Steckbrief für {draft.council.accusative} {draft.town.genitive}",
        footer=f"Entwurf von {draft.team} · Stand {long_date(draft.today)}",
    )
