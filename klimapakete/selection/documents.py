"""The documents of the invitation stage as document-model documents (PDF and DOCX):
the request to the city administration and the letter to residents."""

from __future__ import annotations

import io
from datetime import date, timedelta
from functools import cache

import segno
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klimapakete.documents import (
    Callout,
    Closing,
    Document,
    Heading,
    Image,
    ItemList,
    LetterHead,
    Paragraph,
    Span,
    Table,
    format_number,
    format_percent,
)
from klimapakete.legal import load_selection_law, load_supervisory_authorities
from klimapakete.selection import letter_codes, selectors
from klimapakete.selection.models import Selection


def _language() -> str:
    return (translation.get_language() or "de")[:2]


def _sender(selection: Selection) -> str:
    team = selection.team
    return team.name + (f", {team.municipality}" if team.municipality else "")


@cache
def _law():
    return load_selection_law()


def _cite(key: str) -> str:
    """ "§ 46 BMG" for a fact in content/legal/selection.toml."""
    fact = _law().facts[key]
    return f"{fact.paragraph} {fact.law}"


def _fact_text(key: str, language: str) -> str:
    text = _law().facts[key].text
    return text.de if language == "de" else text.en


def _day(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else _("to be agreed")


def _contact(selection: Selection) -> tuple[str, ...]:
    """Who asks and answers: a named person and/or the partner organisation, never the
    team alone (it is no legal entity)."""
    lines = []
    if selection.contact_name:
        lines.append(selection.contact_name)
    if selection.partner_organisation:
        lines.append(selection.partner_organisation)
    if not lines:
        lines.append(_("[contact person or partner organisation]"))
    lines += [x for x in (selection.contact_phone, selection.contact_email) if x]
    return tuple(lines)


def _signature(selection: Selection) -> tuple[str, ...]:
    lines = [selection.contact_name, selection.partner_organisation]
    return tuple(x for x in lines if x) or _contact(selection)[:1]


def _authority(selection: Selection):
    """The supervisory authority of the controller: the city's for public bodies (default
    route), otherwise the one for non-public bodies."""
    wanted = "public" if selection.route == Selection.Route.CITY else "private"
    found = load_supervisory_authorities().get(selection.team.federal_state, ())
    for scope in (wanted, "all"):
        for authority in found:
            if authority.scope == scope:
                return authority
    return None


def timeline(selection: Selection) -> list[tuple[str, str]]:
    """The steps with dates, counted back from the reply deadline where it is known."""
    deadline = selection.reply_deadline
    today = timezone.localdate()

    def before(days: int) -> date | None:
        return deadline - timedelta(days=days) if deadline else None

    draw = deadline + timedelta(days=7) if deadline else None
    kept = selection.members_kept_until or selection.event_date
    return [
        (_day(today), _("This request to the administration")),
        (_day(before(35)), _("The team sends the letter template and the envelope data")),
        (_day(before(28)), _("The administration draws the addresses and sends the letters")),
        (_day(deadline), _("Reply deadline for residents")),
        (_day(draw), _("The team draws the panel among those who answered, in public")),
        (
            _day(draw + timedelta(days=selection.retention_days) if draw else None),
            _("Data of people not selected deleted"),
        ),
        (_day(selection.event_date), _("First meeting of the panel")),
        (_day(kept), _("Data of panel members and reserves deleted the day after")),
    ]


def request_document(selection: Selection) -> Document:
    """The request to the administration: by default the city draws from its register and
    writes; handing an extract to the team (group information) is the exception."""
    language = _language()
    plan, _error = selectors.letter_plan(selection)
    category = selection.stratify_by.name if selection.stratify_by else "—"
    rows = [
        (
            s.name,
            format_percent(s.share_percent, language),
            format_percent(s.response_rate_percent, language),
            format_number(s.letters, language),
        )
        for s in (plan.strata if plan else [])
    ]
    team = selection.team
    city_route = selection.route == Selection.Route.CITY
    params = {
        "title": selection.title,
        "k": selection.panel_size,
        "town": team.municipality,
        "team": team.name,
        "age": selection.minimum_age,
        "bmg46": _cite("bmg_group_information"),
        "bmg47": _cite("bmg_purpose_limitation"),
        "bmg51": _cite("bmg_blocking_notice"),
        "bmg52": _cite("bmg_conditional_block"),
        "art28": _cite("gdpr_processor"),
        "days": selection.retention_days,
        "m": selection.letter_multiplier,
    }
    route = (
        _(
            "We ask the administration to draw the addresses from its own population "
            "register and to send the invitation itself, on its letterhead and signed by "
            "the (Lord) Mayor, naming %(team)s as partner. No addresses leave the "
            "administration; residents who want to take part register themselves."
        )
        % params
        if city_route
        else _(
            "We ask for a group information under %(bmg46)s: the addresses of the people "
            "drawn are handed to the contact person named above, only for this invitation. "
            "We know that there is no entitlement: the administration decides at its "
            "discretion whether the public interest is given, and charges a fee under "
            "state law. We use the data only for this purpose and delete them afterwards "
            "(%(bmg47)s)."
        )
        % params
    )
    blocks = [
        LetterHead(
            sender=(*_contact(selection), team.municipality),
            recipient=(_("[Administration of %(town)s]") % params, _("[department, address]")),
            place_date=f"{team.municipality}, {_day(timezone.localdate())}",
            subject=_("Request for a random sample from the population register"),
            salutation=_("Dear Sir or Madam,"),
        ),
        Paragraph(selection.title, style="lead"),
        Paragraph(
            ngettext(
                "for the citizens' panel “%(title)s” in %(town)s we ask you to invite "
                "residents drawn at random from the population register. The panel will "
                "have %(k)s member; among the people who answer, the members are drawn by "
                "lot with quotas so that the panel reflects the population.",
                "for the citizens' panel “%(title)s” in %(town)s we ask you to invite "
                "residents drawn at random from the population register. The panel will "
                "have %(k)s members; among the people who answer, the members are drawn by "
                "lot with quotas so that the panel reflects the population.",
                selection.panel_size,
            )
            % params
        ),
        Heading(_("Who asks"), level=2),
        Paragraph(
            _(
                "%(team)s is a local volunteer team and not a legal entity. The request is "
                "therefore made, and the data protection is answered for, by the contact "
                "person named in the letterhead (a named person or the partner "
                "organisation). Please address all questions to them."
            )
            % params
        ),
        Heading(_("Public interest"), level=2),
        Paragraph(
            _(
                "A panel drawn by lot brings people into the conversation about the town's "
                "future who are rarely heard at public meetings. Its recommendations go to "
                "the council and the administration; the panel serves the town as a whole, "
                "not a party or an association."
            )
        ),
        Heading(_("Legal route"), level=2),
        Paragraph(route),
        Paragraph(
            _(
                "The usual route is that the administration draws and writes itself. Handing "
                "a register extract to the team is the exception: a group information under "
                "%(bmg46)s is only allowed in the public interest, at the administration's "
                "discretion and for a fee."
            )
            % params,
            style="small",
        ),
    ]
    if team.federal_state == "BW":
        blocks.append(Paragraph(_fact_text("bw_dialogue_participation", language), style="small"))
    blocks += [
        Heading(_("What to draw"), level=2),
        ItemList(
            (
                _("Residents with their main residence in %(town)s, aged %(age)s and over.")
                % params,
                _(
                    "Separately in each stratum of “%(category)s”, the number of people "
                    "given below (a simple random sample without replacement)."
                )
                % {"category": category},
                _(
                    "Persons with a blocking notice (%(bmg51)s) or a conditional block "
                    "(%(bmg52)s) are left out."
                )
                % params,
            )
        ),
        Heading(_("Sample per stratum"), level=2),
        Table(
            header=(category, _("Population share"), _("Expected response rate"), _("Letters")),
            rows=rows,
            widths=(None, 1, 1, 1),
            align=("left", "right", "right", "right"),
            footer=(_("Total"), "", "", format_number(plan.total, language) if plan else "—"),
            caption=_(
                "Why these numbers: only a few per cent of those written to usually answer. "
                "To have enough people for quotas and reserves we aim at a pool of about "
                "2–3 times the seats. Letters per stratum = share × panel size × %(m)s × "
                "10 %% ÷ expected response rate, rounded up; groups that answer less get "
                "more letters."
            )
            % params,
        ),
        Heading(_("Who does what, and who pays"), level=2),
        ItemList(
            (
                _(
                    "The team prepares the letter and the reply page, and pays printing "
                    "and postage."
                ),
                _(
                    "The administration draws the addresses, prints them onto the letters "
                    "(mail merge) and sends them."
                )
                if city_route
                else _("The administration draws the addresses and hands them over."),
                _("The team runs the public draw among those who answer and invites the members."),
            )
        ),
        Heading(_("Data protection"), level=2),
        ItemList(
            (
                _(
                    "Only the invitation uses register data. Name and address are used for "
                    "nothing else and passed to no one (%(bmg47)s)."
                )
                % params,
                _(
                    "Replies are stored on the Klimapakete platform; a processing agreement "
                    "under %(art28)s is concluded with its host."
                )
                % params,
                _(
                    "Residents register voluntarily with their consent. The letter carries "
                    "the information under Art. 13 and 14 GDPR."
                ),
                ngettext(
                    "Deletion: data of people not selected %(days)s day after the draw; "
                    "data of panel members and reserves the day after the last date in the "
                    "timeline; any register extract as soon as the letters are sent.",
                    "Deletion: data of people not selected %(days)s days after the draw; "
                    "data of panel members and reserves the day after the last date in the "
                    "timeline; any register extract as soon as the letters are sent.",
                    selection.retention_days,
                )
                % params,
            )
        ),
        Heading(_("Timeline"), level=2),
        Table(header=(_("Date"), _("Step")), rows=timeline(selection), widths=(None, 1)),
        Paragraph(
            _("We would be glad to discuss the details with you. Thank you for your support.")
        ),
        Closing(greeting=_("Yours sincerely"), signature=_signature(selection)),
    ]
    return Document(
        title=_("Request for a random sample from the population register"),
        subject=selection.title,
        author=team.name,
        language=language,
        blocks=blocks,
    )


def _qr(url: str) -> Image:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", border=0, xmldecl=False)
    return Image(out.getvalue(), "svg", alt=url, width_mm=25)


def letter_document(selection: Selection, *, register_url: str, code_url: str = "") -> Document:
    """The invitation to residents drawn from the register: a template whose name and
    address are mail-merge fields filled in by whoever holds the addresses."""
    team = selection.team
    language = _language()
    city_route = selection.route == Selection.Route.CITY
    params = {
        "title": selection.title,
        "town": team.municipality,
        "team": team.name,
        "k": selection.panel_size,
        "days": selection.retention_days,
        "date": _day(selection.event_date),
        "deadline": _day(selection.reply_deadline),
        "place": selection.event_place or _("to be announced"),
        "duration": selection.event_duration or _("to be announced"),
    }
    # one registration per letter: the mail merge fills in each letter's own code
    printed_code = (
        f"[{letter_codes.column_title()}]" if selection.codes_per_letter else selection.short_code
    )
    contact = _contact(selection)
    reach = " · ".join(contact)
    subject = _("Shape the future of %(town)s") % params
    facts = [
        (_("When"), params["date"]),
        (_("Where"), params["place"]),
        (_("How long"), params["duration"]),
        (_("Expense allowance"), selection.allowance or _("none")),
        (_("Please reply by"), params["deadline"]),
    ]
    authority = _authority(selection)
    complaint = (
        ", ".join((authority.name, *authority.postal_address, authority.web))
        if authority
        else _("the data-protection supervisory authority of your state")
    )
    controller = (
        _(
            "The controller is the administration of %(town)s, which drew your address "
            "([address of the administration])."
        )
        % params
        if city_route
        else _("The controller is %(contact)s, who received your address from the administration.")
        % {"contact": contact[0]}
    )
    return Document(
        title=subject,
        subject=subject,
        author=team.name,
        language=language,
        blocks=[
            LetterHead(
                sender=(
                    (_("Administration of %(town)s") % params) if city_route else contact[0],
                    _("in partnership with %(team)s") % params,
                ),
                recipient=_(
                    "[first name] [last name]\n[street and number]\n[postcode and town]"
                ).split("\n"),
                subject=subject,
                salutation=_("Hello [first name] [last name],"),
                details=((_("Contact"), reach),),
            ),
            Paragraph(
                ngettext(
                    "you have been drawn at random from the population register of "
                    "%(town)s. Together with %(team)s we are putting together a citizens' "
                    "panel of %(k)s person that reflects our town: “%(title)s”. It "
                    "discusses how %(town)s should develop and gives its recommendations to "
                    "the council and the administration. You do not need any previous "
                    "knowledge; your everyday experience is what counts.",
                    "you have been drawn at random from the population register of "
                    "%(town)s. Together with %(team)s we are putting together a citizens' "
                    "panel of %(k)s people that reflects our town: “%(title)s”. It "
                    "discusses how %(town)s should develop and gives its recommendations to "
                    "the council and the administration. You do not need any previous "
                    "knowledge; your everyday experience is what counts.",
                    selection.panel_size,
                )
                % params
            ),
            Table(header=("", ""), rows=facts, widths=(None, 1)),
            Paragraph(
                _(
                    "If you need support to take part – such as step-free access, "
                    "childcare, a sign language interpreter or help with travel – please "
                    "tell us when you register; we will find a solution."
                )
            ),
            Paragraph(
                _(
                    "Among everyone who registers, the members are drawn by lot in a "
                    "public, verifiable procedure that keeps the panel balanced."
                )
            ),
            Callout(
                (
                    Paragraph(Span(_("How to reply:"), strong=True)),
                    ItemList(
                        (
                            _("scan the QR code, or"),
                            (
                                _("open this page:") + " ",
                                Span(register_url, mono=True, link=register_url),
                            ),
                            *(
                                (
                                    _("go to %(url)s and type the code %(code)s, or")
                                    % {"url": code_url, "code": printed_code},
                                )
                                if code_url and printed_code
                                else ()
                            ),
                            _("or call or write to: %(contact)s") % {"contact": reach},
                        )
                    ),
                )
            ),
            _qr(register_url),
            Closing(
                greeting=_("Kind regards"),
                signature=(_("[name], (Lord) Mayor"),) if city_route else _signature(selection),
            ),
            Heading(_("Data protection information (Art. 13 and 14 GDPR)"), level=2),
            ItemList(
                (
                    controller
                    + " "
                    + _("Questions about the panel: %(contact)s.") % {"contact": reach},
                    _(
                        "Data protection officer of the controller: [name and contact of "
                        "the data protection officer]."
                    ),
                    _(
                        "Purpose and legal basis: inviting you to the selection by lot. The "
                        "administration draws on the basis of its public task (Art. 6(1)(e) "
                        "GDPR); if you register, we process your answers with your consent "
                        "(Art. 6(1)(a) GDPR)."
                    ),
                    _(
                        "Data and source: your name and address from the population "
                        "register, drawn by the administration; if you register, the "
                        "details you give us."
                    ),
                    _(
                        "Recipients: the contact person named above and the team for the "
                        "draw; the host of the platform under a processing agreement. "
                        "Nobody else."
                    ),
                    ngettext(
                        "Retention: if you are not selected, %(days)s day after the draw; "
                        "panel members and reserves when the panel's work ends.",
                        "Retention: if you are not selected, %(days)s days after the draw; "
                        "panel members and reserves when the panel's work ends.",
                        selection.retention_days,
                    )
                    % params,
                    _(
                        "Your rights: access, rectification, erasure, restriction, "
                        "objection and portability. You can withdraw your consent at any "
                        "time, without giving reasons, with effect for the future."
                    ),
                    _("You can complain to the supervisory authority: %(authority)s.")
                    % {"authority": complaint},
                )
            ),
        ],
    )
