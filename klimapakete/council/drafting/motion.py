"""The motion in three variants: a party groups' motion (Fraktionsantrag), the
administration's draft resolution (Beschlussvorlage) and a resident motion
(Einwohnerantrag). Each carries the resolution text, the justification and the state's
legal references. Pure: no Django."""

from __future__ import annotations

from klimapakete.documents import (
    Closing,
    Document,
    Heading,
    ItemList,
    LetterHead,
    PageBreak,
    Paragraph,
    Table,
)

from ..profile import lines
from . import texts
from .words import Draft, join, long_date

SIGNATURE_ROWS = 15


def subject(draft: Draft) -> str:
    return f"Einrichtung {draft.council.indefinite_genitive}"


def _enclosures(draft: Draft) -> list[str]:
    enclosed = [f"Steckbrief {draft.profile.name}"]
    if draft.profile.motion_mode == "adopt":
        enclosed.append(f"Entwurf: {texts.document_noun(draft)} für {draft.council.accusative}")
    return enclosed


def _footer(draft: Draft, what: str) -> str:
    return f"{what} · Entwurf von {draft.team} · Stand {long_date(draft.today)}"


def group_motion(draft: Draft) -> Document:
    """A motion tabled by one or more party groups, as a letter to the agenda's holder."""
    p = draft.profile
    groups = lines(p.proposers)
    cited = draft.citation("agenda_setter")
    intro = (
        f"hiermit stellen wir – {join(groups)} – den folgenden Antrag und bitten Sie, ihn auf die "
        f"Tagesordnung der nächsten Sitzung {draft.body.genitive} zu setzen"
        + (f" ({cited})." if cited else ".")
    )
    if p.committee.strip():
        intro += (
            " Wir schlagen vor, ihn zuvor in folgendem Ausschuss zu beraten: "
            f"{p.committee.strip()}."
        )
    blocks: list = [
        LetterHead(
            sender=[*groups, f"im {draft.body.name} {draft.town.genitive}"],
            recipient=lines(p.recipient),
            place_date=f"{draft.place}, {long_date(draft.today)}",
            subject=f"Antrag: {subject(draft)}",
            salutation="Sehr geehrte Damen und Herren,",
        ),
        Paragraph(intro),
    ]
    blocks += [Heading("Beschlussvorschlag", 2), *texts.resolution(draft)]
    blocks += [Heading("Begründung", 2), *texts.justification(draft)]
    blocks += [Heading("Finanzielle Auswirkungen", 2), *texts.costs(draft)]
    blocks += texts.legal_references(draft)
    blocks.append(
        Closing(
            greeting="Mit freundlichen Grüßen",
            signature=[f"für die {g}" if g.startswith("Fraktion") else g for g in groups],
            enclosures=_enclosures(draft),
            enclosures_label="Anlagen",
        )
    )
    blocks += texts.notes(draft)
    return Document(
        title=f"Antrag: {subject(draft)}",
        blocks=blocks,
        author=join(groups),
        subject=f"Fraktionsantrag {draft.profile.town}",
        footer=_footer(draft, "Fraktionsantrag"),
    )


def draft_resolution(draft: Draft) -> Document:
    """The administration's draft resolution (Beschlussvorlage), proposed by the team."""
    p = draft.profile
    unit = p.lead_unit.strip()
    committee = p.committee.strip()
    steps = [(committee, "Vorberatung")] if committee else []
    steps.append((draft.body.name, "Entscheidung"))
    blocks: list = [
        Paragraph(f"{p.town} · {unit}", style="small"),
        Heading("Beschlussvorlage"),
        Table(
            ["Beratungsfolge", "Zuständigkeit"],
            steps,
            widths=[3, 1],
            caption=f"Federführung: {unit}",
        ),
        Heading("Betreff", 2),
        Paragraph(subject(draft)),
        Heading("Beschlussvorschlag", 2),
        *texts.resolution(draft),
        Heading("Sachverhalt und Begründung", 2),
        *texts.justification(draft),
        Heading("Finanzielle Auswirkungen", 2),
        *texts.costs(draft),
        Heading("Auswirkungen auf den Klimaschutz", 2),
        Paragraph(
            "Die Einrichtung des Beirats hat keine unmittelbaren Auswirkungen auf die "
            "Treibhausgasemissionen. Sie verbessert die Grundlage klimarelevanter "
            "Entscheidungen, weil Fachwissen und Stadtgesellschaft früher einbezogen werden."
        ),
        *texts.legal_references(draft),
        Heading("Anlagen", 2),
        Paragraph(join(_enclosures(draft))),
        *texts.notes(draft),
    ]
    return Document(
        title=f"Beschlussvorlage: {subject(draft)}",
        blocks=blocks,
        author=unit,
        subject=f"Beschlussvorlage {p.town}",
        footer=_footer(draft, "Vorschlag für eine Beschlussvorlage"),
    )


def motion_term(draft: Draft) -> str:
    """ "Einwohnerantrag", or "Bürgerantrag" where the state's law calls it so."""
    fact = draft.rules.fact("resident_motion")
    return (
        "Bürgerantrag"
        if fact.known and fact.value.startswith("Bürgerantrag")
        else "Einwohnerantrag"
    )


def resident_motion(draft: Draft) -> Document:
    """A resident motion with its signature list."""
    p = draft.profile
    term = motion_term(draft)
    fact = draft.fact("resident_motion")
    title = f"{term} nach {fact.citation}" if fact and fact.citation else term
    body = draft.body.nominative
    if fact is None:
        ask = f"dass {body} sich mit folgender Angelegenheit befasst:"
    elif "entscheiden" in fact.value:
        ask = f"dass {body} über folgende Angelegenheit berät und entscheidet:"
    else:
        ask = f"dass {body} folgende Angelegenheit behandelt:"
    people = (
        "Gemeindebürgerinnen und Gemeindebürger"
        if term == "Bürgerantrag"
        else "Einwohnerinnen und Einwohner"
    )
    representatives = lines(p.representatives)
    blocks: list = [
        Heading(f"{title}: {subject(draft)}"),
        Paragraph(f"An: {', '.join(lines(p.recipient))}", style="small"),
        Paragraph(f"Die unterzeichnenden {people} {draft.town.genitive} beantragen, {ask}"),
        Heading("Beschlussvorschlag", 2),
        *texts.resolution(draft),
        Heading("Begründung", 2),
        *texts.justification(draft),
        Heading("Vertrauenspersonen", 2),
        Paragraph("Zur Vertretung der Unterzeichnenden sind berechtigt:"),
        ItemList(representatives),
    ]
    if fact:
        blocks.append(
            Paragraph(
                f"Erforderliche Unterstützung ({fact.citation or fact.law}): {fact.value}.",
                style="small",
            )
        )
    draft.note(
        f"Welche Angaben die Unterschriftenliste in {draft.state} enthalten muss (etwa "
        "Geburtsdatum oder Hauptwohnsitz) und bei wem sie einzureichen ist, ist in unseren "
        "Daten nicht geprüft – bitte vorher bei der Verwaltung erfragen."
    )
    blocks += texts.legal_references(draft, resident_motion=True)
    blocks += texts.notes(draft)  # before the signature list, which stands on its own
    blocks += [
        PageBreak(),
        Heading(f"Unterschriftenliste zum {term}: {subject(draft)}", 2),
        Paragraph(
            f"Mit meiner Unterschrift unterstütze ich den {term} „{subject(draft)}“ an "
            f"{draft.body.accusative} {draft.town.genitive}. Vertrauenspersonen: "
            f"{join(representatives)}.",
            style="small",
        ),
        Table(
            ["Nr.", "Name, Vorname", "Anschrift", "Datum", "Unterschrift"],
            [(str(n), "", "", "", "") for n in range(1, SIGNATURE_ROWS + 1)],
            widths=[0.6, 3, 4, 1.5, 3],
        ),
    ]
    return Document(
        title=f"{term}: {subject(draft)}",
        blocks=blocks,
        author=join(representatives),
        subject=f"{term} {p.town}",
        footer=_footer(draft, term),
    )
