"""Kick-off workshops (participants, agenda, breakout plan, results) and round tables."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Personal links stay valid this many days after the workshop.
LINK_DAYS_AFTER = 14


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Workshop(models.Model):
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), default=time(14, 0))
    place = models.CharField(_("place"), max_length=300, blank=True)
    facilitators = models.CharField(
        _("facilitators"),
        max_length=300,
        blank=True,
        help_text=_("Who leads the day, e.g. an external facilitator and a person from the team."),
    )
    shared_goal = models.TextField(_("shared goal"), blank=True, max_length=2000)
    decisions = models.TextField(
        _("decisions of the day"), blank=True, max_length=8000, help_text=_("Markdown.")
    )
    goal_adopted = models.BooleanField(
        _("show the shared goal as the alliance's goal on the team dashboard"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title

    @property
    def links_expire_on(self):
        return self.date + timedelta(days=LINK_DAYS_AFTER)


class ParticipantQuerySet(models.QuerySet):
    def taking_part(self):
        """Everyone who is expected at the tables (not declined, not cancelled)."""
        return self.exclude(status__in=[Participant.Status.DECLINED, Participant.Status.CANCELLED])


class Participant(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled at short notice")

    team_lookup = "workshop__team"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(
        "actors.Actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_participations",
        verbose_name=_("actor"),
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.ForeignKey(
        "actors.Sector",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sector"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    is_host = models.BooleanField(
        _("table host"), default=False, help_text=_("Stays at the same table in every round.")
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "actor"],
                condition=models.Q(actor__isnull=False),
                name="unique_workshop_actor",
            )
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name

    @property
    def taking_part(self) -> bool:
        return self.status not in (self.Status.DECLINED, self.Status.CANCELLED)


class AgendaBlock(models.Model):
    class Kind(models.TextChoices):
        ARRIVAL = "arrival", _("arrival")
        WELCOME = "welcome", _("welcome and vision")
        ROUND = "round", _("breakout round")
        BREAK = "break", _("break")
        PLENARY = "plenary", _("plenary")
        GOAL = "goal", _("shared goal")
        NEXT = "next", _("next steps")
        OTHER = "other", _("other")

    team_lookup = "workshop__team"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agenda block")
        verbose_name_plural = _("agenda blocks")

    def __str__(self) -> str:
        return self.title


class BreakoutPlan(models.Model):
    """The current seating of a workshop: ``rounds[t][g]`` lists participant ids (strings)."""

    team_lookup = "workshop__team"

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="plan")
    rounds = models.JSONField(default=list)
    group_size = models.PositiveSmallIntegerField(default=5)
    held_rounds = models.PositiveSmallIntegerField(default=0)
    metrics = models.JSONField(default=dict)
    # Seat changes of the last re-plan: [{"id": "12", "round": 3, "from": 2, "to": 4}, ...]
    moves = models.JSONField(default=list, blank=True)
    method = models.CharField(max_length=40, blank=True)
    seconds = models.FloatField(default=0)
    seed = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("breakout plan")
        verbose_name_plural = _("breakout plans")


class RoundTable(models.Model):
    """A recurring meeting series of the alliance (Stammtisch / Runder Tisch)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly (same weekday of the month)")

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="round_tables")
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=300, blank=True)
    frequency = models.CharField(
        _("rhythm"), max_length=8, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 = every week or month, 2 = every second one, …"),
    )
    first_date = models.DateField(_("first meeting"))
    start_time = models.TimeField(_("start time"), default=time(18, 0))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("round table")
        verbose_name_plural = _("round tables")

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    team_lookup = "round_table__team"

    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("start"))
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Empty: the series' usual place.")
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000, help_text=_("Markdown."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.round_table.duration_minutes)

    @property
    def where(self) -> str:
        return self.place or self.round_table.place

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()


class ActionItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DELAYED = "delayed", _("delayed")

    team_lookup = "round_table__team"

    round_table = models.ForeignKey(
        RoundTable, on_delete=models.CASCADE, related_name="action_items"
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("decided at"),
    )
    title = models.CharField(_("action item"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    public = models.BooleanField(
        _("public milestone"),
        default=False,
        help_text=_("Shown on the Kompass and the public alliance page while it is open."),
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """The secret address of a team's iCalendar feed (round tables and workshops)."""

    team = models.OneToOneField(
        "teams.Team", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)


class AddressConfirmation(models.Model):
    """An address typed in freely for an invitation: it gets one mail asking to confirm,
    and invitations only after ``confirmed_at`` is set (no spam relay for strangers)."""

    team_lookup = "team"

    team = models.ForeignKey(
        "teams.Team", on_delete=models.CASCADE, related_name="address_confirmations"
    )
    email = models.CharField(max_length=254)
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "email"], name="workshops_confirmation_once")
        ]
