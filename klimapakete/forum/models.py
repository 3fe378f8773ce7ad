"""The cross-team forum and the best-practice library.

Threads and posts belong to the people who wrote them, not to a team: they stay when a
team is deleted (the team name goes) and when an account is deleted (shown as "former
member"). Best practices are published by a team and go with it. Nothing here is ever
deleted by moderation; hidden posts keep their text for the author and the moderators.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from klimapakete.teams.models import FederalState


class Category(models.Model):
    class Kind(models.TextChoices):
        STEP = "step", _("package step")
        GENERAL = "general", _("general")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    # One category per package step, created and renamed from the package content.
    step = models.OneToOneField(
        "packages.Step",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_category",
    )
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_de = models.TextField(_("description (German)"), blank=True, max_length=1000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=1000)
    order = models.PositiveIntegerField(_("order"), default=0)
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Archived categories take no new threads.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")

    def __str__(self) -> str:
        return self.title_de


class ForumProfile(models.Model):
    """The handle others use to mention a person (``@handle``); made with the first post."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile"
    )
    handle = models.SlugField(max_length=60, unique=True)


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    # Set when the opening post is hidden: the thread then leaves lists and search.
    hidden_at = models.DateTimeField(null=True, blank=True)
    solution = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-pinned", "-last_post_at", "-pk"]
        # The lists read one page in index order (the id breaks ties, no sorting); the
        # start page's counts per category read only the index.
        indexes = [
            models.Index(
                fields=["category", "-pinned", "-last_post_at", "-id"], name="forum_thread_list"
            ),
            models.Index(fields=["-last_post_at", "-id"], name="forum_thread_recent"),
            models.Index(
                fields=["category", "hidden_at", "solution", "last_post_at"],
                name="forum_thread_counts",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    is_opening = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    # Cross-team content naming a team: the link goes with the team, the post stays.
    author_team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "created_at"], name="forum_post_thread"),
            models.Index(fields=["author", "created_at"], name="forum_post_author"),
        ]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostRevision(models.Model):
    """An earlier version of a post, kept when it was edited."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-replaced_at", "-pk"]


class Reaction(models.Model):
    class Emoji(models.TextChoices):
        THUMBS_UP = "thumbs_up", pgettext_lazy("reaction", "Thumbs up")
        HEART = "heart", pgettext_lazy("reaction", "Heart")
        IDEA = "idea", pgettext_lazy("reaction", "Good idea")
        THANKS = "thanks", pgettext_lazy("reaction", "Thanks")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    emoji = models.CharField(max_length=12, choices=Emoji.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "emoji"], name="unique_forum_reaction")
        ]


class Follow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="unique_forum_follow")
        ]


class ThreadRead(models.Model):
    """Up to when a person has read a thread (for the unread markers)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reads"
    )
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="unique_forum_read")]


class Report(models.Model):
    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("contains personal data of third parties")
        OFFENSIVE = "offensive", _("offensive or disrespectful")
        SPAM = "spam", _("advertising or spam")
        WRONG = "wrong", _("false or misleading")
        OTHER = "other", _("something else")

    class Outcome(models.TextChoices):
        OPEN = "open", _("open")
        HIDDEN = "hidden", _("post hidden")
        DISMISSED = "dismissed", _("no action needed")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["outcome", "created_at"], name="forum_report_queue")]


# The best-practice library


class TownSize(models.TextChoices):
    XS = "xs", _("fewer than 5,000 residents")
    S = "s", _("5,000 to 20,000 residents")
    M = "m", _("20,000 to 100,000 residents")
    L = "l", _("100,000 to 500,000 residents")
    XL = "xl", _("more than 500,000 residents")


class Practice(models.Model):
    """A team's experience with a package step, published for the other teams."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="practices")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.ForeignKey(
        "packages.Step",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        verbose_name=_("package step"),
    )
    title = models.CharField(_("title"), max_length=200)
    what_we_did = models.TextField(_("What we did"), blank=True, max_length=10000)
    what_worked = models.TextField(_("What worked"), blank=True, max_length=10000)
    what_did_not = models.TextField(_("What did not work"), blank=True, max_length=10000)
    would_do_again = models.TextField(_("What we would do again"), blank=True, max_length=10000)
    template_text = models.TextField(
        _("template"), blank=True, max_length=50000, help_text=_("An anonymised document.")
    )
    template_source = models.CharField(max_length=60, blank=True)
    town_size = models.CharField(_("size of the town"), max_length=2, choices=TownSize.choices)
    federal_state = models.CharField(_("federal state"), max_length=2, choices=FederalState.choices)
    show_team = models.BooleanField(_("show our team's name"), default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    featured_at = models.DateTimeField(null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "step"], name="forum_practice_step")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


def _attachment_path(instance, filename: str) -> str:
    # A random name: the original name is kept in the row, never used on disk.
    return f"library/{secrets.token_hex(16)}"


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class PracticeReaction(models.Model):
    class Kind(models.TextChoices):
        THUMBS_UP = "thumbs_up", pgettext_lazy("reaction", "Thumbs up")
        HELPED = "helped", _("This helped us")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_reactions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "user", "kind"], name="unique_practice_reaction"
            )
        ]


class ShareRequest(models.Model):
    """The support organisation asks a team to share its experience with a step."""

    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(
        "packages.Step", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]


class SearchDocument(models.Model):
    """What search finds: one row per visible post and per published practice.

    The full-text index lives beside it, per database (see ``search/backends.py`` and the
    migration): a generated ``tsvector`` column with the ``german`` configuration on
    PostgreSQL, an FTS5 table of Snowball-stemmed words on SQLite.
    """

    post = models.OneToOneField(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="search_document"
    )
    practice = models.OneToOneField(
        Practice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    # SQLite only: the Snowball stems of title and body, which FTS5 indexes (by triggers).
    stemmed_title = models.TextField(blank=True)
    stemmed_body = models.TextField(blank=True)
