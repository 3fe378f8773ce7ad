"""Pickers that search: a choice among a team's objects without rendering all of them.

A select with one option per actor costs a query or a row per object and grows with the
team (5,000 actors: 5,000 options). A picker is a search field instead:

- **Server side, bounded.** ``Picker`` names a team-scoped queryset and the fields to
  search; ``picker_search`` returns at most ``PICKER_RESULTS`` matches (one query). The
  team URL ``/t/<team>/pick/<picker_key>/?q=…`` answers htmx with the suggestions.
- **Accessible combobox.** The text field has ``role="combobox"``; suggestions are a
  ``listbox`` of options that ``js/picker.js`` makes selectable by arrow keys, Enter and
  click (the choice goes into a hidden field).
- **Without JavaScript** the field is a plain search: the typed text is resolved on
  submit — one match is taken, several are offered as radio buttons to choose from (at
  most ``PICKER_RESULTS``), none is an error.

Apps register pickers in ``AppConfig.ready`` (``register(Picker(...))``) and use
``SearchChoiceField(picker_key)`` in their forms, setting ``field.queryset`` and calling
``field.bind(team)`` in the form's ``__init__``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django import forms
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Picker:
    key: str
    queryset: Callable[[object], QuerySet]  # team → the objects one may pick
    search_fields: tuple[str, ...] = ("name",)
    order_by: tuple[str, ...] = ("name",)
    label: Callable[[Model], str] = str


PICKERS: dict[str, Picker] = {}


def register(picker: Picker) -> Picker:
    PICKERS[picker.key] = picker
    return picker


def limit() -> int:
    return settings.PICKER_RESULTS


def search(queryset: QuerySet, fields: tuple[str, ...], order_by, text: str) -> list[Model]:
    """Up to ``limit() + 1`` objects whose fields contain every word of ``text``."""
    words = text.split()[:8]
    for word in words:
        queryset = queryset.filter(reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields)))
    return list(queryset.order_by(*order_by)[: limit() + 1])


class SearchPickerWidget(forms.Widget):
    template_name = "core/widgets/search_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.search_url = ""
        self.label = str
        self.matches: list[Model] = []

    def value_from_datadict(self, data, files, name):
        chosen = [v for v in data.getlist(name) if v] if hasattr(data, "getlist") else []
        if not chosen and data.get(name):
            chosen = [data.get(name)]
        return {"pk": chosen[-1] if chosen else "", "text": data.get(f"{name}_search", "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_search" not in data

    def format_value(self, value):
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        pk, text = "", ""
        if isinstance(value, dict):
            pk, text = value.get("pk", ""), value.get("text", "")
        elif isinstance(value, Model):
            pk, text = value.pk, self.label(value)
        elif value not in (None, ""):
            pk = value
        context["widget"].update(
            pk=pk,
            text=text,
            search_url=self.search_url,
            matches=[(obj.pk, self.label(obj)) for obj in self.matches],
        )
        return context


class SearchChoiceField(forms.Field):
    """A choice among ``queryset`` by search; cleans to the chosen object."""

    widget = SearchPickerWidget
    default_error_messages = {
        "required": _("Please type a name and choose from the suggestions."),
        "none": _("Nothing matches “%(text)s”."),
        "invalid_choice": _("Please choose from the suggestions."),
    }

    def __init__(self, picker_key: str, *, queryset: QuerySet | None = None, **kwargs):
        super().__init__(**kwargs)
        self.picker_key = picker_key
        self.queryset = queryset

    @property
    def picker(self) -> Picker:
        return PICKERS[self.picker_key]

    def bind(self, team, *, exclude: Model | None = None) -> None:
        """Point the suggestions at the team's search URL (and leave one object out)."""
        kwargs = {"team_slug": team.slug, "picker_key": self.picker_key}
        url = reverse("picker_search", kwargs=kwargs)
        if exclude is not None:
            url += f"?exclude={exclude.pk}"
        self.widget.search_url = url
        self.widget.label = self.picker.label

    def clean(self, value):
        value = value or {"pk": "", "text": ""}
        pk, text = str(value.get("pk") or "").strip(), (value.get("text") or "").strip()
        if pk:
            obj = self.queryset.filter(pk=pk).first() if pk.isdigit() else None
            if obj is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
            return obj
        if not text:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], "required")
            return None
        exact = list(self.queryset.filter(**{f"{self.picker.search_fields[0]}__iexact": text})[:2])
        if len(exact) == 1:
            return exact[0]
        matches = search(self.queryset, self.picker.search_fields, self.picker.order_by, text)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                self.error_messages["none"], "none", params={"text": text[:80]}
            )
        self.widget.matches = matches[: limit()]
        if len(matches) > limit():
            message = ngettext(
                "More than %(count)d match “%(text)s”; type more of the name.",
                "More than %(count)d match “%(text)s”; type more of the name.",
                limit(),
            )
        else:
            message = ngettext(
                "%(count)d matches “%(text)s”; choose one below.",
                "%(count)d match “%(text)s”; choose one below.",
                len(matches),
            )
        count = limit() if len(matches) > limit() else len(matches)
        params = {"count": count, "text": text[:80]}
        raise forms.ValidationError(message, "ambiguous", params=params)
