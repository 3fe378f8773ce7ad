"""Citizen selection by lot (Losverfahren): invitation plan, pool, quotas, runs, draw."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_token() -> str:
    return secrets.token_urlsafe(24)


# A code to type from the letter: no 0/O, 1/I/L, 5/S, 2/Z, 8/B to confuse.
SHORT_CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
SHORT_CODE_LENGTH = 8


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _i in range(SHORT_CODE_LENGTH))


def normalise_short_code(text: str) -> str:
    """Case, spaces and dashes do not count."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class Selection(models.Model):
    class Status(models.TextChoices):
        """open → committed (the draw is fixed, pool locked) → drawn → closed; which
        action is allowed in which state: ``selection.states.GUARDS``."""

        OPEN = "open", _("open")
        COMMITTED = "committed", pgettext_lazy("selection status", "committed")
        DRAWN = "drawn", _("drawn")
        CLOSED = "closed", _("closed")

    class SeedKind(models.TextChoices):
        SECRET = "secret", _("secret seed, published as a SHA-256 hash before the draw")
        PUBLIC = "public", _("a future public random value, declared before the draw")
        PHYSICAL = (
            "physical",
            _(
                "a physical draw in public: dice or numbered balls pick one of M equally "
                "likely panels"
            ),
        )

    class Route(models.TextChoices):
        CITY = "city", _("the city draws from its register and sends the letters (default)")
        EXTRACT = (
            "extract",
            _("exception: the city hands a register extract to the team (§ 46 BMG)"),
        )

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="selections")
    title = models.CharField(_("title"), max_length=160)
    route = models.CharField(
        _("route to the addresses"), max_length=10, choices=Route.choices, default=Route.CITY
    )
    # The team is no legal entity: a named person or a partner organisation asks.
    contact_name = models.CharField(_("contact person"), max_length=160, blank=True)
    partner_organisation = models.CharField(_("partner organisation"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    event_date = models.DateField(_("date of the first meeting"), null=True, blank=True)
    event_place = models.CharField(_("place"), max_length=200, blank=True)
    event_duration = models.CharField(_("duration"), max_length=200, blank=True)
    allowance = models.CharField(_("expense allowance"), max_length=200, blank=True)
    reply_deadline = models.DateField(_("reply deadline"), null=True, blank=True)
    minimum_age = models.PositiveIntegerField(_("minimum age"), default=16)
    panel_size = models.PositiveIntegerField(_("panel size"), default=20)
    letter_multiplier = models.PositiveIntegerField(
        _("letters per seat"),
        default=25,
        help_text=_(
            "Letters per panel seat where one in ten answers; 25 aim at a pool of about "
            "2.5 times the seats."
        ),
    )
    stratify_by = models.ForeignKey(
        "Category",
        verbose_name=_("strata for the letters"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    retention_days = models.PositiveIntegerField(
        _("days to keep personal data after the draw"), default=30
    )
    # The panel members' and their first reserves' data are needed until the event (or
    # the end of the council's term); erased the day after, or when the selection closes.
    members_kept_until = models.DateField(
        _("keep the data of panel members and reserves until"), null=True, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    registration_token = models.CharField(max_length=64, unique=True, default=new_token)
    verification_token = models.CharField(max_length=64, unique=True, default=new_token)
    # set when the letter is first generated (services.short_code)
    short_code = models.CharField(max_length=8, unique=True, null=True, blank=True)
    # Each letter of an address draw carries its own code, good for one registration
    # (selection/letter_codes.py); the selection's short code is then not printed.
    codes_per_letter = models.BooleanField(_("one registration per letter code"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Seed commitment and draw
    seed_kind = models.CharField(max_length=10, choices=SeedKind.choices, blank=True)
    seed_secret = models.CharField(max_length=200, blank=True)
    seed_commitment = models.CharField(max_length=64, blank=True)
    seed_declaration = models.TextField(blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # the computation whose lottery the commitment fixed, and SHA-256 of its distribution.csv
    committed_run = models.ForeignKey(
        "Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    distribution_sha256 = models.CharField(max_length=64, blank=True)
    seed = models.CharField(max_length=200, blank=True)
    drawn_run = models.ForeignKey(
        "Run", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drawn_index = models.PositiveIntegerField(null=True, blank=True)
    drawn_panel = models.JSONField(default=list, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    team_lookup = "selection__team"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("category"), max_length=60)
    order = models.PositiveIntegerField(default=0)
    # e.g. migration background: may reveal ethnic origin (Art. 9 GDPR)
    special = models.BooleanField(_("special-category data (Art. 9 GDPR)"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "name"], name="unique_selection_category")
        ]

    def __str__(self) -> str:
        return self.name


class Value(models.Model):
    """One value of a category with its population share, response rate and quota."""

    team_lookup = "category__selection__team"

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("value"), max_length=60)
    order = models.PositiveIntegerField(default=0)
    population_share = models.DecimalField(
        _("population share (%)"), max_digits=6, decimal_places=2, default=0
    )
    response_rate = models.DecimalField(
        _("expected response rate (%)"), max_digits=6, decimal_places=2, default=10
    )
    quota_min = models.PositiveIntegerField(_("min"), default=0)
    quota_max = models.PositiveIntegerField(_("max"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="unique_category_value")
        ]

    def __str__(self) -> str:
        return self.name


class Respondent(models.Model):
    class Status(models.TextChoices):
        POOL = "pool", _("in the pool")
        SELECTED = "selected", _("selected")
        DROPPED = "dropped", _("dropped out")
        # imported with the same name and contact as someone else: outside every
        # computation until a team member keeps or deletes it
        HELD = "held", _("held back: possible duplicate")

    class Source(models.TextChoices):
        FORM = "form", _("registration form")
        IMPORT = "import", _("import")

    team_lookup = "selection__team"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="respondents")
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=160, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    features = models.JSONField(default=dict)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    consent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.POOL)
    created_at = models.DateTimeField(auto_now_add=True)
    personal_data_deleted_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 of the normalised name and contact (``duplicate_key``), to find the same
    # person registering twice without reading every record; erased with the data.
    match_key = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "number"], name="unique_respondent_number")
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def duplicate_key(self) -> tuple[str, str]:
        return duplicate_key(self.name, self.contact)


def duplicate_key(name: str, contact: str) -> tuple[str, str]:
    """Name and contact as compared for duplicates: case, spaces and, in a phone number,
    everything but digits do not count."""
    contact = " ".join(contact.casefold().split())
    if "@" not in contact:
        digits = "".join(ch for ch in contact if ch.isdigit())
        contact = digits or contact
    return (" ".join(name.casefold().split()), contact)


def match_key(name: str, contact: str) -> str:
    if not name.strip() and not contact.strip():
        return ""
    return hashlib.sha256("\0".join(duplicate_key(name, contact)).encode()).hexdigest()


class RegistrationAttempt(models.Model):
    """A post of the public registration form, kept briefly for the rate limit per client.

    Only a keyed hash of the client address is stored, never the address itself.
    """

    client = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class Run(models.Model):
    """One LEXIMIN computation on a snapshot of the pool and quotas (``instance``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")
        FAILED = "failed", _("failed")

    class ResultStatus(models.TextChoices):
        OPTIMAL = "optimal", _("optimal")
        TIME_LIMIT = "time_limit", _("stopped at the time limit")

    class Method(models.TextChoices):
        """How optimality was established."""

        RELAXATION = "relaxation", _("bound of the relaxation reached")
        COLUMN_GENERATION = "column_generation", _("column generation")

    # ``error`` of a run whose worker stopped answering (a crash, a restart, a deploy)
    WORKER_LOST = "worker_lost"

    team_lookup = "selection__team"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    instance = models.JSONField()
    cancel_requested = models.BooleanField(default=False)
    iterations = models.PositiveIntegerField(default=0)
    stage = models.PositiveIntegerField(default=0)
    current_minimum = models.FloatField(null=True, blank=True)
    # Written with every progress update; a running run that stays silent has lost its
    # worker (a restart or deploy) and can then be cancelled.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    result_status = models.CharField(max_length=20, choices=ResultStatus.choices, blank=True)
    method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    distribution = models.JSONField(default=list, blank=True)
    probabilities = models.JSONField(default=dict, blank=True)
    min_probability = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING) and not self.lost

    @property
    def lost(self) -> bool:
        """Running, but the worker has been silent too long (or was marked so)."""
        if self.status == self.Status.FAILED:
            return self.error == self.WORKER_LOST
        if self.status != self.Status.RUNNING:
            return False
        last = self.heartbeat_at or self.created_at
        return last < timezone.now() - timedelta(seconds=settings.SELECTION_RUN_STALE_SECONDS)


class RoundedLottery(models.Model):
    """A finished lottery rounded to ``panels`` equally likely panels, for a physical draw;
    the team sees how much it changes anyone's chance before committing to it."""

    team_lookup = "run__selection__team"

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="rounded_lotteries")
    panels = models.PositiveIntegerField()
    lottery = models.JSONField(default=list)  # panel number − 1 → respondent numbers
    max_deviation = models.FloatField()
    deviation_lower_bound = models.FloatField()
    min_probability = models.FloatField()
    leximin_min_probability = models.FloatField()
    status = models.CharField(max_length=20)
    seconds = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "panels"], name="unique_rounding_per_run")
        ]


class Commitment(models.Model):
    """Every commitment made, kept for the public record: a commitment is final until it
    is withdrawn, and a withdrawal stays visible with both dates."""

    team_lookup = "selection__team"

    # How a declared public value is read (shown at the commitment): its numbers in the
    # order written, without leading zeros, separated by single spaces.
    PUBLIC_VALUE_FORMAT = "numbers"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="commitments")
    run = models.ForeignKey(Run, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=10, choices=Selection.SeedKind.choices)
    seed_commitment = models.CharField(max_length=64, blank=True)
    # a secret seed is published when its commitment is withdrawn (anyone can then see
    # which panel it would have drawn)
    seed_revealed = models.CharField(max_length=200, blank=True)
    declaration = models.TextField(blank=True)
    value_format = models.CharField(max_length=20, blank=True)
    panels = models.PositiveIntegerField(null=True, blank=True)  # M of a physical draw
    max_deviation = models.FloatField(null=True, blank=True)
    min_probability = models.FloatField(null=True, blank=True)
    # The published file (distribution.csv, or lottery.csv of a physical draw), built
    # once here and served as stored, gzip-compressed; its SHA-256 is the commitment's.
    file_name = models.CharField(max_length=40)
    file_gzip = models.BinaryField()
    file_sha256 = models.CharField(max_length=64)
    committed_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["committed_at", "pk"]


class Replacement(models.Model):
    class Method(models.TextChoices):
        RESERVE = "reserve", _("first reserve with the same values")
        REDRAW = "redraw", _("re-drawn from the remaining pool")
        OPEN = "open", _("nobody could take the seat")

    team_lookup = "selection__team"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="replacements")
    dropout_number = models.PositiveIntegerField()
    replacement_number = models.PositiveIntegerField(null=True, blank=True)
    method = models.CharField(max_length=20, choices=Method.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class AddressDraw(models.Model):
    """Addresses drawn from a register extract; the extract itself is never stored."""

    team_lookup = "selection__team"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="address_draws")
    seed = models.CharField(max_length=64)
    extract_rows = models.PositiveIntegerField()
    drawn_rows = models.PositiveIntegerField()
    per_stratum = models.JSONField(default=dict)
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    extract_deleted_at = models.DateTimeField()
    addresses_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class LetterCode(models.Model):
    """The code printed on one letter: only its SHA-256 is stored (the code itself is in
    the mail-merge rows and goes with them); ``used_at`` once someone registered with it."""

    team_lookup = "selection__team"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="letter_codes")
    address_draw = models.ForeignKey(
        AddressDraw, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # None once the addresses are deleted: a used code is then only counted
    code_hash = models.CharField(max_length=64, null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "code_hash"], name="letter_code_unique_per_selection"
            )
        ]


class DeletionLog(models.Model):
    """What was deleted, how many, when — never who."""

    team_lookup = "selection__team"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="deletion_log")

    class What(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("names and contact details of respondents")
        RESPONDENT = "respondent", _("respondent records")
        REGISTER_EXTRACT = "register_extract", _("register extract")
        ADDRESSES = "addresses", _("drawn addresses")

    class Reason(models.TextChoices):
        RETENTION = "retention", _("retention period after the draw ended (not selected)")
        CLOSED = "closed", _("selection closed")
        REQUEST = "request", _("deleted on request")
        AFTER_DRAW = "after_draw", _("deleted right after the address draw")
        DOWNLOADED = "downloaded", _("deleted by the team after the mail merge")
        MEMBERS_DONE = "members_done", _("the event or the council's term has ended")

    what = models.CharField(max_length=40, choices=What.choices)
    count = models.PositiveIntegerField()
    reason = models.CharField(max_length=40, choices=Reason.choices)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
