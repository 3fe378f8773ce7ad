"""A team's definition of local climate neutrality and the entries of its baseline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Definition(models.Model):
    """One per team: boundary and influence (``definition.Definition`` as JSON), the
    baseline's frame and the factors the team changed."""

    team = models.OneToOneField(
        "teams.Team", on_delete=models.CASCADE, related_name="neutrality_definition"
    )
    data = models.JSONField(default=dict)
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    population = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    # carrier -> g CO2e/kWh; any change to a default breaks BISKO conformity
    factor_overrides = models.JSONField(default=dict, blank=True)
    factors_version = models.CharField(max_length=20, blank=True)
    budget_key = models.CharField(_("remaining budget"), max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("definition of climate neutrality")
        verbose_name_plural = _("definitions of climate neutrality")

    def __str__(self) -> str:
        return str(self.team)


class BaselineEntry(models.Model):
    """Final energy of one sector and carrier in the base year (MWh), or tonnes CO2e for
    entries booked directly (carrier ``direct``)."""

    team_lookup = "definition__team"

    class Quality(models.TextChoices):
        A = "A", _("A – local primary data")
        B = "B", _("B – primary data and extrapolation")
        C = "C", _("C – regional or typical values")
        D = "D", _("D – national averages")

    definition = models.ForeignKey(Definition, on_delete=models.CASCADE, related_name="entries")
    sector = models.CharField(pgettext_lazy("balance", "sector"), max_length=20)
    carrier = models.CharField(_("energy carrier"), max_length=30)
    amount = models.FloatField(_("amount"))
    quality = models.CharField(
        _("data quality"), max_length=1, choices=Quality.choices, default=Quality.D
    )

    class Meta:
        ordering = ["sector", "carrier", "pk"]
        verbose_name = _("baseline entry")
        verbose_name_plural = _("baseline entries")

    def __str__(self) -> str:
        return f"{self.sector}/{self.carrier}: {self.amount}"
