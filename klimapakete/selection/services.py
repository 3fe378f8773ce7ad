"""Writes for the citizen selection: plan, pool, quotas, runs, draw, reserves, deletion."""

from __future__ import annotations

import dataclasses
import difflib
import gzip
import hashlib
import json
import random
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from klimapakete.core.clients import client_key
from klimapakete.selection import letter_codes
from klimapakete.selection.models import (
    AddressDraw,
    Category,
    Commitment,
    DeletionLog,
    RegistrationAttempt,
    Replacement,
    Respondent,
    RoundedLottery,
    Run,
    Selection,
    Value,
    match_key,
    new_short_code,
)
from klimapakete.sortition import checker, draw, feasibility, transparent
from klimapakete.sortition.leximin import leximin
from klimapakete.sortition.model import Distribution, Instance, Quota
from klimapakete.sortition.model import Respondent as PoolMember
from klimapakete.tables import (
    EMAIL_WORDS,
    FIRST_NAME_WORDS,
    NAME_WORDS,
    PHONE_WORDS,
    Column,
    Table,
    csv_lines,
    read_row,
)

# Messages for rule violations; ``params`` of the error fill the placeholders.
MESSAGES = {
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
}


class SelectionError(Exception):
    """A rule of the workflow was broken; ``messages`` are translated, ready to show."""

    def __init__(self, code: str, errors: list[tuple[str, dict]] | None = None, **params):
        self.code = code
        self.errors = errors or [(code, params)]
        super().__init__(code)

    @property
    def messages(self) -> list[str]:
        return [
            str(MESSAGES[code] % params) if params else str(MESSAGES[code])
            for code, params in self.errors
        ]


# --- selection and categories -----------------------------------------------------------


def selection_create(*, team, title: str, panel_size: int, retention_days: int = 30) -> Selection:
    return Selection.objects.create(
        team=team,
        title=title,
        panel_size=panel_size,
        retention_days=retention_days,
        short_code=unused_short_code(),
    )


def unused_short_code() -> str:
    while Selection.objects.filter(short_code=(code := new_short_code())).exists():
        pass
    return code


def selection_update(
    *,
    selection: Selection,
    title: str,
    panel_size: int,
    letter_multiplier: int,
    retention_days: int,
    stratify_by: Category | None,
    members_kept_until=None,
    special_categories=None,
    **details,
) -> None:
    """Save the settings; ``details`` are the fields in ``DETAIL_FIELDS`` (route, contact,
    event) that the request and the letter print."""
    _ensure_open(selection)
    if panel_size != selection.panel_size:
        _ensure_changeable(selection)
    selection.title = title
    selection.panel_size = panel_size
    selection.letter_multiplier = letter_multiplier
    selection.retention_days = retention_days
    selection.stratify_by = stratify_by
    selection.members_kept_until = members_kept_until
    selection.save(
        update_fields=[
            "title",
            "panel_size",
            "letter_multiplier",
            "retention_days",
            "stratify_by",
            "members_kept_until",
        ]
    )
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    for name, value in details.items():
        setattr(selection, name, value if value is not None or name in NULLABLE else "")
    if details:
        selection.save(update_fields=list(details))
    if special_categories is not None:
        chosen = {c.pk for c in special_categories}
        for category in selection.categories.all():
            if category.special != (category.pk in chosen):
                category.special = category.pk in chosen
                category.save(update_fields=["special"])


# What the request to the administration and the letter print about route, contact and event.
DETAIL_FIELDS = (
    "route",
    "contact_name",
    "partner_organisation",
    "contact_email",
    "contact_phone",
    "event_date",
    "event_place",
    "event_duration",
    "allowance",
    "reply_deadline",
    "minimum_age",
)
NULLABLE = {"event_date", "reply_deadline"}


@dataclass(frozen=True)
class CategoryRow:
    category: str
    value: str
    share: Decimal
    response_rate: Decimal


CATEGORY_COLUMNS = ("category", "value", "share", "response_rate")


def parse_category_rows(
    rows: list[list[str]], *, first_row: int = 1, row_numbers: list[int] | None = None
) -> list[CategoryRow]:
    """Rows of (category, value, share %, response rate %) as text; blank rows are skipped.

    ``row_numbers`` are the rows' numbers in an uploaded file (else they count from
    ``first_row``). Raises :class:`SelectionError` listing every bad row.
    """
    errors: list[tuple[str, dict]] = []
    result: list[CategoryRow] = []
    seen: set[tuple[str, str]] = set()
    column_names = {
        "category": _("category"),
        "value": _("value"),
        "share": _("population share (%)"),
        "response_rate": _("expected response rate (%)"),
    }
    for offset, cells in enumerate(rows):
        line = row_numbers[offset] if row_numbers is not None else first_row + offset
        cells = [(c or "").strip() for c in (list(cells) + ["", "", "", ""])[:4]]
        if not any(cells):
            continue
        category, value, share_text, rate_text = cells
        bad = False
        for key, text in zip(CATEGORY_COLUMNS, cells, strict=True):
            if not text and key != "response_rate":
                errors.append(("missing_cell", {"row": line, "column": column_names[key]}))
                bad = True
        numbers = {}
        for key, text in (("share", share_text), ("response_rate", rate_text or "10")):
            try:
                numbers[key] = Decimal(text.replace(",", ".").rstrip("%").strip()) if text else None
                if numbers[key] is not None and not numbers[key].is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(
                    ("not_a_number", {"row": line, "cell": text, "column": column_names[key]})
                )
                bad = True
        if bad:
            continue
        # The database keeps two decimal places; round first so what is checked is what
        # is stored (and "1e30" or "1e-30" never reach the database).
        numbers = {
            key: number.quantize(Decimal("0.01")) if abs(number) < 1000 else number
            for key, number in numbers.items()
        }
        if numbers["share"] < 0:
            errors.append(("negative", {"row": line, "column": column_names["share"]}))
            continue
        if numbers["share"] > 100:
            errors.append(("share_range", {"row": line}))
            continue
        if not (0 < numbers["response_rate"] <= 100):
            errors.append(("rate_range", {"row": line}))
            continue
        if (category, value) in seen:
            errors.append(("duplicate_value", {"row": line, "category": category, "value": value}))
            continue
        seen.add((category, value))
        result.append(
            CategoryRow(category[:60], value[:60], numbers["share"], numbers["response_rate"])
        )
    if errors:
        raise SelectionError(errors[0][0], errors)
    if not result:
        raise SelectionError("no_rows")
    return result


@transaction.atomic
def categories_replace(*, selection: Selection, rows: list[CategoryRow]) -> None:
    """Set the categories and values; quotas of values that stay are kept."""
    _ensure_changeable(selection)
    existing = {
        (v.category.name, v.name): v
        for v in Value.objects.filter(category__selection=selection).select_related("category")
    }
    wanted = [(r.category, r.value) for r in rows]
    if selection.respondents.exists() and sorted(existing) != sorted(wanted):
        raise SelectionError("structure_locked")
    categories = {c.name: c for c in selection.categories.all()}
    order: dict[str, int] = {}
    for row in rows:
        if row.category not in categories:
            categories[row.category] = Category.objects.create(
                selection=selection, name=row.category, order=len(categories)
            )
        position = order.get(row.category, 0)
        order[row.category] = position + 1
        value = existing.pop((row.category, row.value), None)
        if value is None:
            value = Value(category=categories[row.category], name=row.value)
        value.order = position
        value.population_share = row.share
        value.response_rate = row.response_rate
        value.save()
    Value.objects.filter(pk__in=[v.pk for v in existing.values()]).delete()
    used = {r.category for r in rows}
    for name, category in categories.items():
        if name not in used:
            category.delete()
    if selection.stratify_by_id is None or selection.stratify_by is None:
        selection.stratify_by = selection.categories.order_by("order", "pk").first()
        selection.save(update_fields=["stratify_by"])


# A resident may leave any category unanswered ("keine Angabe"); stored as this value.
NO_ANSWER = ""


# --- respondents --------------------------------------------------------------------------


def _ensure_open(selection: Selection) -> None:
    if selection.status == Selection.Status.CLOSED:
        raise SelectionError("closed")


def _ensure_changeable(selection: Selection) -> None:
    """Pool, categories, quotas and panel size are locked from the commitment to the draw."""
    _ensure_open(selection)
    if selection.committed_at and not selection.drawn_at:
        raise SelectionError("committed_locked")


def _categories(selection: Selection) -> list[tuple[str, list[str]]]:
    return [
        (c.name, [v.name for v in c.values.all()])
        for c in selection.categories.prefetch_related("values")
    ]


def _next_number(selection: Selection) -> int:
    # Lock the selection row so concurrent registrations get distinct numbers.
    Selection.objects.select_for_update().filter(pk=selection.pk).first()
    return (selection.respondents.aggregate(m=Max("number"))["m"] or 0) + 1


def registration_allowed(*, client: str) -> bool:
    """Whether this client address may post the registration form again (per window)."""
    window = timezone.now() - timedelta(minutes=settings.SELECTION_REGISTRATION_WINDOW_MINUTES)
    recent = RegistrationAttempt.objects.filter(client=client_key(client), at__gte=window)
    return recent.count() < settings.SELECTION_REGISTRATIONS_PER_CLIENT


def registration_attempt_record(*, client: str) -> None:
    window = timezone.now() - timedelta(minutes=settings.SELECTION_REGISTRATION_WINDOW_MINUTES)
    RegistrationAttempt.objects.filter(at__lt=window).delete()
    RegistrationAttempt.objects.create(client=client_key(client))


def respondent_register(
    *,
    selection: Selection,
    name: str,
    contact: str,
    features: dict[str, str],
    consent: bool,
    special_consent: bool = False,
    client: str | None = None,
) -> Respondent:
    """A resident registers through the public form. ``client`` (the visitor's address)
    is counted against SELECTION_REGISTRATIONS_PER_CLIENT; the same person (name and
    contact, ignoring case and spaces) cannot register twice. Answers to special
    categories (Art. 9 GDPR) need ``special_consent``, the express consent of Art. 9(2)(a)."""
    if not selection.registration_open:
        raise SelectionError("closed")
    if client is not None:
        if not registration_allowed(client=client):
            raise SelectionError("rate_limited")
        registration_attempt_record(client=client)  # counted even when refused below
    if not consent:
        raise SelectionError("consent")
    if not special_consent and special_answers(selection, features):
        raise SelectionError("special_consent")
    with transaction.atomic():
        return _register(selection, name=name, contact=contact, features=features)


def special_answers(selection: Selection, features: dict[str, str]) -> list[str]:
    """The special categories (Art. 9 GDPR) that ``features`` answers with a value."""
    special = selection.categories.filter(special=True).values_list("name", flat=True)
    return [name for name in special if features.get(name, NO_ANSWER) != NO_ANSWER]


def _register(selection: Selection, *, name: str, contact: str, features: dict) -> Respondent:
    categories = _categories(selection)
    errors = []
    for category, values in categories:
        if features.get(category) not in (*values, NO_ANSWER):
            errors.append(
                (
                    "unknown_value",
                    {
                        "row": 1,
                        "cell": features.get(category, ""),
                        "category": category,
                        "allowed": ", ".join(values),
                    },
                )
            )
    if errors:
        raise SelectionError("unknown_value", errors)
    number = _next_number(selection)  # locks the selection: no two posts pass the checks
    key = match_key(name, contact)
    if key and selection.respondents.filter(match_key=key).exists():
        raise SelectionError("already_registered")
    day = timezone.now() - timedelta(days=1)
    today = selection.respondents.filter(source=Respondent.Source.FORM, created_at__gte=day)
    if today.count() >= settings.SELECTION_REGISTRATIONS_PER_DAY:
        raise SelectionError("registrations_full_today")
    return Respondent.objects.create(
        selection=selection,
        number=number,
        name=name.strip(),
        contact=contact.strip(),
        match_key=key,
        features={c: features[c] for c, _v in categories},
        source=Respondent.Source.FORM,
        consent_at=timezone.now(),
    )


@dataclass
class ImportPreview:
    rows: list[dict]
    errors: list[tuple[str, dict]]
    unknown: list[dict] = dataclasses.field(default_factory=list)  # see unknown_category_values

    @property
    def duplicates(self) -> list[dict]:
        return [row for row in self.rows if row.get("duplicate")]

    @property
    def messages(self) -> list[str]:
        return SelectionError("x", self.errors).messages if self.errors else []


def respondent_columns(categories: list[tuple[str, list[str]]]) -> list[Column]:
    """The columns a respondent import understands: name (or first and last name),
    contact, and one per category whose cells must be one of its values."""

    def value_of(values: list[str]):
        def parse(text: str) -> str:
            if text in values:
                return text
            for value in values:
                if value.casefold() == text.casefold():
                    return value
            raise ValueError(text)

        return parse

    name_length = Respondent._meta.get_field("name").max_length
    contact_length = Respondent._meta.get_field("contact").max_length
    return [
        Column("name", _("Name"), NAME_WORDS, max_length=name_length, required=True),
        Column(
            "first_name",
            _("First name (put before the name)"),
            FIRST_NAME_WORDS,
            max_length=name_length,
            joins="name",
        ),
        Column(
            "contact",
            _("Contact"),
            ("kontakt", "contact", *EMAIL_WORDS, *PHONE_WORDS),
            max_length=contact_length,
        ),
        *(
            Column(category, category, (category,), parse=value_of(values), required=True)
            for category, values in categories
        ),
    ]


# At most this many distinct values outside the categories are offered for mapping.
MAX_UNKNOWN_VALUES = 200


def value_key(text: str) -> str:
    """How two spellings of one cell value are recognised as the same value."""
    return " ".join(text.casefold().split())


def unknown_category_values(
    table: Table,
    where: dict[str, int],
    categories: list[tuple[str, list[str]]],
    choices: dict[str, dict[str, str]] | None = None,
) -> list[dict]:
    """The distinct values of the category columns that are none of the category's
    values, in the order they first appear: ``category``, ``key``, ``text`` (as first
    written), ``rows``, ``suggested`` (a close value or None) and ``choice`` (what the
    team chose: a value, ``NO_ANSWER``, or None while undecided)."""
    found: dict[tuple[str, str], dict] = {}
    for category, values in categories:
        known = {value_key(v) for v in values}
        index = where.get(category)
        if index is None:
            continue
        for cells in table.rows:
            text = " ".join((cells[index] if index < len(cells) else "").split())
            k = value_key(text)
            if not k or k in known:
                continue
            if (category, k) in found:
                found[(category, k)]["rows"] += 1
                continue
            close = difflib.get_close_matches(k, [value_key(v) for v in values], n=1, cutoff=0.8)
            suggested = next((v for v in values if close and value_key(v) == close[0]), None)
            choice = (choices or {}).get(category, {}).get(k)
            if choice not in (*values, NO_ANSWER):
                choice = None
            found[(category, k)] = {
                "category": category,
                "key": k,
                "text": text,
                "rows": 1,
                "suggested": suggested,
                "choice": choice,
            }
    return list(found.values())


def respondents_preview(
    *,
    selection: Selection,
    table: Table,
    mapping: dict[str, int],
    value_choices: dict[str, dict[str, str]] | None = None,
) -> ImportPreview:
    """Check mapped rows; ``mapping`` maps "name", "contact", each category and optionally
    "first_name" to a column of ``table``. ``value_choices`` maps, per category, a value
    of the file that is none of the category's values (by :func:`value_key`) to the value
    the team chose for it in the preview (or ``NO_ANSWER``)."""
    categories = _categories(selection)
    if not categories:
        return ImportPreview([], [("no_categories", {})])
    errors: list[tuple[str, dict]] = []
    columns = respondent_columns(categories)
    labels = {column.key: str(column.label) for column in columns}
    needed = ["name", "contact"] + [c for c, _v in categories]
    for field in needed:
        if mapping.get(field) is None:
            errors.append(("mapping", {"field": labels[field]}))
    if errors:
        return ImportPreview([], errors)
    where = {key: index for key, index in mapping.items() if index is not None}
    header = table.header
    unknown = unknown_category_values(table, where, categories, value_choices)
    chosen = {(u["category"], u["key"]): u["choice"] for u in unknown}
    result = []
    for line, cells in zip(table.numbers, table.rows, strict=True):
        values, problems = read_row(cells, columns, where)
        for code, key, params in problems:
            column = header[where[key]]
            choice = chosen.get((key, value_key(str(params.get("value", "")))))
            if code not in ("missing", "too_long") and choice is not None:
                values[key] = choice  # mapped in the preview
            elif code == "missing":
                errors.append(("missing_cell", {"row": line, "column": column}))
            elif code == "too_long":
                errors.append(("too_long", {"row": line, "column": column, "max": params["max"]}))
            else:
                values_of = dict(categories)[key]
                errors.append(
                    (
                        "unknown_value",
                        {
                            "row": line,
                            "cell": params["value"],
                            "category": key,
                            "allowed": ", ".join(values_of),
                        },
                    )
                )
        contact = values.get("contact", "")
        if "@" in contact and not _valid_email(contact):
            errors.append(("invalid_email", {"row": line, "cell": contact}))
        row = {
            "line": line,
            "name": values.get("name", ""),
            "contact": contact,
            "features": {
                category: values.get(category, cells[where[category]].strip())
                for category, _values in categories
            },
        }
        result.append(row)
    if not result:
        errors.append(("empty_pool", {}))
    _mark_duplicates(selection, result)
    return ImportPreview(result, errors, unknown)


def _valid_email(text: str) -> bool:
    try:
        validate_email(text.strip())
    except ValidationError:
        return False
    return True


def _mark_duplicates(selection: Selection, rows: list[dict]) -> None:
    """Set ``duplicate`` on rows whose name and contact (ignoring case and spaces) equal
    an earlier row's or someone's already in the pool."""
    keys = [match_key(row["name"], row["contact"]) for row in rows]
    seen = set(
        selection.respondents.filter(match_key__in=[k for k in keys if k]).values_list(
            "match_key", flat=True
        )
    )
    for row, key in zip(rows, keys, strict=True):
        row["duplicate"] = bool(key) and key in seen
        seen.add(key)


@transaction.atomic
def respondents_import(*, selection: Selection, preview: ImportPreview) -> int:
    """Create every previewed row, or none if any row has an error."""
    _ensure_changeable(selection)
    if not selection.registration_open:
        raise SelectionError("closed")
    if preview.errors:
        raise SelectionError(preview.errors[0][0], preview.errors)
    first = _next_number(selection)
    Respondent.objects.bulk_create(
        Respondent(
            selection=selection,
            number=first + i,
            name=row["name"],
            contact=row["contact"],
            match_key=match_key(row["name"], row["contact"]),
            features=row["features"],
            source=Respondent.Source.IMPORT,
            status=Respondent.Status.HELD if row.get("duplicate") else Respondent.Status.POOL,
        )
        for i, row in enumerate(preview.rows)
    )
    return len(preview.rows)


@transaction.atomic
def respondent_keep(*, respondent: Respondent) -> None:
    """A team member decided that a possible duplicate is a person of their own."""
    _ensure_changeable(respondent.selection)
    if respondent.status != Respondent.Status.HELD:
        raise SelectionError("not_held")
    Respondent.objects.filter(pk=respondent.pk).update(status=Respondent.Status.POOL)


def respondent_personal_data(*, respondent: Respondent) -> dict:
    """Everything stored about one respondent (for an access request)."""
    return {
        "selection": respondent.selection.title,
        "number": respondent.number,
        "name": respondent.name,
        "contact": respondent.contact,
        "features": respondent.features,
        "source": respondent.source,
        "status": respondent.status,
        "consent_at": respondent.consent_at,
        "registered_at": respondent.created_at,
        "personal_data_deleted_at": respondent.personal_data_deleted_at,
    }


@transaction.atomic
def respondent_delete(*, respondent: Respondent) -> None:
    """Delete on request. Before any computation the record goes; afterwards only the
    name and contact go, so the published lottery stays verifiable."""
    selection = respondent.selection
    if not selection.runs.exists():
        respondent.delete()
        _log(selection, DeletionLog.What.RESPONDENT, 1, DeletionLog.Reason.REQUEST)
        return
    if respondent.personal_data_deleted_at is None:
        _erase(Respondent.objects.filter(pk=respondent.pk))
        _log(selection, DeletionLog.What.PERSONAL_DATA, 1, DeletionLog.Reason.REQUEST)


# --- quotas and feasibility ------------------------------------------------------------


# Larger than any pool an import accepts, and small enough for every database.
QUOTA_LIMIT = 100_000


def quotas_parse(*, selection: Selection, data) -> dict[int, tuple[int, int]]:
    """Read ``min-<id>``/``max-<id>`` fields; raise :class:`SelectionError` on bad cells."""
    values = Value.objects.filter(category__selection=selection).select_related("category")
    errors = []
    result = {}
    for value in values:
        pair = []
        for prefix, current in (("min", value.quota_min), ("max", value.quota_max)):
            text = str(data.get(f"{prefix}-{value.pk}", current)).strip()
            if not (text.isascii() and text.isdigit()):
                errors.append(
                    (
                        "quota_not_a_number",
                        {"category": value.category.name, "value": value.name, "cell": text},
                    )
                )
                pair.append(None)
            elif int(text) > QUOTA_LIMIT:
                errors.append(
                    (
                        "quota_too_large",
                        {
                            "category": value.category.name,
                            "value": value.name,
                            "cell": text,
                            "limit": QUOTA_LIMIT,
                        },
                    )
                )
                pair.append(None)
            else:
                pair.append(int(text))
        if None not in pair:
            if pair[0] > pair[1]:
                errors.append(
                    (
                        "min_above_max",
                        {
                            "category": value.category.name,
                            "value": value.name,
                            "min": pair[0],
                            "max": pair[1],
                        },
                    )
                )
            result[value.pk] = (pair[0], pair[1])
    if errors:
        raise SelectionError(errors[0][0], errors)
    return result


@transaction.atomic
def quotas_save(*, selection: Selection, quotas: dict[int, tuple[int, int]]) -> None:
    _ensure_changeable(selection)
    values = list(Value.objects.filter(category__selection=selection, pk__in=quotas))
    for value in values:
        value.quota_min, value.quota_max = quotas[value.pk]
    Value.objects.bulk_update(values, ["quota_min", "quota_max"])


def pool_instance(
    *, selection: Selection, quotas: dict[int, tuple[int, int]] | None = None
) -> Instance:
    """The selection problem for the current pool (optionally with unsaved quotas)."""
    categories = list(selection.categories.prefetch_related("values"))
    quota_list = []
    for c in categories:
        for v in c.values.all():
            low, high = (quotas or {}).get(v.pk, (v.quota_min, v.quota_max))
            quota_list.append(Quota(c.name, v.name, low, high))
    people = [
        PoolMember(str(number), features)
        for number, features in selection.respondents.exclude(
            status__in=[Respondent.Status.DROPPED, Respondent.Status.HELD]
        ).values_list("number", "features")
    ]
    # "No answer" is no value of the population: it counts towards no quota, but the
    # model needs one, so it gets 0 … panel size where someone chose it.
    for c in categories:
        if any(p.features.get(c.name) == NO_ANSWER for p in people):
            quota_list.append(Quota(c.name, NO_ANSWER, 0, selection.panel_size))
    return Instance([c.name for c in categories], quota_list, people, selection.panel_size)


def instance_problems(instance: Instance) -> list[tuple[str, dict]]:
    """Problems that come before quota conflicts: no categories, empty pool, k > n."""
    if not instance.categories:
        return [("no_categories", {})]
    if not instance.respondents:
        return [("empty_pool", {})]
    if instance.panel_size > instance.n:
        return [("k_above_n", {"k": instance.panel_size, "n": instance.n})]
    return []


def feasibility_check(instance: Instance) -> feasibility.FeasibilityReport:
    return feasibility.check(instance)


def instance_to_json(instance: Instance) -> dict:
    return {
        "categories": instance.categories,
        "quotas": [[q.category, q.feature, q.min, q.max] for q in instance.quotas],
        "respondents": [[r.id, r.features] for r in instance.respondents],
        "panel_size": instance.panel_size,
    }


def instance_from_json(data: dict) -> Instance:
    return Instance(
        list(data["categories"]),
        [Quota(c, f, lo, hi) for c, f, lo, hi in data["quotas"]],
        [PoolMember(rid, features) for rid, features in data["respondents"]],
        int(data["panel_size"]),
    )


# --- computing ------------------------------------------------------------------------------


@transaction.atomic
def run_start(*, selection: Selection) -> Run:
    """Check the input and queue a LEXIMIN computation (runs after commit)."""
    from klimapakete.selection.tasks import compute_run

    _ensure_changeable(selection)
    if selection.status != Selection.Status.OPEN:
        raise SelectionError("already_drawn")
    runs_fail_lost(selection=selection)
    if selection.runs.filter(status__in=[Run.Status.QUEUED, Run.Status.RUNNING]).exists():
        raise SelectionError("run_active")
    instance = pool_instance(selection=selection)
    problems = instance_problems(instance)
    if problems:
        raise SelectionError(problems[0][0], problems)
    if not feasibility_check(instance).feasible:
        raise SelectionError("infeasible")
    run = Run.objects.create(selection=selection, instance=instance_to_json(instance))
    transaction.on_commit(lambda: compute_run.enqueue(run_id=run.pk))
    return run


PROGRESS_INTERVAL = 0.5  # seconds between progress writes


def run_execute(*, run_id: int) -> None:
    """Compute the lottery of a queued run, writing progress; honours cancellation."""
    updated = Run.objects.filter(pk=run_id, status=Run.Status.QUEUED).update(
        status=Run.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not updated:
        return
    run = Run.objects.get(pk=run_id)
    instance = instance_from_json(run.instance)
    last_write = [0.0]

    def progress(iteration: int, stage: int, minimum: float) -> bool:
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_INTERVAL and iteration > 1:
            return True
        last_write[0] = now
        Run.objects.filter(pk=run_id).update(
            iterations=iteration,
            stage=stage,
            current_minimum=float(minimum),
            heartbeat_at=timezone.now(),
        )
        return not Run.objects.filter(pk=run_id, cancel_requested=True).exists()

    if Run.objects.filter(pk=run_id, cancel_requested=True).exists():
        _run_finish(run_id, status=Run.Status.CANCELLED)
        return
    try:
        result = leximin(
            instance,
            time_limit=settings.SELECTION_TIME_LIMIT,
            progress=progress,
        )
    except Exception as exc:  # the solver failing must not leave the run "running"
        _run_finish(run_id, status=Run.Status.FAILED, error=repr(exc)[:2000])
        raise
    if result.status == "cancelled":
        _run_finish(run_id, status=Run.Status.CANCELLED, iterations=result.iterations)
        return
    # Finalising takes a while on large pools: the run must not look lost meanwhile.
    _heartbeat(run_id)
    problems = checker.check(instance, result.distribution, result.probabilities)
    if problems:
        _run_finish(run_id, status=Run.Status.FAILED, error="; ".join(problems[:5]))
        return
    dist = result.distribution
    _run_finish(
        run_id,
        status=Run.Status.DONE,
        result_status=result.status,
        method=result.method,
        distribution=[
            [p, list(panel)] for panel, p in zip(dist.panels, dist.probabilities, strict=True)
        ],
        probabilities=result.probabilities,
        min_probability=result.min_probability,
        current_minimum=result.min_probability,
        iterations=result.iterations,
        seconds=result.seconds,
    )


def _run_finish(run_id: int, **fields) -> None:
    # Only a run that is still running: one given up as stale stays cancelled.
    Run.objects.filter(pk=run_id, status=Run.Status.RUNNING).update(
        finished_at=timezone.now(), **fields
    )


def _heartbeat(run_id: int) -> None:
    Run.objects.filter(pk=run_id, status=Run.Status.RUNNING).update(heartbeat_at=timezone.now())


# A running computation writes progress at least every few seconds; one silent for longer
# (SELECTION_RUN_STALE_SECONDS) has lost its worker and would otherwise block every new
# computation.
def _silent_since() -> datetime:
    return timezone.now() - timedelta(seconds=settings.SELECTION_RUN_STALE_SECONDS)


def _lost(queryset):
    silent_since = _silent_since()
    return queryset.filter(status=Run.Status.RUNNING).filter(
        Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at=None, created_at__lt=silent_since)
    )


def runs_fail_lost(*, selection: Selection | None = None) -> int:
    """Mark running computations whose worker went silent as failed ("worker lost"); a
    result that arrives later is ignored (``_run_finish`` only touches running runs)."""
    runs = Run.objects.all() if selection is None else selection.runs.all()
    return _lost(runs).update(
        status=Run.Status.FAILED, error=Run.WORKER_LOST, finished_at=timezone.now()
    )


def run_cancel(*, run: Run) -> None:
    Run.objects.filter(pk=run.pk).update(cancel_requested=True)
    # A run still waiting in the queue is cancelled at once.
    Run.objects.filter(pk=run.pk, status=Run.Status.QUEUED).update(
        status=Run.Status.CANCELLED, finished_at=timezone.now()
    )
    # So is a running one whose worker has gone away.
    _lost(Run.objects.filter(pk=run.pk)).update(
        status=Run.Status.CANCELLED, finished_at=timezone.now()
    )


def run_distribution(run: Run) -> Distribution:
    return Distribution(
        [tuple(ids) for _p, ids in run.distribution], [p for p, _ids in run.distribution]
    )


def run_is_current(*, selection: Selection, run: Run) -> bool:
    return instance_to_json(pool_instance(selection=selection)) == run.instance


# --- verifiable draw ---------------------------------------------------------------------


def public_value_normalise(text: str) -> str:
    """A declared public value as the draw reads it: its numbers in the order written,
    without leading zeros, separated by single spaces ("03, 14; 15" → "3 14 15")."""
    numbers = re.findall(r"[0-9]+", text)
    if not numbers:
        raise SelectionError("public_value_format")
    return " ".join(str(int(n)) for n in numbers)


def _drawable_run(selection: Selection) -> Run:
    run = selection.runs.filter(status=Run.Status.DONE).first()
    if run is None:
        raise SelectionError("no_result")
    if not run_is_current(selection=selection, run=run):
        raise SelectionError("stale_run")
    return run


def _locked(selection: Selection) -> Selection:
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    _ensure_open(selection)
    if selection.drawn_at:
        raise SelectionError("already_drawn")
    return selection


def lottery_round(*, selection: Selection, panels: int) -> RoundedLottery:
    """Round the current lottery to ``panels`` equally likely panels (a physical draw), or
    return the rounding made before; the team sees the change before committing."""
    if not 2 <= panels <= settings.SELECTION_LOTTERY_MAX_PANELS:
        raise SelectionError("panels_range", max=settings.SELECTION_LOTTERY_MAX_PANELS)
    with transaction.atomic():
        _locked(selection)
        run = _drawable_run(selection)
        existing = run.rounded_lotteries.filter(panels=panels).first()
    if existing is not None:
        return existing
    # Who of a type gets a panel more is fixed by the lottery itself, known to everyone
    # before any number is drawn.
    salt = hashlib.sha256(distribution_csv_text(run).encode("utf-8")).hexdigest()
    result = transparent.round_lottery(
        instance_from_json(run.instance),
        run_distribution(run),
        panels=panels,
        salt=salt,
        time_limit=settings.SELECTION_ROUNDING_SECONDS,
    )
    rounded, _created = RoundedLottery.objects.get_or_create(
        run=run,
        panels=panels,
        defaults={
            "lottery": [list(panel) for panel in result.panels],
            "max_deviation": result.max_deviation,
            "deviation_lower_bound": result.deviation_lower_bound,
            "min_probability": result.min_probability,
            "leximin_min_probability": result.leximin_min_probability,
            "status": result.status,
            "seconds": result.seconds,
        },
    )
    return rounded


def active_commitment(selection: Selection) -> Commitment | None:
    if not selection.committed_at:
        return None
    return selection.commitments.filter(withdrawn_at=None).last()


@transaction.atomic
def seed_commit(
    *, selection: Selection, kind: str, declaration: str = "", panels: int | None = None
) -> Commitment:
    """Fix the seed source and the lottery, once: a fresh secret seed (its hash is shown),
    a future public value (read as its numbers), or a physical draw among ``panels``
    equally likely panels rounded before. Pool and quotas are locked from now on; a new
    commitment needs a public withdrawal first (``commitment_withdraw``)."""
    selection = _locked(selection)
    if selection.committed_at:
        raise SelectionError("already_committed")
    run = _drawable_run(selection)
    record = Commitment(selection=selection, run=run, kind=kind, committed_at=timezone.now())
    record.declaration = declaration.strip()
    selection.seed_secret = ""
    if kind == Selection.SeedKind.SECRET:
        selection.seed_secret = secrets.token_hex(16)
        record.seed_commitment = draw.seed_commitment(selection.seed_secret)
    elif kind == Selection.SeedKind.PUBLIC:
        if not record.declaration:
            raise SelectionError("declaration_missing")
        record.value_format = Commitment.PUBLIC_VALUE_FORMAT
    elif kind == Selection.SeedKind.PHYSICAL:
        rounded = run.rounded_lotteries.filter(panels=panels).first() if panels else None
        if rounded is None:
            raise SelectionError("not_rounded")
        record.panels = rounded.panels
        record.max_deviation = rounded.max_deviation
        record.min_probability = rounded.min_probability
    else:
        raise SelectionError("not_committed")
    if kind == Selection.SeedKind.PHYSICAL:
        text, record.file_name = lottery_csv_text(rounded.lottery), "lottery.csv"
    else:
        text, record.file_name = distribution_csv_text(run), "distribution.csv"
    body = text.encode("utf-8")
    record.file_sha256 = hashlib.sha256(body).hexdigest()
    record.file_gzip = gzip.compress(body, mtime=0)
    record.save()
    selection.committed_run = run
    selection.distribution_sha256 = record.file_sha256
    selection.seed_kind = kind
    selection.seed_commitment = record.seed_commitment
    selection.seed_declaration = record.declaration
    selection.committed_at = record.committed_at
    selection.save(update_fields=COMMITMENT_FIELDS)
    return record


COMMITMENT_FIELDS = [
    "seed_kind",
    "seed_secret",
    "seed_commitment",
    "seed_declaration",
    "committed_at",
    "committed_run",
    "distribution_sha256",
]


@transaction.atomic
def commitment_withdraw(*, selection: Selection, reason: str) -> None:
    """Withdraw the commitment before the draw, publicly: the verification page keeps it
    with both dates and the reason, and a secret seed is revealed."""
    selection = _locked(selection)
    record = active_commitment(selection)
    if record is None:
        raise SelectionError("not_committed")
    if not reason.strip():
        raise SelectionError("withdrawal_reason")
    record.withdrawn_at = timezone.now()
    record.withdrawal_reason = reason.strip()
    record.seed_revealed = selection.seed_secret
    record.save(update_fields=["withdrawn_at", "withdrawal_reason", "seed_revealed"])
    selection.seed_kind = selection.seed_secret = selection.seed_commitment = ""
    selection.seed_declaration = selection.distribution_sha256 = ""
    selection.committed_at = selection.committed_run = None
    selection.save(update_fields=COMMITMENT_FIELDS)


@transaction.atomic
def panel_draw(
    *, selection: Selection, public_value: str = "", drawn_number: str = ""
) -> list[int]:
    """Draw the panel from the committed lottery: with the secret seed, the declared
    public value (normalised as announced), or the number rolled or drawn in public."""
    selection = _locked(selection)
    record = active_commitment(selection)
    if record is None or selection.committed_run is None:
        raise SelectionError("not_committed")
    run = selection.committed_run
    if not run_is_current(selection=selection, run=run):
        raise SelectionError("commitment_stale")
    if selection.seed_kind == Selection.SeedKind.PHYSICAL:
        digits = "".join(drawn_number.split())
        try:
            number = transparent.number_from_digits(digits, record.panels)
        except ValueError:
            raise SelectionError("drawn_number", max=record.panels - 1) from None
        rounded = run.rounded_lotteries.get(panels=record.panels)
        seed, index, ids = digits, number - 1, rounded.lottery[number - 1]
    else:
        if selection.seed_kind == Selection.SeedKind.SECRET:
            seed = selection.seed_secret
        elif not public_value.strip():
            raise SelectionError("public_value_missing")
        else:
            seed = public_value_normalise(public_value)
        dist = run_distribution(run)
        index = draw.draw_index(dist.probabilities, seed)
        ids = dist.panels[index]
    panel = sorted(int(rid) for rid in ids)
    selection.seed = seed
    selection.drawn_run = run
    selection.drawn_index = index
    selection.drawn_panel = panel
    selection.drawn_at = timezone.now()
    selection.status = Selection.Status.DRAWN
    selection.save(
        update_fields=["seed", "drawn_run", "drawn_index", "drawn_panel", "drawn_at", "status"]
    )
    selection.respondents.filter(number__in=panel).update(status=Respondent.Status.SELECTED)
    return panel


def published_file(selection: Selection) -> tuple[str, bytes, str] | None:
    """The published lottery file as (name, gzip bytes, SHA-256): stored at the
    commitment; for a selection drawn before files were stored, built from its run."""
    record = active_commitment(selection)
    if record is not None:
        return record.file_name, bytes(record.file_gzip), record.file_sha256
    if selection.drawn_at and selection.drawn_run is not None:
        body = distribution_csv_text(selection.drawn_run).encode("utf-8")
        return "distribution.csv", gzip.compress(body, mtime=0), hashlib.sha256(body).hexdigest()
    return None


def lottery_csv_text(lottery: list[list[str]]) -> str:
    """``lottery.csv`` as ``klimapakete select --transparent`` writes it: number, ids."""
    rows = [[str(n), " ".join(ids)] for n, ids in enumerate(lottery, 1)]
    return "".join(csv_lines(["number", "ids"], rows, bom=False, safe=False))


def distribution_csv_text(run: Run | None) -> str:
    """``distribution.csv`` exactly as published (its SHA-256 is fixed at the commitment)."""
    rows = distribution_csv_rows(run) if run is not None else []
    # The format of ``klimapakete select``: cells as they are, for anyone re-checking.
    return "".join(csv_lines(["panel", "probability", "ids"], rows, bom=False, safe=False))


def distribution_csv_rows(run: Run) -> list[list[str]]:
    """Rows of ``distribution.csv`` in the format of ``klimapakete select``."""
    return [
        [str(i), repr(float(p)), " ".join(ids)] for i, (p, ids) in enumerate(run.distribution, 1)
    ]


# --- reserves -------------------------------------------------------------------------------


def _unavailable(selection: Selection) -> list[str]:
    return [
        str(n)
        for n in selection.respondents.filter(status=Respondent.Status.DROPPED).values_list(
            "number", flat=True
        )
    ] + [
        str(n)
        for n in selection.respondents.filter(personal_data_deleted_at__isnull=False)
        .exclude(status=Respondent.Status.SELECTED)
        .values_list("number", flat=True)
    ]


def current_panel(selection: Selection) -> list[str]:
    return [
        str(n)
        for n in selection.respondents.filter(status=Respondent.Status.SELECTED).values_list(
            "number", flat=True
        )
    ]


def reserves(*, selection: Selection) -> dict[str, list[str]]:
    """Per panel member, the interchangeable reserves in their seeded order."""
    if not selection.drawn_run:
        return {}
    instance = instance_from_json(selection.drawn_run.instance)
    return draw.reserve_lists(
        instance, current_panel(selection), selection.seed, _unavailable(selection)
    )


def replacement_seed(selection: Selection, number: int) -> str:
    """The seed of the ``number``-th replacement (1-based), published on the verify page."""
    return f"{selection.seed}:replacement:{number}"


@transaction.atomic
def dropout_replace(*, selection: Selection, respondent: Respondent) -> Replacement:
    """Replace a panel member who dropped out: the first reserve with the same values, or
    else a fair LEXIMIN re-draw over the remaining pool that keeps the quotas."""
    if selection.status != Selection.Status.DRAWN or not selection.drawn_run:
        raise SelectionError("not_drawn")
    if respondent.status != Respondent.Status.SELECTED:
        raise SelectionError("not_selected")
    member = str(respondent.number)
    lists = reserves(selection=selection)
    unavailable = _unavailable(selection)
    candidates = lists.get(member, [])
    if candidates:
        chosen, method = candidates[0], "reserve"
    else:
        instance = instance_from_json(selection.drawn_run.instance)
        count = selection.replacements.count()
        result = draw.replace_dropouts(
            instance,
            current_panel(selection),
            [member],
            replacement_seed(selection, count + 1),
            unavailable=unavailable,
            time_limit=60,
        )
        # Nobody can take the seat while keeping the quotas: the drop-out is still
        # recorded and the seat stays open (``unmet_quotas`` names what is missing).
        chosen, method = (result.chosen[0], "redraw") if result.chosen else (None, "open")
    selection.respondents.filter(pk=respondent.pk).update(status=Respondent.Status.DROPPED)
    if chosen is not None:
        selection.respondents.filter(number=int(chosen)).update(status=Respondent.Status.SELECTED)
    return Replacement.objects.create(
        selection=selection,
        dropout_number=respondent.number,
        replacement_number=int(chosen) if chosen is not None else None,
        method=method,
    )


@dataclass(frozen=True)
class UnmetQuota:
    category: str
    value: str
    minimum: int
    have: int


def unmet_quotas(selection: Selection) -> list[UnmetQuota]:
    """Minimum quotas the current panel falls short of (after seats were left open)."""
    if not selection.drawn_run:
        return []
    counts: dict[tuple[str, str], int] = {}
    for features in selection.respondents.filter(status=Respondent.Status.SELECTED).values_list(
        "features", flat=True
    ):
        for category, value in features.items():
            counts[(category, value)] = counts.get((category, value), 0) + 1
    return [
        UnmetQuota(category, value, low, counts.get((category, value), 0))
        for category, value, low, _high in selection.drawn_run.instance["quotas"]
        if counts.get((category, value), 0) < low
    ]


# --- address draw ---------------------------------------------------------------------------


@transaction.atomic
def address_draw(
    *,
    selection: Selection,
    header: list[str],
    rows: list[list[str]],
    column: str,
    letters: dict[str, int],
    numbers: list[int] | None = None,
) -> AddressDraw:
    """Draw ``letters[stratum]`` rows per stratum at random (seeded); keep only those.

    The extract itself is not stored: only the drawn rows, until the team deletes them.
    """
    _ensure_open(selection)
    if column not in header:
        raise SelectionError("stratum_column", column=column)
    index = header.index(column)
    by_stratum: dict[str, list[list[str]]] = {s: [] for s in letters}
    errors = []
    for offset, cells in enumerate(rows):
        value = cells[index].strip()
        match = next((s for s in letters if s.casefold() == value.casefold()), None)
        if match is None:
            errors.append(
                (
                    "unknown_value",
                    {
                        "row": numbers[offset] if numbers is not None else offset + 2,
                        "cell": value,
                        "category": column,
                        "allowed": ", ".join(letters),
                    },
                )
            )
        else:
            by_stratum[match].append(cells)
    if errors:
        raise SelectionError(errors[0][0], errors[:20])
    short = [
        ("extract_too_small", {"stratum": s, "have": len(by_stratum[s]), "need": n})
        for s, n in letters.items()
        if len(by_stratum[s]) < n
    ]
    if short:
        raise SelectionError(short[0][0], short)
    seed = secrets.token_hex(16)
    rng = random.Random(seed)
    drawn = []
    for stratum, n in letters.items():
        drawn += rng.sample(by_stratum[stratum], n)
    now = timezone.now()
    record = AddressDraw.objects.create(
        selection=selection,
        seed=seed,
        extract_rows=len(rows),
        drawn_rows=len(drawn),
        per_stratum={s: n for s, n in letters.items()},
        columns=header,
        rows=drawn,
        extract_deleted_at=now,
    )
    _log(selection, DeletionLog.What.REGISTER_EXTRACT, len(rows), DeletionLog.Reason.AFTER_DRAW)
    letter_codes.attach(record)
    return record


def address_draw_delete(
    *, record: AddressDraw, reason: str = DeletionLog.Reason.DOWNLOADED
) -> None:
    if record.addresses_deleted_at:
        return
    count = len(record.rows)
    record.rows = []
    record.addresses_deleted_at = timezone.now()
    record.save(update_fields=["rows", "addresses_deleted_at"])
    letter_codes.forget(record, reason)
    _log(record.selection, DeletionLog.What.ADDRESSES, count, reason)


# --- deletion -------------------------------------------------------------------------------


def _log(selection: Selection, what: str, count: int, reason: str) -> None:
    if count:
        DeletionLog.objects.create(selection=selection, what=what, count=count, reason=reason)


def _erase(queryset) -> int:
    return queryset.update(
        name="", contact="", match_key="", personal_data_deleted_at=timezone.now()
    )


def deletion_due(selection: Selection) -> datetime | None:
    if selection.drawn_at is None:
        return None
    return selection.drawn_at + timedelta(days=selection.retention_days)


# Reserves per panel member whose data is kept with the members' (as the panel page shows).
RESERVES_KEPT = 5


def _kept_reserves(selection: Selection) -> list[int]:
    lists = reserves(selection=selection) if selection.status == Selection.Status.DRAWN else {}
    return sorted({int(n) for numbers in lists.values() for n in numbers[:RESERVES_KEPT]})


@transaction.atomic
def selection_purge(*, selection: Selection, now: datetime | None = None) -> int:
    """Delete personal data that is due: people neither on the panel nor among its first
    reserves once the retention period after the draw is over; panel members' and
    reserves' after ``members_kept_until``; everyone's once the selection is closed."""
    now = now or timezone.now()
    pending = selection.respondents.filter(personal_data_deleted_at__isnull=True)
    erased = 0
    if selection.status == Selection.Status.CLOSED:
        erased = _erase(pending)
        _log(selection, DeletionLog.What.PERSONAL_DATA, erased, DeletionLog.Reason.CLOSED)
        return erased
    due = deletion_due(selection)
    if due is not None and due <= now:
        others = pending.exclude(status=Respondent.Status.SELECTED)
        others = others.exclude(number__in=_kept_reserves(selection))
        erased = _erase(others)
        _log(selection, DeletionLog.What.PERSONAL_DATA, erased, DeletionLog.Reason.RETENTION)
        for record in selection.address_draws.filter(addresses_deleted_at__isnull=True):
            address_draw_delete(record=record, reason=DeletionLog.Reason.RETENTION)
    until = selection.members_kept_until
    if selection.drawn_at and until is not None and until < timezone.localdate(now):
        rest = _erase(selection.respondents.filter(personal_data_deleted_at__isnull=True))
        _log(selection, DeletionLog.What.PERSONAL_DATA, rest, DeletionLog.Reason.MEMBERS_DONE)
        erased += rest
    return erased


def selections_purge(*, now: datetime | None = None) -> int:
    """Purge every selection with personal data that may be due (cron and task)."""
    total = 0
    candidates = (
        Selection.objects.filter(respondents__personal_data_deleted_at__isnull=True)
        .exclude(status=Selection.Status.OPEN)
        .distinct()
    )
    for selection in candidates:
        total += selection_purge(selection=selection, now=now)
    return total


@transaction.atomic
def selection_close(*, selection: Selection) -> None:
    """Close: no more registrations or changes; everyone's personal data is deleted."""
    selection.status = Selection.Status.CLOSED
    selection.closed_at = timezone.now()
    selection.save(update_fields=["status", "closed_at"])
    selection_purge(selection=selection)
    for record in selection.address_draws.filter(addresses_deleted_at__isnull=True):
        address_draw_delete(record=record, reason=DeletionLog.Reason.CLOSED)


def as_json(data) -> str:
    from django.core.serializers.json import DjangoJSONEncoder

    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
