"""The actor map: sectors, actors, relationships, conversations, the administration."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from klimapakete.core.sorting import name_key

SECTOR_COLOURS = [
    "#1b6ca8",  # blue
    "#b5451b",  # rust
    "#6a3d9a",  # purple
    "#2e7d32",  # green
    "#a07700",  # ochre
    "#ad1457",  # raspberry
    "#00838f",  # teal
    "#5d4037",  # brown
    "#455a64",  # slate
]


class Sector(models.Model):
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="sectors")
    name = models.CharField(_("name"), max_length=80)
    colour = models.CharField(_("colour"), max_length=7, default=SECTOR_COLOURS[0])
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="unique_sector_name")]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class Stance(models.IntegerChoices):
    STRONGLY_AGAINST = -2, _("strongly against")
    AGAINST = -1, _("rather against")
    NEUTRAL = 0, _("neutral or unknown")
    FOR = 1, _("rather for")
    STRONGLY_FOR = 2, _("strongly for")


class Ladder(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    CONTACTED = "contacted", _("contacted")
    CONVERSATION = "conversation", _("conversation held")
    SUPPORTIVE = "supportive", _("supportive")
    COMMITTED = "committed", _("committed")
    ACTIVE = "active", _("active in the alliance")


SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class ActorQuerySet(models.QuerySet):
    def organisations(self):
        return self.filter(kind=Actor.Kind.ORGANISATION)

    def people(self):
        return self.filter(kind=Actor.Kind.PERSON)

    def allies(self):
        return self.filter(
            models.Q(ladder__in=[Ladder.SUPPORTIVE, Ladder.COMMITTED, Ladder.ACTIVE])
            | models.Q(is_team_contact=True)
        )


class Actor(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        PERSON = "person", _("person")

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="actors")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    # The name as the list sorts it (core.sorting), stored and indexed: a team's list is
    # ordered by it without computing the key for thousands of rows per page.
    sort_name = models.GeneratedField(
        expression=name_key("name"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
    )
    organisation = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        limit_choices_to={"kind": "organisation"},
        verbose_name=_("organisation"),
    )
    position = models.CharField(_("role or position"), max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actors",
        verbose_name=_("sector"),
    )
    stance = models.SmallIntegerField(
        _("stance on local climate neutrality"), choices=Stance.choices, default=Stance.NEUTRAL
    )
    power = models.PositiveSmallIntegerField(
        _("power / influence"), default=3, validators=SCALE, help_text=_("1 = little, 5 = a lot")
    )
    ease = models.PositiveSmallIntegerField(
        _("how easy to win"), default=3, validators=SCALE, help_text=_("1 = hard, 5 = easy")
    )
    interests = models.TextField(_("interests"), blank=True, max_length=4000)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actors",
        verbose_name=_("contact owner in the team"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=8000)
    ladder = models.CharField(
        _("ladder of engagement"), max_length=12, choices=Ladder.choices, default=Ladder.IDENTIFIED
    )
    is_team_contact = models.BooleanField(
        _("already in contact with the team"),
        default=False,
        help_text=_("Someone in the team knows this actor well and can talk to them."),
    )
    contact_rhythm_days = models.PositiveSmallIntegerField(
        _("contact rhythm (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("How often the team wants to be in touch; empty for no reminder."),
    )
    public_consent = models.BooleanField(
        _("agreed to be named publicly"),
        default=False,
        help_text=_(
            "Only then is the organisation named on the Kompass and the public alliance page."
        ),
    )
    public_consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    recruit_rank = models.PositiveIntegerField(
        _("manual position in the recruitment order"), null=True, blank=True
    )
    unit = models.ForeignKey(
        "AdminUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actors",
        verbose_name=_("place in the administration"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["team", "name"]),
            models.Index(fields=["team", "sort_name", "id"]),
            # The ladder's columns (actors.analysis.selectors.pipeline_data): the counts
            # per step and each step's most powerful actors, read from the index alone.
            models.Index(
                fields=["team", "ladder", "-power", "name", "id"],
                name="actor_team_ladder_power_idx",
            ),
        ]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return self.name

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class ActorChange(models.Model):
    """History of an actor: who changed which fields when (values are not kept)."""

    team_lookup = "actor__team"

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    fields = models.JSONField(default=list)
    created = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at"]


class Relationship(models.Model):
    class Kind(models.TextChoices):
        WORKS_FOR = "works_for", _("works for")
        MEMBER_OF = "member_of", _("member of")
        KNOWS = "knows", _("knows personally")
        INFLUENCES = "influences", _("influences")
        FUNDS = "funds", _("funds / finances")
        ADVISES = "advises", _("advises")
        PARTY_COLLEAGUE = "party_colleague", _("party colleague")
        FAMILY = "family", _("family")
        OPPONENT = "opponent", _("opponent of")

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="relationships")
    source = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("to")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.KNOWS)
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        default=2,
        choices=[(1, _("weak")), (2, _("medium")), (3, _("strong"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="unique_relationship"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="relationship_not_self"
            ),
        ]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")

    @property
    def directed(self) -> bool:
        return self.kind not in {self.Kind.KNOWS, self.Kind.PARTY_COLLEAGUE, self.Kind.FAMILY}


class Conversation(models.Model):
    """An organizing conversation (one-to-one) with an actor, and its next step."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="conversations")
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("actor")
    )
    date = models.DateField(_("date"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who from the team"),
    )
    interests_heard = models.TextField(_("interests heard"), blank=True, max_length=4000)
    ask = models.TextField(_("what we asked for"), blank=True, max_length=2000)
    answer = models.TextField(_("the answer"), blank=True, max_length=2000)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversation_steps",
        verbose_name=_("next step owner"),
    )
    next_step_done = models.BooleanField(_("next step done"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")


class AdminUnit(models.Model):
    """A part of the municipality: council, committee, party group, mayor, department, …"""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("council")
        COMMITTEE = "committee", _("committee")
        PARTY_GROUP = "party_group", _("party group")
        MAYOR = "mayor", pgettext_lazy("administration", "mayor's office")
        DEPARTMENT = "department", _("department")
        CLIMATE_OFFICE = "climate_office", _("climate office")
        COMPANY = "company", _("municipal company")
        OTHER = "other", _("other")

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="admin_units")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return self.name


class ApproachStep(models.Model):
    """One step of the team's plan for whom to approach for a climate council."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        BLOCKED = "blocked", _("blocked")

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="approach_steps")
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.CASCADE, related_name="approach_steps"
    )
    unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="approach_steps"
    )
    order = models.PositiveIntegerField(default=0)
    reason_code = models.CharField(max_length=60, blank=True)
    reason_params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["order"]


class DigestOptOut(models.Model):
    """A member who does not want the weekly actor-map digest of this team."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="digest_opt_outs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_opt_outs"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_digest_opt_out")
        ]
