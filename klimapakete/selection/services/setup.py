"""Setting a selection up: create, settings, categories and values."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from klimapakete.selection import tasks
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import (
    Category,
    Selection,
    Value,
    new_short_code,
)
from klimapakete.selection.states import Action, ensure_allowed
from klimapakete.teams.models import Team


def selection_create(
    *, team: Team, title: str, panel_size: int, retention_days: int = 30
) -> Selection:
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
    ensure_allowed(selection, Action.EDIT_SETTINGS)
    if panel_size != selection.panel_size:
        ensure_allowed(selection, Action.CHANGE_POOL)
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
    # A shorter retention period or an earlier end may make data due at once.
    if selection.status == Selection.Status.DRAWN:
        transaction.on_commit(lambda: tasks.purge_selection.enqueue(selection_id=selection.pk))


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
        raise SelectionError(errors[0][0], problems=errors)
    if not result:
        raise SelectionError("no_rows")
    return result


@transaction.atomic
def categories_replace(*, selection: Selection, rows: list[CategoryRow]) -> None:
    """Set the categories and values; quotas of values that stay are kept."""
    ensure_allowed(selection, Action.CHANGE_POOL)
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
