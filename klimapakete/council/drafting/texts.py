"""Text pieces several documents share: tasks, seats, rights, the resolution, the
justification, costs, legal references and the notes to check. Pure: no Django."""

from __future__ import annotations

from klimapakete.documents import Callout, Heading, ItemList, Paragraph, Span

from ..profile import SeatGroup, lines
from .words import (
    Draft,
    at_unit,
    by_nominator,
    capital,
    days,
    euros,
    join,
    long_date,
    months,
    number,
    times,
    weeks,
)


def document_noun(draft: Draft) -> str:
    """ "Satzung", "Geschäftsordnung" or "Zuständigkeitsregelung"."""
    return {
        "statute": "Satzung",
        "hauptsatzung": "Satzung",
        "rules": "Geschäftsordnung",
        "committee": "Zuständigkeitsregelung",
    }[draft.profile.route]


def tasks(draft: Draft) -> list[str]:
    """The council's tasks as noun phrases, as a statute lists them."""
    body = draft.body
    its = "ihrer" if body.feminine else "seiner"
    phrases = {
        "advise": f"die Beratung {body.genitive}, {its} Ausschüsse und der Verwaltung in "
        "Fragen des Klimaschutzes und der Klimaanpassung",
        "comment": "Stellungnahmen zu klimarelevanten Vorhaben und Beschlussvorlagen vor der "
        "Beschlussfassung",
        "own_topics": "die Befassung mit selbst gewählten Themen und Empfehlungen an "
        f"{body.accusative} und die Verwaltung",
        "strategy": "die Begleitung der Fortschreibung und Umsetzung der Klimaschutzstrategie "
        f"{draft.town.genitive}",
        "monitor": "die Beobachtung, ob die Klimaziele erreicht werden, und Hinweise auf "
        "Abweichungen",
        "exchange": "die Förderung des Austauschs zwischen Öffentlichkeit, Wissenschaft, Politik "
        "und Verwaltung",
    }
    return [phrases[t] for t in draft.profile.tasks] + draft.profile.extra_tasks


def members(n: int) -> str:
    return f"{number(n)} Mitglied" if n == 1 else f"{number(n)} Mitglieder"


def seat_line(draft: Draft, seat: SeatGroup) -> str:
    """ "Wissenschaft: zwei Mitglieder, auf Vorschlag von der Hochschule"."""
    count = seat.count or 0
    if seat.per_party_group:
        amount = f"je {members(count)} jeder Fraktion {draft.body.genitive}"
    else:
        amount = members(count)
    parts = [f"{seat.label}: {amount}"]
    if seat.drawn:
        parts.append("durch Los aus der Einwohnerschaft bestimmt")
    elif seat.nominated_by:
        parts.append(f"auf Vorschlag {by_nominator(seat.nominated_by)}")
    elif seat.per_party_group:
        parts.append("auf Vorschlag der Fraktionen")
    return ", ".join(parts)


def agenda_holder(draft: Draft) -> str:
    """Who receives proposals for the council's agenda, in the dative, with the citation."""
    fact = draft.fact("agenda_setter")
    if fact is None:
        return "der für die Tagesordnung zuständigen Stelle"
    who = (
        f"der oder dem Vorsitzenden {draft.body.genitive}"
        if fact.value == "council_chair"
        else "der Bürgermeisterin oder dem Bürgermeister"
    )
    return f"{who} ({fact.citation})" if fact.citation else who


# The rights besides consultation: (profile flag, phrase for the resolution, short phrase).
RIGHTS: tuple[tuple[str, str, str], ...] = (
    (
        "agenda_proposals",
        "Vorschläge für die Tagesordnung {body_genitive} und der Ausschüsse",
        "Vorschläge für die Tagesordnung",
    ),
    (
        "speaking_rights",
        "Rederecht in den Ausschüssen zu seinen Stellungnahmen",
        "Rederecht in den Ausschüssen",
    ),
    (
        "document_access",
        "Zugang zu den für seine Arbeit erforderlichen Unterlagen",
        "Zugang zu den nötigen Unterlagen",
    ),
    (
        "publish_statements",
        "Veröffentlichung seiner Stellungnahmen",
        "Veröffentlicht seine Stellungnahmen",
    ),
    (
        "justify_deviations",
        "schriftliche Begründung der Verwaltung, wenn sie einer Stellungnahme nicht folgt",
        "Abweichungen begründet die Verwaltung schriftlich",
    ),
)


def rights(draft: Draft, *, short: bool = False) -> list[str]:
    """The rights the profile gives, as noun phrases (resolution) or short (Steckbrief)."""
    p = draft.profile
    out = []
    if p.consultation and p.consultation_weeks:
        minimum = f", mindestens {days(p.consultation_min_days)}" if p.consultation_min_days else ""
        usual = f"in der Regel {weeks(p.consultation_weeks)}"
        if short:
            out.append(f"Anhörung vor klimarelevanten Beschlüssen, {usual}{minimum} vorher")
        else:
            out.append(
                f"Anhörung vor klimarelevanten Beschlüssen, {usual} vor der Beschlussfassung"
                + (f"{minimum} vorher" if minimum else "")
            )
    for flag, long, brief in RIGHTS:
        if getattr(p, flag):
            out.append(brief if short else long.format(body_genitive=draft.body.genitive))
    return out


def working(draft: Draft) -> str:
    p = draft.profile
    meetings = p.meetings_per_year or 0
    public = "öffentlich" if p.public else "nicht öffentlich"
    return f"Der {draft.word} tagt mindestens {times(meetings)} im Jahr, in der Regel {public}."


# --------------------------------------------------------------------------- resolution


def _establish(draft: Draft) -> str:
    p = draft.profile
    body = capital(draft.body.nominative)
    town = draft.town.genitive
    if p.route == "committee":
        coopted = draft.fact("coopted_citizens")
        basis = f" nach {coopted.citation}" if coopted and coopted.citation else ""
        return (
            f"{body} {town} bildet einen Ausschuss „{p.name}“, dem neben Ratsmitgliedern "
            f"sachkundige Bürgerinnen und Bürger{basis} angehören."
        )
    purpose = (
        f"Er berät {draft.body.accusative} und die Verwaltung in Fragen des Klimaschutzes und "
        "der Klimaanpassung."
        if "advise" in p.tasks
        else "Er ist ein beratendes Gremium für Fragen des Klimaschutzes."
    )
    return f"{body} {town} richtet {draft.council.indefinite_accusative} ein. {purpose}"


def resolution(draft: Draft) -> list:
    """The resolution text (Beschlussvorschlag) as numbered items with the rights listed."""
    p = draft.profile
    noun = document_noun(draft)
    first = [_establish(draft)]
    if p.motion_mode == "adopt":
        first.append(
            f"{capital(draft.body.nominative)} beschließt die als Anlage beigefügte {noun} "
            f"für {draft.council.accusative}."
        )
        blocks = [ItemList(first, numbered=True)]
    else:
        first.append(
            f"Grundlage sind die als Anlage beigefügten Eckpunkte (Steckbrief). Der {draft.word} "
            "erhält insbesondere:"
        )
        blocks = [ItemList(first, numbered=True)]
        found = rights(draft)
        if found:
            blocks.append(ItemList(found))
    later = []
    if p.motion_mode == "mandate":
        later.append(
            f"Die Verwaltung wird beauftragt, {draft.body.dative} innerhalb von "
            f"{months(p.mandate_months or 3)} den Entwurf einer {noun} auf Grundlage dieser "
            "Eckpunkte zur Beschlussfassung vorzulegen."
        )
    if p.route == "hauptsatzung":
        later.append(
            "Die Verwaltung legt zugleich eine Änderung der Hauptsatzung vor, die den "
            f"{draft.word} dort verankert."
        )
    if p.secretariat.strip():
        later.append(
            f"Die Geschäftsstelle {draft.word_genitive} wird {at_unit(p.secretariat.strip())} "
            "eingerichtet."
        )
    if p.budget:
        later.append(
            "Für Gutachten, Veranstaltungen und Öffentlichkeitsarbeit werden im Haushalt jährlich "
            f"{euros(p.budget)} bereitgestellt."
        )
    if p.drawn_seats:
        seats = (
            "den gelosten Sitz"
            if p.drawn_seats == 1
            else f"die {number(p.drawn_seats)} gelosten Sitze"
        )
        later.append(
            f"Die Verwaltung bereitet das Losverfahren für {seats} vor: eine Zufallsauswahl aus "
            "dem Melderegister, angeschrieben von der Stadt, mit einer Nachrückliste für die "
            "ganze Amtszeit."
        )
    after = "" if p.motion_mode == "adopt" else f" nach Beschluss der {noun}"
    later.append(
        f"Die Mitglieder beruft {draft.body.nominative}{after}; die Verwaltung bereitet die "
        "Berufung vor."
    )
    blocks.append(ItemList(later, numbered=True, start=len(first) + 1))
    return blocks


# --------------------------------------------------------------------------- justification


def composition_sentence(draft: Draft) -> str:
    p = draft.profile
    groups = []
    for seat in p.seats:
        count = seat.count or 0
        amount = f"je {members(count)}" if seat.per_party_group else members(count)
        groups.append(f"{seat.label} ({amount}{'' if seat.voting else ', beratend'})")
    return (
        f"Der {draft.word} soll {members(p.total_seats)} haben, davon "
        f"{number(p.voting_seats)} mit Stimmrecht. Vertreten sind: {join(groups)}."
    )


def _examples(draft: Draft) -> list:
    same_state = [r for r in draft.references if r.state == draft.rules.state.code]
    others = [r for r in draft.references if r.state != draft.rules.state.code]
    named = [f"{r.name}: {r.facts['legal_form'].value}" for r in [*same_state, *others]]
    if not named:
        return []
    return [
        Paragraph("Klimabeiräte arbeiten bereits in vielen Kommunen, zum Beispiel:"),
        ItemList(named),
    ]


def justification(draft: Draft) -> list:
    p = draft.profile
    blocks = []
    if p.reason.strip():
        for part in p.reason.strip().split("\n\n"):
            blocks.append(Paragraph(part.strip()))
    blocks.append(
        Paragraph(
            "Beim Klimaschutz stehen Entscheidungen an, die weit über eine Wahlperiode hinaus "
            "wirken – bei Wärme, Gebäuden, Mobilität und Energieversorgung. Ein "
            f"{p.name} bündelt das Wissen von Wissenschaft, Wirtschaft und Stadtgesellschaft und "
            f"bringt es rechtzeitig in die Beratungen ein. Er entscheidet nicht selbst; die "
            f"Entscheidungen bleiben {draft.body.at}."
        )
    )
    blocks.append(Paragraph(composition_sentence(draft)))
    if p.consultation and p.consultation_weeks:
        minimum = (
            f", mindestens aber {days(p.consultation_min_days)} vorher"
            if p.consultation_min_days
            else ""
        )
        blocks.append(
            Paragraph(
                "Kern des Vorschlags ist das Anhörungsrecht: Vor klimarelevanten Beschlüssen wird "
                f"der {draft.word} in der Regel {weeks(p.consultation_weeks)} vor der "
                f"Beschlussfassung beteiligt{minimum}. So kann er sich sachgerecht befassen, "
                "ohne die Beratungen aufzuhalten."
            )
        )
    blocks += _examples(draft)
    return blocks


def costs(draft: Draft) -> list:
    p = draft.profile
    allowance = {
        "statute": "; sie erhalten eine Entschädigung nach der Entschädigungssatzung "
        f"{draft.town.genitive}",
        "travel": "; notwendige Fahrtkosten werden erstattet",
        "none": " ohne Entschädigung",
    }[p.allowance]
    office = (
        f"durch die Geschäftsstelle {at_unit(p.secretariat.strip())}"
        if p.secretariat.strip()
        else "durch die Geschäftsstelle in der Verwaltung"
    )
    budget = f" und das jährliche Budget von {euros(p.budget)}" if p.budget else ""
    return [
        Paragraph(
            f"Die Mitglieder arbeiten ehrenamtlich{allowance}. Kosten entstehen vor allem "
            f"{office}{budget}."
        )
    ]


def legal_references(draft: Draft, *, resident_motion: bool = False) -> list:
    """The state's rules the document relies on, each with its paragraph."""
    items = []
    if code := draft.code_title:
        items.append(f"Kommunalverfassung: {code}")
    if resident_motion:
        if (fact := draft.fact("resident_motion")) and (fact.citation or fact.law):
            items.append(f"Einwohnerantrag: {fact.citation or fact.law}")
    else:
        agenda = draft.fact("agenda_setter")
        if agenda and agenda.citation:
            items.append(f"Tagesordnung des Rates: {agenda.citation}")
    basis = draft.fact("advisory_council_basis")
    if basis:
        items.append(f"Beiräte: {basis.value}" + (f" ({basis.citation})" if basis.citation else ""))
    if draft.profile.route == "hauptsatzung" and (fact := draft.fact("hauptsatzung")):
        items.append(f"Hauptsatzung: {fact.citation}")
    if draft.profile.route == "committee" and (fact := draft.fact("coopted_citizens")):
        items.append(f"Sachkundige Bürgerinnen und Bürger: {fact.citation}")
    if not items:
        return []
    return [Heading("Rechtsgrundlagen", 2), ItemList(items)]


def notes(draft: Draft) -> list:
    """What the team must still check, in a framed box at the end (or nothing)."""
    if not draft.notes:
        return []
    checked = long_date(draft.rules.state.last_checked)
    return [
        Callout(
            [
                Paragraph(
                    [
                        Span("Hinweise zur Bearbeitung", strong=True),
                        " – vor der Einreichung klären und dann löschen:",
                    ]
                ),
                ItemList(draft.notes),
                Paragraph(
                    f"Stand der Rechtsangaben für {draft.state}: {checked}. Keine Rechtsberatung.",
                    style="small",
                ),
            ]
        )
    ]


def signature_lines(text: str) -> list[str]:
    return lines(text)
