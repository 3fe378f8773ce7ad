"""Sentences for the selection's error codes (``SelectionError``) and plan problems."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from klimapakete.core.errors import Messages

from .errors import SelectionError

MESSAGES = Messages(
    SelectionError,
    {
        "not_a_number": _("Row %(row)s: “%(cell)s” in column “%(column)s” is not a number."),
        "missing_cell": _("Row %(row)s: the column “%(column)s” is empty."),
        "duplicate_value": _("Row %(row)s: %(category)s = %(value)s appears twice."),
        "negative": _("Row %(row)s: “%(column)s” must not be negative."),
        "rate_range": _("Row %(row)s: the response rate must be above 0 and at most 100 %%."),
        "share_range": _("Row %(row)s: the population share must be at most 100 %%."),
        "no_rows": _("Please enter at least one category with one value."),
        "structure_locked": _(
            "There are respondents already, so categories and values can no longer be renamed, "
            "added or removed; shares and response rates can still be changed."
        ),
        "unknown_value": _(
            "Row %(row)s: “%(cell)s” is not a value of %(category)s (allowed: %(allowed)s)."
        ),
        "no_categories": _("Please define the categories and their values first."),
        "min_above_max": _("%(category)s = %(value)s: min %(min)s is above max %(max)s."),
        "quota_not_a_number": _("%(category)s = %(value)s: “%(cell)s” is not a whole number ≥ 0."),
        "quota_too_large": _(
            "%(category)s = %(value)s: %(cell)s is too large; a quota can be at most %(limit)s."
        ),
        "empty_pool": _("The pool is empty: there are no respondents yet."),
        "k_above_n": _(
            "The panel size %(k)s is larger than the number of respondents in the pool "
            "(%(n)s); lower the panel size or wait for more respondents."
        ),
        "infeasible": _("The quotas cannot be met; see the explanation on the quotas page."),
        "run_active": _("A computation is already running."),
        "no_result": _("There is no finished computation to draw from."),
        "not_committed": _("Please fix the seed source before the draw."),
        "already_drawn": _("The panel has already been drawn."),
        "public_value_missing": _("Please enter the public random value that was declared."),
        "stale_run": _(
            "The pool or the quotas changed after the last computation; please compute again."
        ),
        "commitment_stale": _(
            "The pool or the quotas changed after the seed source was fixed. Compute again and "
            "fix the seed source again; the new commitment is published with its date."
        ),
        "not_selected": _("Only members of the drawn panel can drop out."),
        "no_replacement": _("Nobody left in the pool can take this seat while keeping the quotas."),
        "not_drawn": _("The panel has not been drawn yet."),
        "closed": _("This selection is closed."),
        "consent": _("Please confirm that you agree to the use of your data."),
        "special_consent": _(
            "Please agree expressly to the use of your sensitive answers, or choose "
            "“prefer not to say”."
        ),
        "letter_code_unknown": _(
            "We do not know this code. Please check it against your letter, or call the "
            "number in the letter."
        ),
        "letter_code_used": _(
            "Someone has already registered with this code. Each letter allows one "
            "registration; if you did not register yourself, please call the number in the "
            "letter."
        ),
        "letter_code_missing": _("Please enter the code from your letter."),
        "letter_codes_locked": _(
            "The codes per letter can only be switched while registration is open, before "
            "the lottery is committed to and before addresses are drawn."
        ),
        "rate_limited": _(
            "Too many registrations were sent from your connection. Please try again in an hour."
        ),
        "registrations_full_today": _(
            "Today's registrations have reached the limit of this selection. Please try again "
            "tomorrow or contact the organisers."
        ),
        "already_committed": _(
            "The draw is already committed to. To change it, withdraw the commitment first; "
            "the withdrawal is shown on the public verification page."
        ),
        "committed_locked": _(
            "The draw is committed to: the pool, the categories, the quotas and the panel size "
            "are locked until the draw. Withdraw the commitment publicly to change them."
        ),
        "withdrawal_reason": _("Please give the reason for the withdrawal; it is published."),
        "declaration_missing": _("Please describe the public value and its date."),
        "public_value_format": _(
            "The public value must contain numbers, for example “3 14 15 26 35 49”."
        ),
        "panels_range": _("The number of panels must be between 2 and %(max)s."),
        "not_rounded": _("Please round the lottery to the number of panels first."),
        "drawn_number": _("Please enter the drawn number: digits only, from 0 to %(max)s."),
        "already_registered": _(
            "You are already registered with this name and contact. You do not need to do "
            "anything else."
        ),
        "stratum_column": _("The register extract has no column “%(column)s”."),
        "extract_too_small": _(
            "There are fewer people in %(stratum)s in the extract (%(have)s) than letters are "
            "planned (%(need)s)."
        ),
        "no_plan": _("Please plan the letters first (categories with shares and the strata)."),
        "mapping": _("Please assign a column to “%(field)s”."),
        "invalid_email": _("Row %(row)s: “%(cell)s” is not a valid e-mail address."),
        "not_held": _("Only a respondent held back as a possible duplicate can be kept."),
        "too_long": ngettext_lazy(
            "Row %(row)s: “%(column)s” is longer than %(max)s character.",
            "Row %(row)s: “%(column)s” is longer than %(max)s characters.",
            "max",
        ),
    },
    fallback=_("This change could not be saved."),
)

# The letter plan's problems (``planning.PlanError`` codes); shown as they are.
PLAN_MESSAGES = {
    "no_strata": _("Choose the category the letters are stratified by."),
    "shares_sum": _("The population shares of the strata must add up to 100 %."),
    "response_rate": _("Every response rate must be above 0 and at most 100 %."),
    "negative_share": _("Population shares must not be negative."),
    "panel_size": _("The panel size must be at least 1."),
    "multiplier": _("The number of letters per seat must be at least 1."),
}
