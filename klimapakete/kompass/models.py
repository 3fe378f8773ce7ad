"""The alliance's Kompass (vision one-pager), its exported versions and its public page."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from klimapakete.kompass.content import layout_normalise

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Please choose a colour like #1d6b3a."))
DEFAULT_COLOUR = "#1d6b3a"


class Design(models.TextChoices):
    WHEEL = "wheel", _("Compass wheel")
    PATH = "path", _("Path to the target year")
    PLAIN = "plain", _("Plain text for administrations")


class Format(models.TextChoices):
    A4 = "a4", _("A4 print (PDF)")
    SLIDE_PDF = "slide_pdf", _("Slide 16:9 (PDF)")
    SLIDE_PNG = "slide_png", _("Slide 16:9 (PNG)")
    SQUARE = "square", _("Social media 1080 × 1080 (PNG)")


class Kompass(models.Model):
    """One per team: its own texts (empty = from the team's data), layout and look.

    The texts are grouped by block (see ``blocks.py``); each block is saved with
    ``update_fields`` so two people editing different blocks do not overwrite each other.
    """

    team = models.OneToOneField("teams.Team", on_delete=models.CASCADE, related_name="kompass")
    # Header
    town = models.CharField(_("town"), max_length=80, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2025), MaxValueValidator(2100)],
    )
    headline = models.CharField(_("headline"), max_length=90, blank=True)
    tagline = models.CharField(_("subtitle"), max_length=160, blank=True)
    # Blocks
    goal = models.TextField(_("shared goal"), max_length=400, blank=True)
    decisions = models.TextField(_("decisions"), max_length=600, blank=True)
    sectors_intro = models.CharField(_("introduction"), max_length=240, blank=True)
    working = models.TextField(_("how we work"), max_length=400, blank=True)
    milestones_intro = models.CharField(_("introduction"), max_length=200, blank=True)
    ask_intro = models.CharField(_("introduction"), max_length=240, blank=True)
    asks = models.JSONField(_("ask per sector"), default=dict, blank=True)
    contact = models.TextField(_("contact"), max_length=240, blank=True)
    # Layout and look
    layout = models.JSONField(default=list, blank=True)
    design = models.CharField(
        _("design"), max_length=8, choices=Design.choices, default=Design.WHEEL
    )
    colour = models.CharField(
        _("team colour"), max_length=7, default=DEFAULT_COLOUR, validators=[HEX_COLOUR]
    )
    logo = models.BinaryField(null=True, blank=True, editable=False)  # PNG, re-encoded
    language = models.CharField(
        _("language of the Kompass"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    # The public alliance page
    public = models.BooleanField(_("public alliance page is on"), default=False)
    public_slug = models.SlugField(max_length=80, unique=True, null=True, blank=True)
    public_indexing = models.BooleanField(_("search engines may index the page"), default=False)
    public_changed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Kompass")
        verbose_name_plural = _("Kompasses")

    def __str__(self) -> str:
        return f"Kompass {self.team}"

    @property
    def blocks(self) -> list[dict]:
        return layout_normalise(self.layout)

    @property
    def has_logo(self) -> bool:
        return bool(self.logo)


class KompassExport(models.Model):
    """A version the team downloaded: when, in which design and format, and its text."""

    team_lookup = "kompass__team"

    kompass = models.ForeignKey(Kompass, on_delete=models.CASCADE, related_name="exports")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    design = models.CharField(_("design"), max_length=8, choices=Design.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    # The document's data at the time (the composed content, its words and look), so the
    # team knows what it handed out and can download the same document again.
    document = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("exported version")
        verbose_name_plural = _("exported versions")


class ContactAttempt(models.Model):
    """A post of the public contact form, kept briefly for the rate limit per address.

    Only a keyed hash of the client address is stored, never the address itself.
    """

    client = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
