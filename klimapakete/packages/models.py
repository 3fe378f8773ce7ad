"""Package content (from versioned files) and each team's progress through it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Package(models.Model):
    key = models.SlugField(unique=True)
    version = models.PositiveIntegerField(default=1)
    order = models.PositiveIntegerField(default=0)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_de = models.TextField(_("summary (German)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("package")
        verbose_name_plural = _("packages")

    def __str__(self) -> str:
        return self.title_de


class Step(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField()
    order = models.PositiveIntegerField(default=0)
    tool = models.CharField(
        _("tool"), max_length=100, blank=True, help_text=_("URL name of the step's tool page.")
    )
    duration_weeks = models.PositiveIntegerField(null=True, blank=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_de = models.TextField(_("summary (German)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    guide_de = models.TextField(_("guide (German)"), blank=True)
    guide_en = models.TextField(_("guide (English)"), blank=True)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["package", "order"]
        constraints = [models.UniqueConstraint(fields=["package", "key"], name="unique_step_key")]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return f"{self.package.key}/{self.key}"

    @property
    def number(self) -> str:
        """A1, A2, … B1: the package letter (by package order) and the step's position."""
        return f"{chr(64 + self.package.order) if self.package.order else ''}{self.order}"


class ChecklistItem(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField()
    order = models.PositiveIntegerField(default=0)
    text_de = models.CharField(_("text (German)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)
    hint_de = models.CharField(_("hint (German)"), max_length=300, blank=True)
    hint_en = models.CharField(_("hint (English)"), max_length=300, blank=True)
    archived = models.BooleanField(
        default=False, help_text=_("Removed from the content; teams' progress is kept.")
    )

    class Meta:
        ordering = ["step", "order"]
        constraints = [models.UniqueConstraint(fields=["step", "key"], name="unique_item_key")]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text_de


class Resource(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="resources")
    order = models.PositiveIntegerField(default=0)
    title_de = models.CharField(_("title (German)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    url = models.URLField(blank=True, max_length=500)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["step", "order"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return self.title_de


class Adoption(models.Model):
    """A team follows a package."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="adoptions")
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="adoptions")
    adopted_at = models.DateTimeField(auto_now_add=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "package"], name="unique_adoption")]
        ordering = ["package__order"]


class ItemProgress(models.Model):
    """A team's state of one checklist item: done, assignee, due date, note."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="item_progress")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="progress")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_items",
        verbose_name=_("assigned to"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "item"], name="unique_item_progress")
        ]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
