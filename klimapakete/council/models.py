"""A team's climate-council profile, its versions and its way from motion to first meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CouncilProfile(models.Model):
    """One per team: the working draft of the profile (``profile.Profile`` as JSON)."""

    team = models.OneToOneField(
        "teams.Team", on_delete=models.CASCADE, related_name="council_profile"
    )
    data = models.JSONField(default=dict)
    # Raised by every save; a save over an older revision is refused (two people editing).
    revision = models.PositiveIntegerField(default=1)
    selection = models.ForeignKey(
        "selection.Selection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("citizen selection for the seats drawn by lot"),
    )
    round_table = models.ForeignKey(
        "workshops.RoundTable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("meeting series"),
    )
    # Checklist items the team chose not to tick although a stage offered them.
    dismissed_items = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("climate-council profile")
        verbose_name_plural = _("climate-council profiles")

    def __str__(self) -> str:
        return f"{self.team}: {self.data.get('name', '')}"


class ProfileVersion(models.Model):
    """A snapshot the team kept, e.g. the draft shown to the party groups."""

    team_lookup = "profile__team"

    profile = models.ForeignKey(CouncilProfile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    note = models.CharField(_("what this version is"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="unique_profile_version")
        ]
        verbose_name = _("profile version")
        verbose_name_plural = _("profile versions")

    def __str__(self) -> str:
        return f"{self.profile_id} v{self.number}"


class Milestone(models.Model):
    """A stage reached on the way from motion to first meeting, with its evidence."""

    team_lookup = "profile__team"

    class Stage(models.TextChoices):
        DISCUSSED = "discussed", _("discussed with party groups")
        SUBMITTED = "submitted", _("motion submitted")
        ON_AGENDA = "on_agenda", _("on the agenda")
        DECIDED = "decided", _("decided")
        APPOINTED = "appointed", _("members appointed")
        CONSTITUTED = "constituted", _("constituted")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", pgettext_lazy("council decision", "adopted")
        CHANGED = "changed", pgettext_lazy("council decision", "adopted with changes")
        REJECTED = "rejected", pgettext_lazy("council decision", "rejected")

    class Variant(models.TextChoices):
        GROUP = "group", _("motion of party groups")
        ADMINISTRATION = "administration", _("draft resolution of the administration")
        RESIDENTS = "residents", _("resident motion")

    profile = models.ForeignKey(CouncilProfile, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    date = models.DateField(_("date"))
    who = models.CharField(_("who or which body"), max_length=200, blank=True)
    variant = models.CharField(_("motion"), max_length=16, choices=Variant.choices, blank=True)
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    adopted_text = models.TextField(_("adopted text"), blank=True)
    file_data = models.BinaryField(null=True, blank=True, editable=False)
    file_name = models.CharField(max_length=200, blank=True)
    # The version of the profile that was submitted (kept automatically on submission).
    version = models.ForeignKey(
        ProfileVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conversations = models.ManyToManyField(
        "actors.Conversation", blank=True, related_name="+", verbose_name=_("conversations")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "created_at"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.date}"

    @property
    def has_file(self) -> bool:
        return bool(self.file_name)
