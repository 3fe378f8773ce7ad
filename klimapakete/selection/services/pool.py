"""The pool: registrations, the import with its duplicates, deletion on request."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klimapakete.core.clients import attempt_counted
from klimapakete.core.errors import error_messages
from klimapakete.selection import selectors
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import (
    DeletionLog,
    RegistrationAttempt,
    Respondent,
    Selection,
    match_key,
)
from klimapakete.selection.services import retention
from klimapakete.selection.states import Action, ensure_allowed
from klimapakete.tables import (
    EMAIL_WORDS,
    FIRST_NAME_WORDS,
    NAME_WORDS,
    PHONE_WORDS,
    Column,
    Table,
    read_row,
)


def _next_number(selection: Selection) -> int:
    # Lock the selection row so concurrent registrations get distinct numbers.
    Selection.objects.select_for_update().filter(pk=selection.pk).first()
    return (selection.respondents.aggregate(m=Max("number"))["m"] or 0) + 1


def registration_counted(*, client: str) -> bool:
    """Counts a post of the registration form (or a letter code tried) against
    SELECTION_REGISTRATIONS_PER_CLIENT per window; False when the client used them up."""
    return attempt_counted(
        RegistrationAttempt,
        client=client,
        minutes=settings.SELECTION_REGISTRATION_WINDOW_MINUTES,
        limit=settings.SELECTION_REGISTRATIONS_PER_CLIENT,
    )


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
    ensure_allowed(selection, Action.REGISTER)
    # counted even when refused below
    if client is not None and not registration_counted(client=client):
        raise SelectionError("rate_limited")
    if not consent:
        raise SelectionError("consent")
    if not special_consent and special_answers(selection, features):
        raise SelectionError("special_consent")
    with transaction.atomic():
        return _register(selection, name=name, contact=contact, features=features)


def special_answers(selection: Selection, features: dict[str, str]) -> list[str]:
    """The special categories (Art. 9 GDPR) that ``features`` answers with a value."""
    special = selection.categories.filter(special=True).values_list("name", flat=True)
    return [
        name for name in special if features.get(name, selectors.NO_ANSWER) != selectors.NO_ANSWER
    ]


def _register(selection: Selection, *, name: str, contact: str, features: dict) -> Respondent:
    categories = selectors.categories_of(selection)
    errors = []
    for category, values in categories:
        if features.get(category) not in (*values, selectors.NO_ANSWER):
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
        raise SelectionError("unknown_value", problems=errors)
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
        return error_messages(SelectionError("x", problems=self.errors)) if self.errors else []


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
    team chose: a value, ``selectors.NO_ANSWER``, or None while undecided)."""
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
            if choice not in (*values, selectors.NO_ANSWER):
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
    the team chose for it in the preview (or ``selectors.NO_ANSWER``)."""
    categories = selectors.categories_of(selection)
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
    ensure_allowed(selection, Action.IMPORT)
    if preview.errors:
        raise SelectionError(preview.errors[0][0], problems=preview.errors)
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
    ensure_allowed(respondent.selection, Action.CHANGE_POOL)
    if respondent.status != Respondent.Status.HELD:
        raise SelectionError("not_held")
    Respondent.objects.filter(pk=respondent.pk).update(status=Respondent.Status.POOL)


@transaction.atomic
def respondent_delete(*, respondent: Respondent) -> None:
    """Delete on request. Before any computation the record goes; afterwards only the
    name and contact go, so the published lottery stays verifiable."""
    selection = respondent.selection
    if not selection.runs.exists():
        respondent.delete()
        retention.log_deletion(
            selection, DeletionLog.What.RESPONDENT, 1, DeletionLog.Reason.REQUEST
        )
        return
    if respondent.personal_data_deleted_at is None:
        retention.erase(Respondent.objects.filter(pk=respondent.pk))
        retention.log_deletion(
            selection, DeletionLog.What.PERSONAL_DATA, 1, DeletionLog.Reason.REQUEST
        )
