"""The support organisation's work with the teams: rounds of dot voting on support needs,
advisory requests (Beratungsangebot) and partner workshops open to several teams.

Rounds, needs and partner events belong to the support organisation, not to a team; what a
team puts in (its ballot, its requests, its people's registrations) hangs off the team or
the person and goes with them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Round(models.Model):
    """A dot vote on support needs. Results are hidden until ``closes_at`` has passed."""

    class Voter(models.TextChoices):
        MEMBER = "member", _("each member")
        TEAM = "team", _("each team")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    voter = models.CharField(_("who votes"), max_length=10, choices=Voter.choices)
    dots_per_voter = models.PositiveSmallIntegerField(_("dots per voter"), default=8)
    max_dots_per_need = models.PositiveSmallIntegerField(_("at most dots per need"), default=3)
    proposals_until = models.DateTimeField(
        _("teams may add needs until"),
        null=True,
        blank=True,
        help_text=_("Empty: only the support organisation adds needs."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-closes_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(dots_per_voter__gte=1), name="round_has_dots"),
            models.CheckConstraint(condition=Q(max_dots_per_need__gte=1), name="round_need_cap"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def takes_proposals(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.proposals_until is not None
            and now < self.proposals_until
            and not self.is_closed(now)
        )


class Need(models.Model):
    """A support need in a round, grouped by topic (a package or a free topic)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DELIVERED = "delivered", _("delivered")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="needs")
    topic = models.CharField(_("topic"), max_length=200)
    step = models.ForeignKey(
        "packages.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("need"), max_length=200)
    description = models.TextField(_("short description"), blank=True, max_length=2000)
    order = models.PositiveIntegerField(default=0)
    proposed_by = models.ForeignKey(
        "teams.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    forum_category = models.ForeignKey(
        "forum.Category", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    event = models.ForeignKey(
        "support.PartnerEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    content_change = models.CharField(_("package content change"), max_length=300, blank=True)
    offline_dots = models.PositiveSmallIntegerField(
        _("dots given on paper"),
        default=0,
        help_text=_("For a round held in a meeting: the dots recorded in its minutes."),
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Ballot(models.Model):
    """One voter's dots in a round: a member's own, or their team's (one per team).

    ``dots_used`` is kept equal to the sum of the allocations by ``ballot_cast``, which
    locks the row; the check constraint refuses more dots than the round gives, whatever
    happens concurrently."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    dots_limit = models.PositiveSmallIntegerField()
    dots_used = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    team_lookup = "team"

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(dots_used__lte=F("dots_limit")), name="ballot_within_dots"
            ),
            models.UniqueConstraint(
                fields=["round", "team"], condition=Q(user__isnull=True), name="one_team_ballot"
            ),
            models.UniqueConstraint(
                fields=["round", "user"], condition=Q(user__isnull=False), name="one_member_ballot"
            ),
        ]


class Allocation(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="allocations")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="allocations")
    dots = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "need"], name="one_allocation_per_need"),
            models.CheckConstraint(condition=Q(dots__gte=1), name="allocation_has_dots"),
        ]


class AdviceRequest(models.Model):
    """A team's question to the support organisation. Staff see only what is in it."""

    class State(models.TextChoices):
        NEW = "new", _("new")
        ASSIGNED = "assigned", _("assigned")
        WAITING = "waiting", _("waiting for the team")
        DONE = "done", _("done")

    class Urgency(models.TextChoices):
        LOW = "low", _("no hurry")
        NORMAL = "normal", _("within a week")
        HIGH = "high", _("urgent")

    class Contact(models.TextChoices):
        REPLY = "reply", _("reply here")
        CALL = "call", _("phone call")
        VIDEO = "video", _("video call")

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    step = models.ForeignKey(
        "packages.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    question = models.TextField(_("question"), max_length=5000)
    tried = models.TextField(_("what you have tried"), blank=True, max_length=5000)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    contact = models.CharField(
        _("preferred way to talk"), max_length=8, choices=Contact.choices, default=Contact.REPLY
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    first_answer_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    team_summary = models.CharField(_("the team's summary"), max_length=300, blank=True)
    staff_summary = models.CharField(
        _("the support organisation's summary"), max_length=300, blank=True
    )
    share_consent = models.BooleanField(
        _("may be shared with other teams without names"), default=False
    )
    shared_thread = models.ForeignKey(
        "forum.Thread", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_practice = models.ForeignKey(
        "forum.Practice", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    team_lookup = "team"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return self.topic or str(self.step or "")


class AdviceMessage(models.Model):
    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_staff = models.BooleanField(default=False)
    text = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    team_lookup = "request__team"

    class Meta:
        ordering = ["created_at", "pk"]


def _attachment_path(instance, filename: str) -> str:
    # A random name under MEDIA_ROOT (outside the web root); the original name stays in the row.
    return f"support/{secrets.token_hex(16)}"


class AdviceAttachment(models.Model):
    """A file in a request's thread, from the team or the support organisation. Checked by
    content (``core.uploads``) and served only to the team and support staff."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    from_staff = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    team_lookup = "request__team"

    class Meta:
        ordering = ["created_at", "pk"]


class PartnerOrganisation(models.Model):
    """An organisation that runs workshops for several teams (e.g. a democracy NGO).
    Its people publish and run only their own events."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partner_organisations"
    )

    def __str__(self) -> str:
        return self.name


class PartnerEvent(models.Model):
    class Format(models.TextChoices):
        ONLINE = "online", _("online")
        IN_PERSON = "in_person", _("in person")

    class Audience(models.TextChoices):
        ALL = "all", _("all teams")
        STATES = "states", _("teams in some federal states")
        STEP = "step", _("teams at a given step")

    organisation = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    link = models.URLField(
        _("link to the online room"),
        blank=True,
        max_length=500,
        help_text=_("Shown only to registered people."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))
    registration_until = models.DateTimeField(_("registration until"))
    audience = models.CharField(
        _("for whom"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    states = models.JSONField(_("federal states"), default=list, blank=True)
    step = models.ForeignKey(
        "packages.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    materials_link = models.URLField(_("materials (link)"), blank=True, max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EventMaterial(models.Model):
    """The materials file of a past workshop (one per event; a new upload replaces it).
    Checked and stored like the forum's attachments; shown like the materials link."""

    event = models.OneToOneField(PartnerEvent, on_delete=models.CASCADE, related_name="material")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(PartnerEvent, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(null=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    feedback = models.TextField(blank=True, max_length=2000)
    reminded_at = models.DateTimeField(null=True, blank=True)

    team_lookup = "team"

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="rating_one_to_five",
            ),
        ]
