"""The documents of the invitation stage as document-model documents (PDF and DOCX):
the request to the city administration and the letter to residents."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from klimapakete.documents import (
    Callout,
    Closing,
    Document,
    Heading,
    ItemList,
    LetterHead,
    Paragraph,
    Span,
    Table,
    format_number,
    format_percent,
)
from klimapakete.selection import selectors
from klimapakete.selection.models import Selection


def _language() -> str:
    return (translation.get_language() or "de")[:2]


def _sender(selection: Selection) -> str:
    team = selection.team
    return team.name + (f", {team.municipality}" if team.municipality else "")


def request_document(selection: Selection) -> Document:
    """What to draw from the population register, per stratum, and how the data is kept."""
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
    days = selection.retention_days
    blocks = [
        Paragraph(_sender(selection), style="small"),
        Heading(_("Request for a random sample from the population register")),
        Paragraph(selection.title, style="lead"),
        Paragraph(
            ngettext(
                "For the citizens' panel “%(title)s” we ask you to draw residents at "
                "random from the population register and to write to them, or to hand "
                "their addresses to us for this purpose only. The panel will have "
                "%(k)s member; the people who answer are then drawn by lot with quotas "
                "so that the panel reflects the population.",
                "For the citizens' panel “%(title)s” we ask you to draw residents at "
                "random from the population register and to write to them, or to hand "
                "their addresses to us for this purpose only. The panel will have "
                "%(k)s members; the people who answer are then drawn by lot with "
                "quotas so that the panel reflects the population.",
                selection.panel_size,
            )
            % {"title": selection.title, "k": selection.panel_size}
        ),
        Paragraph(
            _(
                "Please draw separately in each stratum of “%(category)s” the number of "
                "people given below (a simple random sample without replacement among "
                "residents aged 16 and over)."
            )
            % {"category": category}
        ),
        Heading(_("Sample per stratum"), level=2),
        Table(
            header=(category, _("Population share"), _("Expected response rate"), _("Letters")),
            rows=rows,
            widths=(None, 1, 1, 1),
            align=("left", "right", "right", "right"),
            footer=(_("Total"), "", "", format_number(plan.total, language) if plan else "—"),
            caption=_(
                "Letters per stratum = share × panel size × %(m)s × 10 %% ÷ expected "
                "response rate, rounded up."
            )
            % {"m": selection.letter_multiplier},
        ),
        Heading(_("Data we need per person"), level=2),
        ItemList((_("first and last name"), _("postal address"), _("the stratum"))),
        Heading(_("Data protection"), level=2),
        ItemList(
            (
                _(
                    "Purpose limitation: the addresses are used only to invite people to "
                    "this citizens' panel."
                ),
                _(
                    "Data minimisation: no other register data is transferred; nothing is "
                    "passed on to third parties."
                ),
                ngettext(
                    "Deletion: the addresses are deleted as soon as the letters have been "
                    "sent, at the latest %(days)s day after the draw; the deletion is "
                    "recorded.",
                    "Deletion: the addresses are deleted as soon as the letters have been "
                    "sent, at the latest %(days)s days after the draw; the deletion is "
                    "recorded.",
                    days,
                )
                % {"days": days},
                ngettext(
                    "Respondents register voluntarily with their consent; data of people "
                    "not selected is deleted %(days)s day after the draw, all data when "
                    "the panel ends.",
                    "Respondents register voluntarily with their consent; data of people "
                    "not selected is deleted %(days)s days after the draw, all data when "
                    "the panel ends.",
                    days,
                )
                % {"days": days},
            )
        ),
        Closing(signature=(_("Thank you for your support.") + " — " + selection.team.name,)),
    ]
    return Document(
        title=_("Request for a random sample from the population register"),
        subject=selection.title,
        author=selection.team.name,
        language=language,
        blocks=blocks,
    )


def letter_document(selection: Selection, *, register_url: str) -> Document:
    """The invitation to residents drawn from the register (a template: the address
    lines are filled in by mail merge)."""
    team = selection.team
    return Document(
        title=selection.title,
        subject=_("Invitation: your voice for the climate — “%(title)s”")
        % {"title": selection.title},
        author=team.name,
        language=_language(),
        blocks=[
            LetterHead(
                sender=(team.name, team.municipality),
                return_line=_sender(selection),
                recipient=_(
                    "[first name] [last name]\n[street and number]\n[postcode and town]"
                ).split("\n"),
                subject=_("Invitation: your voice for the climate — “%(title)s”")
                % {"title": selection.title},
                salutation=_("Dear resident,"),
            ),
            Paragraph(
                ngettext(
                    "you have been drawn at random from the population register. We are "
                    "putting together a citizens' panel of %(k)s person that reflects our "
                    "town, and we would like to hear your view — no previous knowledge "
                    "needed.",
                    "you have been drawn at random from the population register. We are "
                    "putting together a citizens' panel of %(k)s people that reflects our "
                    "town, and we would like to hear your view — no previous knowledge "
                    "needed.",
                    selection.panel_size,
                )
                % {"k": selection.panel_size}
            ),
            Paragraph(
                _(
                    "If you would like to take part, please register with the link below. "
                    "From everyone who registers, the members are drawn by lot in a public, "
                    "verifiable procedure that keeps the panel balanced."
                )
            ),
            Callout(
                (
                    Paragraph(Span(_("Register here:"), strong=True)),
                    Paragraph(Span(register_url, mono=True, link=register_url)),
                )
            ),
            Paragraph(
                ngettext(
                    "Your data is used only for this panel. If you are not selected, your "
                    "name and contact details are deleted %(days)s day after the draw at "
                    "the latest.",
                    "Your data is used only for this panel. If you are not selected, your "
                    "name and contact details are deleted %(days)s days after the draw at "
                    "the latest.",
                    selection.retention_days,
                )
                % {"days": selection.retention_days},
                style="small",
            ),
            Closing(signature=(team.name,)),
        ],
    )
