"""The one-page definition of local climate neutrality (PDF and DOCX), for a council motion."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from klimapakete.documents import (
    Callout,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Table,
    format_number,
    format_percent,
    to_pdf,
)

from . import labels
from .definition import INFLUENCE, Definition
from .reference import load_factors
from .results import Results


def _n(value: float, language: str, decimals: int = 0) -> str:
    return format_number(round(value, decimals), language, decimals=decimals)


def definition_document(
    team, definition: Definition, record, results: Results, *, compact: bool = False
) -> Document:
    """The definition; ``compact`` puts tables into lines so that it keeps to one page."""
    language = (translation.get_language() or "de")[:2]
    boundary = definition.boundary
    town = team.municipality or team.name
    word = _("greenhouse-gas neutral") if boundary.wording == "thg" else _("climate neutral")
    if boundary.scope == "both":
        target = _(
            "%(town)s becomes %(word)s by %(year)s; the administration and its companies by "
            "%(admin_year)s."
        ) % {
            "town": town,
            "word": word,
            "year": boundary.target_year,
            "admin_year": boundary.administration_year,
        }
    elif boundary.scope == "administration":
        target = _(
            "The administration of %(town)s and its companies become %(word)s by %(year)s."
        ) % {
            "town": town,
            "word": word,
            "year": boundary.target_year,
        }
    else:
        target = _("%(town)s becomes %(word)s by %(year)s.") % {
            "town": town,
            "word": word,
            "year": boundary.target_year,
        }
    choices = [
        labels.choice_label(group, getattr(boundary, group))
        for group in ("basis", "gases", "electricity", "residual")
    ]
    counted = ", ".join(labels.sector(s) for s in boundary.counted_sectors())
    left_out = ", ".join(labels.sector(s) for s in boundary.left_out()) or "—"
    summary = definition.influence_summary()
    influence_rows = [
        (
            str(labels.INFLUENCE[level]).capitalize(),
            ", ".join(labels.sector(s) for s in summary[level]) or "—",
        )
        for level in INFLUENCE
    ]
    blocks = [
        Paragraph(team.name, style="small"),
        Heading(_("Definition of local climate neutrality for %(town)s") % {"town": town}),
        Paragraph(target, style="lead"),
        Heading(_("What counts"), level=2),
        ItemList(
            [
                *choices,
                _("Counted: %(sectors)s.") % {"sectors": counted},
                _("Not counted: %(sectors)s.") % {"sectors": left_out},
                _(
                    "Certificates bought elsewhere are reported separately and never "
                    "subtracted from the balance."
                ),
            ]
        ),
        Heading(_("Where the town has influence"), level=2),
        ItemList([f"{level}: {sectors}" for level, sectors in influence_rows])
        if compact
        else Table(
            header=(_("Influence"), pgettext("balance", "Sectors")),
            rows=influence_rows,
            widths=(1, 3),
        ),
    ]
    balance = results.balance
    if balance is not None and balance.lines and record and record.base_year:
        rows = [
            (labels.sector(sector), _n(value, language))
            for sector, value in sorted(balance.by_sector.items(), key=lambda kv: -kv[1])
        ]
        footer = (_("Total"), _n(balance.total, language))
        facts = [
            _("Base year %(year)s: %(total)s t CO2e.")
            % {"year": record.base_year, "total": _n(balance.total, language)}
        ]
        if results.per_capita is not None:
            facts.append(
                _("That is %(value)s t per inhabitant.")
                % {"value": _n(results.per_capita, language, 1)}
            )
        if results.linear and results.constant_rate:
            facts.append(
                _(
                    "Target path to %(residual)s t in %(year)s: linear %(step)s t less each "
                    "year, or %(rate)s less each year at a constant rate."
                )
                % {
                    "residual": _n(results.linear.points[-1][1], language),
                    "year": boundary.target_year,
                    "step": _n(
                        (balance.total - results.linear.points[-1][1])
                        / (boundary.target_year - record.base_year),
                        language,
                    ),
                    "rate": format_percent(
                        round(results.constant_rate.annual_rate * 100, 1), language, decimals=1
                    ),
                }
            )
        share = results.share
        if share is not None and share.exhausted_in is not None:
            facts.append(
                _(
                    "Per-capita share of the remaining budget (%(budget)s): %(tonnes)s t from "
                    "%(start)s. At constant emissions it is used up in %(year)s; a straight "
                    "line to zero within it ends in %(zero)s."
                )
                % {
                    "budget": results.budget.label(language),
                    "tonnes": _n(share.tonnes, language),
                    "start": share.start_year,
                    "year": int(share.exhausted_in),
                    "zero": int(share.linear_zero_year),
                }
            )
        table = Table(
            header=(pgettext("balance", "Sector"), _("t CO2e")),
            rows=rows,
            footer=footer,
            widths=(3, 1),
            align=("left", "right"),
        )
        if compact:  # the sectors in one line instead of a table
            line = "; ".join(f"{sector} {value} t" for sector, value in rows)
            blocks += [Heading(_("Baseline"), level=2), Paragraph(line), ItemList(facts)]
        else:
            blocks += [Heading(_("Baseline"), level=2), table, ItemList(facts)]
    factors = load_factors()
    method = _(
        "Method: %(standard)s emission factors version %(version)s (%(source)s), CO2 "
        "equivalents including upstream chains."
    ) % {
        "standard": factors.standard,
        "version": factors.version,
        "source": factors.factors[0].source.publisher,
    }
    notes = [Paragraph(method, style="small")]
    if not results.bisko_conform:
        notes.insert(
            0,
            Paragraph(
                _(
                    "This balance is not BISKO-conform (own factors or local green power); "
                    "its figures cannot be compared with other towns' balances."
                )
            ),
        )
    if results.share is not None:
        notes.append(
            Paragraph(
                _("Budget: %(source)s; population: %(population)s.")
                % {
                    "source": results.budget.source,
                    "population": labels.population_source(language),
                },
                style="small",
            )
        )
    blocks.append(Callout(notes))
    return Document(
        title=_("Definition of local climate neutrality for %(town)s") % {"town": town},
        blocks=blocks,
        language=language,
        author=team.name,
        footer=_("Created with Klimapakete"),
    )


def definition_pdf(team, definition: Definition, record, results: Results) -> bytes:
    """The PDF on one page: the full layout if it fits, else the compact one."""
    full = to_pdf(definition_document(team, definition, record, results))
    if pdf_page_count(full) == 1:
        return full
    return to_pdf(definition_document(team, definition, record, results, compact=True))


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF written by Typst (its page tree states the count)."""
    match = re.search(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)
    return int(match.group(1)) if match else 0
