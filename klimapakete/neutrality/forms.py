"""Forms of the neutrality tool: boundary, influence matrix, baseline frame and entries."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from . import definition as d
from . import labels
from .balance_import import parse_number
from .calc import DIRECT
from .models import BaselineEntry
from .reference import load_budgets


def _choices(group: str, values) -> list[tuple[str, str]]:
    return [(v, labels.CHOICES[group][v][0]) for v in values]


class GermanNumberField(forms.CharField):
    """A number typed as people do ("1.234,5")."""

    def __init__(self, *, minimum: float | None = None, **kwargs):
        self.minimum = minimum
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "maxlength": "30"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 30:
            raise forms.ValidationError(_("Enter a number, e.g. 1.234,5."))
        try:
            number = parse_number(value)
        except ValueError:
            raise forms.ValidationError(_("Enter a number, e.g. 1.234,5.")) from None
        if self.minimum is not None and number < self.minimum:
            raise forms.ValidationError(_("The number must not be negative."))
        return number


class BoundaryForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Accounting basis"), choices=_choices("basis", d.BASES), widget=forms.RadioSelect
    )
    gases = forms.ChoiceField(
        label=_("Gases"), choices=_choices("gases", d.GASES), widget=forms.RadioSelect
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors counted"),
        choices=[(s, labels.SECTORS[s]) for s in d.SECTORS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Process emissions, agriculture, land use and waste count only in the Einflussbilanz."
        ),
    )
    electricity = forms.ChoiceField(
        label=_("Electricity"),
        choices=_choices("electricity", d.ELECTRICITY),
        widget=forms.RadioSelect,
    )
    residual = forms.ChoiceField(
        label=_("Remaining emissions"),
        choices=_choices("residual", d.RESIDUAL),
        widget=forms.RadioSelect,
    )
    scope = forms.ChoiceField(
        label=_("Whose target"), choices=_choices("scope", d.SCOPES), widget=forms.RadioSelect
    )
    target_year = forms.IntegerField(label=_("Target year"), min_value=2025, max_value=2060)
    administration_year = forms.IntegerField(
        label=_("Target year of the administration"),
        min_value=2025,
        max_value=2060,
        required=False,
        help_text=_("Only when the target covers both, with different years."),
    )
    residual_percent = GermanNumberField(
        label=_("Residual in the target year (% of the baseline)"),
        minimum=0.1,
        help_text=_("What is left for sinks to balance; often 5 to 10 %."),
    )
    wording = forms.ChoiceField(
        label=_("Wording"), choices=_choices("wording", d.WORDING), widget=forms.RadioSelect
    )

    def clean(self):
        data = super().clean()
        if data.get("scope") == "both" and not data.get("administration_year"):
            self.add_error(
                "administration_year", _("Enter the year for the administration and its companies.")
            )
        percent = data.get("residual_percent")
        if percent is not None and percent > 50:
            self.add_error("residual_percent", _("At most 50 %."))
        return data

    def boundary(self) -> d.Boundary:
        data = self.cleaned_data
        return d.Boundary(
            basis=data["basis"],
            gases=data["gases"],
            sectors=[s for s in d.SECTORS if s in data["sectors"]],
            electricity=data["electricity"],
            residual=data["residual"],
            target_year=data["target_year"],
            scope=data["scope"],
            administration_year=data["administration_year"] if data["scope"] == "both" else None,
            wording=data["wording"],
            residual_percent=data["residual_percent"],
        )

    @classmethod
    def initial_from(cls, boundary: d.Boundary) -> dict:
        initial = dict(vars(boundary))
        initial["residual_percent"] = f"{boundary.residual_percent:g}".replace(".", ",")
        return initial


class InfluenceForm(forms.Form):
    """One choice per sector and role: ``<sector>__<role>``."""

    def __init__(self, *args, sectors: list[str], influence: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors = sectors
        for sector in sectors:
            for role in d.ROLES:
                self.fields[f"{sector}__{role}"] = forms.ChoiceField(
                    label=f"{labels.SECTORS[sector]}: {labels.ROLES[role]}",
                    choices=list(labels.INFLUENCE.items()),
                    initial=influence.get(sector, {}).get(role, "little"),
                )

    def rows(self):
        return [
            (sector, labels.SECTORS[sector], [self[f"{sector}__{role}"] for role in d.ROLES])
            for sector in self.sectors
        ]

    def influence(self, current: dict) -> dict:
        result = {s: dict(r) for s, r in current.items()}
        for name, value in self.cleaned_data.items():
            sector, role = name.split("__")
            result.setdefault(sector, {})[role] = value
        return result


class FrameForm(forms.Form):
    base_year = forms.IntegerField(label=_("Base year"), min_value=1990, max_value=2030)
    population = forms.IntegerField(
        label=_("Inhabitants in the base year"), min_value=1, max_value=10_000_000
    )
    budget_key = forms.ChoiceField(label=_("Remaining national CO2 budget"))

    def __init__(self, *args, language: str = "de", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_key"].choices = [
            (b.key, b.label(language)) for b in load_budgets().budgets
        ]


UNITS = [("MWh", "MWh"), ("kWh", "kWh"), ("GWh", "GWh"), ("t", "t CO2e")]


class EntryForm(forms.Form):
    sector = forms.ChoiceField(label=pgettext_lazy("balance", "Sector"))
    carrier = forms.ChoiceField(label=_("Energy carrier"))
    amount = GermanNumberField(label=_("Amount"))
    unit = forms.ChoiceField(label=_("Unit"), choices=UNITS, initial="MWh")
    quality = forms.ChoiceField(
        label=_("Data quality"), choices=BaselineEntry.Quality.choices, initial="D"
    )

    def __init__(self, *args, sectors: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [(s, labels.SECTORS[s]) for s in sectors]
        self.fields["carrier"].choices = list(labels.carriers().items())

    def clean(self):
        data = super().clean()
        carrier, unit, amount = data.get("carrier"), data.get("unit"), data.get("amount")
        if carrier and unit and (carrier == DIRECT) != (unit == "t"):
            self.add_error(
                "unit",
                _("Energy carriers are entered in kWh, MWh or GWh; direct entries in t CO2e."),
            )
        if (
            amount is not None
            and amount < 0
            and not (carrier == DIRECT and data.get("sector") == "land_use")
        ):
            self.add_error("amount", _("Only land use may be negative (a sink)."))
        return data


class FactorForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Energy carrier"))
    value = GermanNumberField(
        label=_("g CO2e per kWh"), minimum=0, required=False, help_text=_("Empty: BISKO default.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        carriers = labels.carriers()
        carriers.pop(DIRECT)
        self.fields["carrier"].choices = list(carriers.items())


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Balance as CSV, XLSX or ODS"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = settings.NEUTRALITY_MAX_ENTRIES
        self.fields["file"].help_text = ngettext(
            "At most %(mb)s MB and %(rows)s row. The import replaces all entries.",
            "At most %(mb)s MB and %(rows)s rows. The import replaces all entries.",
            rows,
        ) % {"mb": settings.TABLE_MAX_MB, "rows": rows}
