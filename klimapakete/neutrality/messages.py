"""Sentences for the neutrality tool's codes (calculation, import, factors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from klimapakete.core.errors import Messages

from .errors import NeutralityError

MESSAGES = Messages(
    NeutralityError,
    {
        "missing_factor": _(
            "Some entries use a carrier without a factor (%(carriers)s): enter the factor "
            "of your heat network below."
        ),
        "unknown_unit": _("Unknown unit “%(unit)s”: use kWh, MWh or GWh (or t CO2e)."),
        "bad_years": _("The target year must come after the base year."),
        "bad_residual": _("The residual must be above zero and below the baseline."),
        "negative": _("Energy use cannot be negative."),
        "missing_columns": _(
            "The file needs the columns sector, energy carrier and amount. Download the "
            "template to see them."
        ),
        "too_many_entries": ngettext_lazy(
            "The file has more than %(max)s row; nothing was imported.",
            "The file has more than %(max)s rows; nothing was imported.",
            "max",
        ),
        "unknown_sector": _("Row %(row)s: unknown sector “%(value)s”."),
        "unknown_carrier": _("Row %(row)s: unknown energy carrier “%(value)s”."),
        "row_unknown_unit": _("Row %(row)s: unknown unit “%(value)s”."),
        "bad_quality": _("Row %(row)s: data quality must be A, B, C or D, not “%(value)s”."),
        "row_negative": _("Row %(row)s: the amount “%(value)s” is negative."),
        "invalid": _("Row %(row)s: “%(value)s” is not a number."),
        "missing": _("Row %(row)s: a value is missing."),
        "too_long": _("Row %(row)s: a cell is too long."),
    },
    fallback=_("The figures could not be used."),
)
