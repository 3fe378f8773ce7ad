"""Forms of the import: the upload and the column mapping."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klimapakete.actors.importing import plan as import_plan
from klimapakete.actors.importing.columns import COLUMNS, labels
from klimapakete.actors.importing.plan import (
    NEW_SECTOR,
    NO_SECTOR,
    NO_VALUE,
    SectorValue,
    UnknownValue,
)
from klimapakete.tables import Table

TARGET_LABELS = {what: labels(what) for what in COLUMNS}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class UploadForm(forms.Form):
    what = forms.ChoiceField(
        label=gettext_lazy("What does the file contain?"),
        choices=[
            ("actors", gettext_lazy("Actors (people and organisations)")),
            ("relationships", gettext_lazy("Relationships between actors")),
        ],
        initial="actors",
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("File (CSV, Excel .xlsx or OpenDocument .ods)"),
        help_text=gettext_lazy("At most 5 MB and 20,000 rows; the first row holds the headings."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,.xlsx,.ods,text/csv"}),
    )
    sheet = forms.CharField(
        label=gettext_lazy("Sheet (Excel only)"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Leave empty for the first sheet."),
    )


DUPLICATE_CHOICES = {
    "actors": [
        ("skip", gettext_lazy("Skip rows whose name the actor map already has")),
        ("update", gettext_lazy("Update the existing actor (empty cells keep its values)")),
        ("create", gettext_lazy("Add them anyway as further actors")),
    ],
    "relationships": [
        ("skip", gettext_lazy("Skip relationships that are already recorded")),
        ("update", gettext_lazy("Update their strength and note")),
    ],
}


class MappingForm(forms.Form):
    duplicates = forms.ChoiceField(
        label=gettext_lazy("Names or relationships that exist already"),
        widget=forms.RadioSelect,
        initial="skip",
    )

    def __init__(self, *args, table: Table, what: str, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        labels = TARGET_LABELS[what]
        choices = [("", _("— ignore —")), *((t, labels[t]) for t in labels)]
        self.columns = []
        for index, heading in enumerate(table.header):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=heading or _column_letter(index),
                choices=choices,
                required=False,
                initial=initial_mapping[index] if index < len(initial_mapping) else "",
            )
            self.columns.append(
                {
                    "letter": _column_letter(index),
                    "heading": heading,
                    "samples": table.samples(index),
                    "field": name,
                }
            )
        self.fields["duplicates"].choices = DUPLICATE_CHOICES[what]
        if what == "actors":
            self.fields["create_sectors"] = forms.BooleanField(
                label=gettext_lazy("Create missing sectors"),
                required=False,
                help_text=gettext_lazy(
                    "Sectors named in the file that your team does not have yet are added."
                ),
            )
        self.what = what
        self.column_count = len(table.header)

    def bound_columns(self):
        return [dict(c, bound=self[c["field"]]) for c in self.columns]

    def clean(self):
        data = super().clean()
        mapping = [data.get(f"col_{i}") or "" for i in range(self.column_count)]
        labels = TARGET_LABELS[self.what]
        for target in {t for t in mapping if t}:
            if mapping.count(target) > 1:
                raise forms.ValidationError(
                    _("“%(field)s” is chosen for more than one column.") % {"field": labels[target]}
                )
        for target in import_plan.REQUIRED[self.what]:
            if target not in mapping:
                raise forms.ValidationError(
                    _("Please choose the column that holds “%(field)s”.")
                    % {"field": labels[target]}
                )
        data["mapping"] = mapping
        return data


class SectorMappingForm(forms.Form):
    """What each sector value of the file becomes: one of the team's sectors (the
    suggestion is preselected), a new sector, or no sector."""

    def __init__(self, *args, values: list[SectorValue], sectors: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("— please choose —")),
            *((str(pk), name) for pk, name in sorted(sectors.items(), key=lambda s: s[1])),
            (NEW_SECTOR, _("create as a new sector")),
            (NO_SECTOR, _("leave the sector empty")),
        ]
        self.values = values
        for index, value in enumerate(values):
            self.fields[f"sector_{index}"] = forms.ChoiceField(
                label=value.text,
                choices=choices,
                required=True,
                initial="" if value.choice is None else str(value.choice),
            )

    def rows(self):
        return [
            {"value": value, "field": self[f"sector_{index}"]}
            for index, value in enumerate(self.values)
        ]

    def choices(self) -> dict[str, int | str]:
        """``{sector key: sector id, NEW_SECTOR or NO_SECTOR}`` (session-safe)."""
        out: dict[str, int | str] = {}
        for index, value in enumerate(self.values):
            chosen = self.cleaned_data[f"sector_{index}"]
            out[value.key] = int(chosen) if chosen.isdigit() else chosen
        return out


class ValueMappingForm(forms.Form):
    """What each stance, power or ease value of the file that is none of the known words
    becomes: a valid value (the suggestion is preselected) or the field left empty."""

    def __init__(self, *args, values: list[UnknownValue], choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.values = values
        for index, value in enumerate(values):
            initial = value.choice if value.choice is not None else value.suggested
            if initial is None:
                initial = import_plan.VALUE_RANGES[value.target][2]  # the middle value
            self.fields[f"value_{index}"] = forms.ChoiceField(
                label=value.text,
                choices=[
                    *((str(v), label) for v, label in choices[value.target]),
                    (NO_VALUE, _("leave empty")),
                ],
                initial=str(initial),
            )

    def rows(self):
        return [
            {
                "value": value,
                "field": self[f"value_{index}"],
                "target": TARGET_LABELS["actors"][value.target],
            }
            for index, value in enumerate(self.values)
        ]

    def choices(self) -> dict[str, dict[str, int | str]]:
        """``{target: {value key: value or NO_VALUE}}`` (session-safe)."""
        out: dict[str, dict[str, int | str]] = {}
        for index, value in enumerate(self.values):
            chosen = self.cleaned_data[f"value_{index}"]
            out.setdefault(value.target, {})[value.key] = (
                chosen if chosen == NO_VALUE else int(chosen)
            )
        return out
