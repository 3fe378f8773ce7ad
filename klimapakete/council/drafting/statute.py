"""The statute (Satzung), rules of procedure (Geschäftsordnung) or, for a committee, its
rules: complete numbered §§ from purpose to entry into force. Pure: no Django.

``CLAUSES`` is the order of the §§; ``statute_outline`` gives their keys and German
titles (the app shows English titles for English users).
"""

from __future__ import annotations

from collections.abc import Callable

from klimapakete.documents import Clause, Document, Heading, Paragraph, Subclause

from . import texts
from .words import Draft, at_unit, capital, days, euros, join, long_date, number, times, weeks

Clauses = list[Subclause | str]


def _title(draft: Draft) -> str:
    noun = texts.document_noun(draft)
    if draft.profile.route == "committee":
        return f"{noun} für den Ausschuss „{draft.profile.name}“ {draft.town.genitive}"
    prefix = "über" if noun == "Satzung" else "für"
    return f"{noun} {prefix} {draft.council.accusative} {draft.town.genitive}"


def _preamble(draft: Draft) -> str:
    p = draft.profile
    noun = texts.document_noun(draft)
    body = f"{capital(draft.body.nominative)} {draft.town.genitive}"
    adopted = f"hat {draft.body.nominative} {draft.town.genitive} folgende Satzung beschlossen:"
    if p.route in ("rules", "committee"):
        draft.fact("advisory_council_basis")  # relied on: a note if it is not confirmed
        code = draft.code_basis
        basis = f" auf Grundlage {code}" if code else ""
        return f"{body} hat{basis} folgende {noun} beschlossen:"
    basis = draft.fact("advisory_council_basis")
    code = draft.code_basis
    if basis and basis.citation and "Satzung" in basis.value:
        extra = " in Verbindung mit der Hauptsatzung" if p.route == "hauptsatzung" else ""
        code_name = draft.fact("municipal_code")
        named = f" ({code_name.value})" if code_name and basis.law == code_name.law else ""
        return f"Aufgrund von {basis.citation}{named}{extra} {adopted}"
    draft.note(
        f"Vorschrift für den Erlass der Satzung: für {draft.state} in unseren Daten nicht "
        "geprüft. Bitte die Ermächtigungsgrundlage mit der Geschäftsstelle des Rates klären und "
        "in den Eingangssatz schreiben."
    )
    if code:
        return f"Aufgrund {code} {adopted}"
    return f"{body} hat folgende Satzung beschlossen:"


# --------------------------------------------------------------------------- the §§


def purpose(draft: Draft) -> Clauses:
    p = draft.profile
    if p.route == "committee":
        return [
            f"{capital(draft.body.nominative)} {draft.town.genitive} bildet einen Ausschuss "
            f"„{p.name}“ (im Folgenden: Ausschuss).",
            "Der Ausschuss berät die Angelegenheiten des Klimaschutzes und der Klimaanpassung "
            f"vor und bereitet die Beschlüsse {draft.body.genitive} vor.",
        ]
    return [
        f"{capital(draft.town.nominative)} richtet {draft.council.indefinite_accusative} ein "
        "(im Folgenden: Beirat).",
        f"Der Beirat ist ein beratendes Gremium. Er unterstützt {draft.body.accusative}, "
        "die Ausschüsse und die Verwaltung dabei, die Klimaschutzziele der Stadt zu erreichen.",
        "Der Beirat ist in seiner Meinungsbildung unabhängig und an Weisungen nicht gebunden.",
    ]


def duties(draft: Draft) -> Clauses:
    out: Clauses = [
        Subclause(f"Der {draft.word} hat insbesondere folgende Aufgaben:", texts.tasks(draft))
    ]
    if "own_topics" in draft.profile.tasks:
        out.append(
            f"Der {draft.word} kann sich mit allen Angelegenheiten befassen, die für den "
            f"Klimaschutz {draft.town.genitive} von Bedeutung sind."
        )
    return out


def participation(draft: Draft) -> Clauses:
    """Consultation rights and deadlines, and the other rights the team chose."""
    p = draft.profile
    w = draft.word
    out: Clauses = []
    if p.consultation and p.consultation_weeks:
        out.append(
            f"Die Verwaltung beteiligt den {w} vor Beschlüssen {draft.body.genitive} und der "
            "Ausschüsse, die für den Klimaschutz oder die Klimaanpassung von wesentlicher "
            "Bedeutung sind, insbesondere bei der Fortschreibung der Klimaschutzstrategie."
        )
        minimum = (
            f", mindestens jedoch {days(p.consultation_min_days)}"
            if p.consultation_min_days
            else ""
        )
        out.append(
            f"Die Beteiligung erfolgt in der Regel {weeks(p.consultation_weeks)}{minimum} vor "
            f"der Beschlussfassung. Der {w} erhält dazu den Entwurf der Beschlussvorlage. "
            f"Die Stellungnahme des {w}s wird der Beschlussvorlage beigefügt."
            if w == "Beirat"
            else f"Die Beteiligung erfolgt in der Regel {weeks(p.consultation_weeks)}{minimum} "
            "vor der Beschlussfassung."
        )
    else:
        out.append(
            f"Der {w} kann zu Vorhaben, die für den Klimaschutz von Bedeutung sind, Stellung "
            "nehmen. Die Verwaltung leitet die Stellungnahme den zuständigen Gremien zu."
        )
    if p.justify_deviations:
        out.append(
            "Folgt die Verwaltung einer Stellungnahme nicht, begründet sie dies schriftlich in "
            "der Beschlussvorlage."
        )
    if p.agenda_proposals:
        out.append(
            f"Der {w} kann {texts.agenda_holder(draft)} Angelegenheiten zur Aufnahme in die "
            f"Tagesordnung {draft.body.genitive} oder eines Ausschusses vorschlagen."
        )
    if p.speaking_rights:
        out.append(
            f"Die oder der Vorsitzende des {w}s oder ein von ihr oder ihm benanntes Mitglied "
            "erhält in den Sitzungen der Ausschüsse Gelegenheit, Stellungnahmen des "
            f"{w}s zu erläutern."
            if w == "Beirat"
            else "Sachkundige Mitglieder erhalten in den Sitzungen Gelegenheit, "
            "Stellungnahmen zu erläutern."
        )
    if p.document_access:
        out.append(
            f"Die Verwaltung stellt dem {w} die für seine Arbeit erforderlichen Unterlagen "
            "und Auskünfte zur Verfügung, soweit nicht Rechtsvorschriften oder schutzwürdige "
            "Interessen Dritter entgegenstehen."
        )
    return out


def statements(draft: Draft) -> Clauses:
    w = draft.word
    out: Clauses = [
        f"Der {w} beschließt Stellungnahmen und Empfehlungen. Er leitet sie "
        f"{draft.body.dative} und der Verwaltung zu.",
    ]
    if draft.profile.publish_statements:
        out.append(
            f"Der {w} kann seine Stellungnahmen und Empfehlungen veröffentlichen. Die Stadt "
            "macht sie auf ihrer Internetseite zugänglich."
        )
    out.append(f"Äußerungen einzelner Mitglieder sind keine Äußerungen des {w}s.")
    return out


def composition(draft: Draft) -> Clauses:
    p = draft.profile
    w = draft.word
    voting = [texts.seat_line(draft, s) for s in p.seats if s.voting]
    advisory = [texts.seat_line(draft, s) for s in p.seats if not s.voting]
    out: Clauses = [Subclause(f"Dem {w} gehören als stimmberechtigte Mitglieder an:", voting)]
    if advisory:
        out.append(Subclause("Mit beratender Stimme gehören ihm an:", advisory))
    if p.route == "committee":
        fact = draft.fact("coopted_citizens")
        basis = f" ({fact.citation})" if fact and fact.citation else ""
        out.append(
            f"Mitglieder, die nicht {draft.body.dative} angehören, wirken als sachkundige "
            f"Bürgerinnen und Bürger mit{basis}."
        )
    with_deputies = [s.label for s in p.seats if s.deputies]
    if with_deputies and len(with_deputies) == len(p.seats):
        out.append("Für jedes Mitglied wird eine persönliche Stellvertretung berufen.")
    elif with_deputies:
        out.append(
            "Für die Mitglieder folgender Gruppen wird je eine persönliche Stellvertretung "
            f"berufen: {join(with_deputies)}."
        )
    else:
        out.append("Stellvertretungen werden nicht berufen.")
    if any(s.deputies for s in p.seats):
        out.append(
            "Die Stellvertretung nimmt an der Sitzung teil, wenn das Mitglied verhindert ist."
        )
    return out


def appointment(draft: Draft) -> Clauses:
    p = draft.profile
    verb = "gewählt" if p.route == "committee" else "berufen"
    out: Clauses = [
        f"Die Mitglieder und ihre Stellvertretungen werden {draft.body.by} {verb}.",
        "Die vorschlagsberechtigten Stellen benennen ihre Kandidatinnen und Kandidaten der "
        "Verwaltung. Sie achten auf ein ausgewogenes Verhältnis von Frauen und Männern.",
    ]
    if p.drawn_seats:
        out.append(
            "Die durch Los bestimmten Mitglieder werden aus einer Zufallsauswahl aus dem "
            "Melderegister ermittelt. Die Verwaltung schreibt die ausgewählten Einwohnerinnen "
            "und Einwohner an, lost unter den Rückmeldungen nach Quoten für eine vielfältige "
            "Zusammensetzung und legt eine Nachrückliste für die Amtszeit an."
        )
    return out


def term(draft: Draft) -> Clauses:
    years = draft.profile.term_years
    length = (
        f"beträgt {number(years)} {'Jahr' if years == 1 else 'Jahre'}"
        if years
        else f"entspricht der Wahlzeit {draft.body.genitive}"
    )
    return [
        f"Die Amtszeit der Mitglieder {length}. Die Mitglieder bleiben bis zur Berufung ihrer "
        "Nachfolge im Amt.",
        "Eine erneute Berufung ist zulässig.",
    ]


def vacancies(draft: Draft) -> Clauses:
    out: Clauses = [
        "Ein Mitglied kann jederzeit durch schriftliche Erklärung gegenüber der "
        "Geschäftsstelle ausscheiden.",
        f"Scheidet ein Mitglied aus, beruft {draft.body.nominative} für den Rest der Amtszeit "
        "auf Vorschlag der vorschlagsberechtigten Stelle eine Nachfolgerin oder einen "
        "Nachfolger.",
    ]
    if draft.profile.drawn_seats:
        out.append(
            "Scheidet ein durch Los bestimmtes Mitglied aus, rückt die nächste Person der "
            "Nachrückliste nach. Ist die Liste erschöpft, wird nachgelost."
        )
    return out


def chair(draft: Draft) -> Clauses:
    p = draft.profile
    w = draft.word
    first = {
        "elected": f"Der {w} wählt aus dem Kreis seiner stimmberechtigten Mitglieder eine "
        "Vorsitzende oder einen Vorsitzenden und eine Stellvertretung.",
        "council_member": f"{capital(draft.body.nominative)} wählt aus "
        f"{'ihrer' if draft.body.feminine else 'seiner'} Mitte die "
        f"Vorsitzende oder den Vorsitzenden des {w}s. Die Stellvertretung wählt der {w} aus "
        "dem Kreis seiner stimmberechtigten Mitglieder.",
        "mayor": "Den Vorsitz führt die Bürgermeisterin oder der Bürgermeister oder eine von "
        f"ihr oder ihm bestimmte Vertretung. Die Stellvertretung wählt der {w} aus dem Kreis "
        "seiner stimmberechtigten Mitglieder.",
        "administration": "Den Vorsitz führt die Leitung des für den Klimaschutz zuständigen "
        f"Dezernats. Die Stellvertretung wählt der {w} aus dem Kreis seiner stimmberechtigten "
        "Mitglieder.",
    }[p.chair]
    if p.route == "committee":
        first = f"Den Vorsitz führt ein {draft.body.by} bestimmtes Ratsmitglied."
    return [
        first,
        f"Die oder der Vorsitzende beruft die Sitzungen ein, leitet sie und vertritt den {w} "
        "nach außen.",
    ]


def meetings(draft: Draft) -> Clauses:
    p = draft.profile
    w = draft.word
    out: Clauses = [
        f"Der {w} tritt mindestens {times(p.meetings_per_year or 1)} im Jahr zusammen. Er ist "
        "außerdem einzuberufen, wenn ein Drittel der stimmberechtigten Mitglieder es unter "
        "Angabe der Gegenstände verlangt.",
        "Die Einladung mit Tagesordnung und Unterlagen geht den Mitgliedern in der Regel "
        "eine Woche vor der Sitzung zu.",
    ]
    if p.public:
        out.append(
            "Die Sitzungen sind öffentlich. Die Öffentlichkeit wird ausgeschlossen, soweit "
            "das öffentliche Wohl oder berechtigte Interessen Einzelner es erfordern, "
            "insbesondere bei Personal- und Grundstücksangelegenheiten und bei Betriebs- und "
            "Geschäftsgeheimnissen."
        )
    else:
        out.append(
            f"Die Sitzungen sind nicht öffentlich. Der {w} kann Sachverständige und Gäste "
            "hinzuziehen."
        )
    out.append("Über jede Sitzung wird eine Niederschrift gefertigt, die die Beschlüsse enthält.")
    if p.route == "committee":
        out.append(f"Im Übrigen gilt die Geschäftsordnung {draft.body.genitive} entsprechend.")
    return out


def quorum(draft: Draft) -> Clauses:
    p = draft.profile
    if p.quorum == "number" and p.quorum_number:
        present = f"mindestens {number(p.quorum_number)} stimmberechtigte Mitglieder"
        verb = "anwesend sind" if p.quorum_number > 1 else "anwesend ist"
    else:
        present, verb = "mehr als die Hälfte der stimmberechtigten Mitglieder", "anwesend ist"
    return [
        f"Der {draft.word} ist beschlussfähig, wenn {present} {verb}. Eine Stellvertretung "
        "zählt für das verhinderte Mitglied.",
        "Ist der Beirat nicht beschlussfähig, kann die oder der Vorsitzende zu einer neuen "
        "Sitzung mit derselben Tagesordnung einladen; diese ist ohne Rücksicht auf die Zahl "
        "der Anwesenden beschlussfähig, wenn in der Einladung darauf hingewiesen wurde."
        if draft.word == "Beirat"
        else "Im Übrigen gilt die Geschäftsordnung des Rates.",
    ]


def decisions(draft: Draft) -> Clauses:
    majority = {
        "votes_cast": "mit der Mehrheit der abgegebenen Stimmen",
        "members": "mit der Mehrheit seiner stimmberechtigten Mitglieder",
    }[draft.profile.majority]
    return [
        f"Der {draft.word} beschließt {majority}. Bei Stimmengleichheit ist ein Antrag abgelehnt.",
        "Beratende Mitglieder haben kein Stimmrecht.",
        "Mitglieder, die einer Stellungnahme nicht zustimmen, können ihre abweichende Meinung "
        "als Minderheitsvotum beifügen.",
    ]


def written_procedure(draft: Draft) -> Clauses:
    if not draft.profile.written_procedure:
        return [
            "Beschlüsse werden nur in Sitzungen gefasst; ein Umlaufverfahren findet nicht statt."
        ]
    return [
        "In eiligen Fällen kann die oder der Vorsitzende einen Beschluss im schriftlichen oder "
        "elektronischen Umlaufverfahren herbeiführen.",
        "Ein Beschluss im Umlaufverfahren kommt nicht zustande, wenn ein Viertel der "
        "stimmberechtigten Mitglieder dem Verfahren innerhalb der gesetzten Frist widerspricht.",
        "Das Ergebnis wird den Mitgliedern unverzüglich mitgeteilt und in der Niederschrift der "
        "nächsten Sitzung festgehalten.",
    ]


def conflicts(draft: Draft) -> Clauses:
    return [
        "Ein Mitglied wirkt an Beratung und Beschluss nicht mit, wenn die Entscheidung ihm "
        "selbst, einer ihm nahestehenden Person oder einem Unternehmen oder einer "
        "Organisation, für die es tätig ist, einen unmittelbaren Vorteil oder Nachteil "
        "bringen kann.",
        "Das Mitglied zeigt dies vor Beginn der Beratung der oder dem Vorsitzenden an. Über "
        f"Zweifel entscheidet der {draft.word} ohne das betroffene Mitglied.",
        "Allein die Zugehörigkeit zu der Gruppe oder Organisation, für die das Mitglied berufen "
        "ist, begründet keine Befangenheit.",
    ]


def confidentiality(draft: Draft) -> Clauses:
    return [
        "Die Mitglieder sind zur Verschwiegenheit über Angelegenheiten verpflichtet, die ihnen "
        "in nichtöffentlicher Sitzung oder aus als vertraulich gekennzeichneten Unterlagen "
        "bekannt werden.",
        "Die Pflicht zur Verschwiegenheit gilt nach dem Ausscheiden fort.",
    ]


def office(draft: Draft) -> Clauses:
    p = draft.profile
    where = p.secretariat.strip()
    first = (
        f"Die Geschäftsstelle {draft.word_genitive} ist {at_unit(where)} eingerichtet."
        if where
        else f"Die Verwaltung richtet für den {draft.word} eine Geschäftsstelle ein."
    )
    money = (
        f"Für Gutachten, Veranstaltungen und Öffentlichkeitsarbeit {draft.word_genitive} "
        f"stellt die Stadt im Rahmen des Haushalts jährlich {euros(p.budget)} bereit."
        if p.budget
        else "Mittel für Gutachten und Veranstaltungen stellt die Stadt im Rahmen des Haushalts "
        "bereit."
    )
    return [
        first + " Sie lädt zu den Sitzungen ein, bereitet sie vor, fertigt die Niederschriften und "
        "leitet die Stellungnahmen weiter.",
        money,
    ]


def allowance(draft: Draft) -> Clauses:
    return [
        {
            "statute": "Die Mitglieder sind ehrenamtlich tätig. Sie erhalten eine Entschädigung "
            f"nach der Entschädigungssatzung {draft.town.genitive} in der jeweils geltenden "
            "Fassung.",
            "travel": "Die Mitglieder sind ehrenamtlich tätig. Notwendige Fahrtkosten werden "
            "erstattet.",
            "none": "Die Mitglieder sind ehrenamtlich tätig. Eine Entschädigung wird nicht "
            "gewährt.",
        }[draft.profile.allowance]
    ]


def entry_into_force(draft: Draft) -> Clauses:
    noun = texts.document_noun(draft)
    if noun == "Satzung":
        return ["Diese Satzung tritt am Tag nach ihrer öffentlichen Bekanntmachung in Kraft."]
    return [
        f"Diese {noun} tritt am Tag nach ihrer Beschlussfassung durch {draft.body.accusative} "
        "in Kraft."
    ]


CLAUSES: tuple[tuple[str, str, Callable[[Draft], Clauses]], ...] = (
    ("purpose", "Einrichtung und Zweck", purpose),
    ("tasks", "Aufgaben", duties),
    ("participation", "Beteiligung und Fristen", participation),
    ("statements", "Stellungnahmen und Öffentlichkeit", statements),
    ("composition", "Zusammensetzung", composition),
    ("appointment", "Berufung", appointment),
    ("term", "Amtszeit", term),
    ("vacancies", "Ausscheiden und Nachbesetzung", vacancies),
    ("chair", "Vorsitz", chair),
    ("meetings", "Sitzungen", meetings),
    ("quorum", "Beschlussfähigkeit", quorum),
    ("decisions", "Beschlüsse", decisions),
    ("written_procedure", "Umlaufverfahren", written_procedure),
    ("conflicts", "Befangenheit", conflicts),
    ("confidentiality", "Verschwiegenheit", confidentiality),
    ("office", "Geschäftsstelle und Mittel", office),
    ("allowance", "Entschädigung", allowance),
    ("entry_into_force", "Inkrafttreten", entry_into_force),
)


def statute_outline() -> list[tuple[str, str]]:
    """The §§ in order: (key, German title)."""
    return [(key, title) for key, title, _build in CLAUSES]


def statute(draft: Draft) -> Document:
    title = _title(draft)
    blocks: list = [
        Heading(title),
        Paragraph(f"Entwurf, Stand {long_date(draft.today)}", style="small"),
        Paragraph(_preamble(draft)),
    ]
    blocks += [Clause(name, build(draft)) for _key, name, build in CLAUSES]
    blocks += texts.notes(draft)
    return Document(
        title=title,
        blocks=blocks,
        author=draft.team,
        subject=title,
        footer=f"Entwurf von {draft.team} · Stand {long_date(draft.today)}",
    )
