"""Writes of the forum: categories from the package content, threads, posts, reactions,
solutions, following and read markers. Moderation is in ``moderation/services.py``."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from klimapakete.forum import messages as kinds
from klimapakete.forum.access import is_moderator, may_use_forum
from klimapakete.forum.errors import ForumError
from klimapakete.forum.mentions import mentioned_handles
from klimapakete.forum.models import (
    Category,
    Follow,
    ForumProfile,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadRead,
)
from klimapakete.forum.search.index import post_index
from klimapakete.notifications.services import (
    notifications_create,
    notifications_mark_read_for_page,
)
from klimapakete.packages.models import Step

if TYPE_CHECKING:
    from klimapakete.teams.models import Team

# Categories from the package content


def _step_titles(step: Step) -> dict[str, str]:
    return {
        "title_de": f"{step.number} · {step.title_de}"[:200],
        "title_en": f"{step.number} · {step.title_en}"[:200],
        "description_de": step.summary_de[:1000],
        "description_en": step.summary_en[:1000],
        "order": step.package.order * 100 + step.order,
        "archived": step.archived or step.package.archived,
    }


def _unique_category_slug(base: str) -> str:
    base = slugify(base)[:90] or "kategorie"
    slug, n = base, 2
    while Category.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def categories_sync(report=None) -> None:
    """One category per package step, titled like the step; a step that disappeared
    archives its category (threads stay readable). Runs after every content load."""
    existing = {c.step_id: c for c in Category.objects.filter(step__isnull=False)}
    for step in Step.objects.select_related("package"):
        values = _step_titles(step)
        category = existing.get(step.pk)
        if category is None:
            Category.objects.create(
                kind=Category.Kind.STEP,
                step=step,
                slug=_unique_category_slug(f"{step.package.key}-{step.key}"),
                **values,
            )
        elif any(getattr(category, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(category, key, value)
            category.save(update_fields=list(values))
    Category.objects.filter(kind=Category.Kind.STEP, step__isnull=True).update(archived=True)


def general_category_save(*, category: Category | None = None, **values) -> Category:
    """Create or change a general category (support staff)."""
    if category is None:
        category = Category(kind=Category.Kind.GENERAL, order=1000)
        category.slug = _unique_category_slug(values.get("title_de", ""))
    for key, value in values.items():
        setattr(category, key, value)
    category.save()
    return category


# People


def profile_ensure(user) -> ForumProfile:
    """The person's forum handle, made from their name on their first post."""
    profile = ForumProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    base = slugify(user.name.replace("ß", "ss"))[:50].strip("-") or "mitglied"
    handle, n = base, 2
    while ForumProfile.objects.filter(handle=handle).exists():
        handle, n = f"{base}-{n}", n + 1
    return ForumProfile.objects.create(user=user, handle=handle)


def _posting_team(user, team: Team):
    """The team shown with a post: one of the author's teams, or none."""
    if team is None:
        return None
    if not user.memberships.filter(team=team).exists():
        raise ForumError("not_your_team")
    return team


def _check_rate(user) -> None:
    if is_moderator(user):
        return
    now = timezone.now()
    recent = Post.objects.filter(author=user, created_at__gte=now - timedelta(hours=1)).count()
    if recent >= settings.FORUM_POSTS_PER_HOUR:
        raise ForumError("rate_limited", n=settings.FORUM_POSTS_PER_HOUR)
    days = settings.FORUM_NEW_ACCOUNT_DAYS
    if user.date_joined >= now - timedelta(days=days):
        today = Post.objects.filter(author=user, created_at__gte=now - timedelta(days=1)).count()
        if today >= settings.FORUM_NEW_ACCOUNT_POSTS_PER_DAY:
            raise ForumError(
                "new_account_limit", n=settings.FORUM_NEW_ACCOUNT_POSTS_PER_DAY, days=days
            )


def _check_length(body: str) -> None:
    if len(body) > settings.FORUM_POST_MAX_CHARS:
        raise ForumError("too_long", max=settings.FORUM_POST_MAX_CHARS)


def _may_post(user, body: str, team: Team):
    """Check length and rate, give the author a handle; returns the team to show."""
    _check_length(body)
    _check_rate(user)
    team = _posting_team(user, team)
    profile_ensure(user)
    return team


def thread_url(thread: Thread, post: Post | None = None) -> str:
    url = reverse("forum:thread", kwargs={"thread_id": thread.pk})
    return f"{url}#post-{post.pk}" if post is not None else url


# Threads and posts


def _notify(*, post: Post, handles: list[str], followers: bool) -> None:
    """Mentioned people get "mentioned you"; other followers get "replied"."""
    thread = post.thread
    common = {
        "url": thread_url(thread, post),
        "params": {"thread": thread.title},
        "actor": post.author,
        "actor_team": post.author_team,
    }
    mentioned = [
        user
        for user in get_user_model()
        .objects.filter(forum_profile__handle__in=handles, is_active=True)
        .order_by("pk")
        if may_use_forum(user)
    ]
    notifications_create(recipients=mentioned, kind=kinds.MENTION.key, **common)
    if followers:
        skip = {u.pk for u in mentioned}
        others = [
            f.user
            for f in thread.follows.select_related("user").order_by("pk")
            if f.user_id not in skip
        ]
        notifications_create(recipients=others, kind=kinds.REPLY.key, **common)


@transaction.atomic
def thread_create(
    *, user, category: Category, title: str, body: str, team: Team | None = None
) -> Thread:
    if category.archived:
        raise ForumError("archived_category")
    team = _may_post(user, body, team)
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title=title, author=user, created_at=now, last_post_at=now
    )
    post = Post.objects.create(
        thread=thread, is_opening=True, author=user, author_team=team, body=body, created_at=now
    )
    Follow.objects.create(thread=thread, user=user)
    ThreadRead.objects.create(thread=thread, user=user, read_at=now)
    post_index(post)
    _notify(post=post, handles=mentioned_handles(body), followers=False)
    return thread


@transaction.atomic
def post_create(*, user, thread: Thread, body: str, team: Team | None = None) -> Post:
    moderator = is_moderator(user)
    if (thread.locked or thread.hidden_at) and not moderator:
        raise ForumError("locked")
    team = _may_post(user, body, team)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread, author=user, author_team=team, body=body, created_at=now
    )
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_post_at=now)
    Follow.objects.get_or_create(thread=thread, user=user)
    thread_mark_read(user=user, thread=thread, until=now)
    post_index(post)
    _notify(post=post, handles=mentioned_handles(body), followers=True)
    return post


@transaction.atomic
def post_edit(*, user, post: Post, body: str, title: str | None = None) -> Post:
    """The author changes a post; the earlier version is kept as a revision."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if post.author_id != user.pk:
        raise ForumError("not_author")
    if post.hidden_at is not None:
        raise ForumError("hidden")
    if post.edit_count >= settings.FORUM_EDITS_PER_POST:
        raise ForumError("edit_limit")
    _check_length(body)
    thread = post.thread
    new_title = title if post.is_opening and title else thread.title
    if body == post.body and new_title == thread.title:
        return post
    before = set(mentioned_handles(post.body))
    PostRevision.objects.create(
        post=post,
        title=thread.title if post.is_opening else "",
        body=post.body,
        written_at=post.edited_at or post.created_at,
        editor=user,
    )
    post.body = body
    post.edited_at = timezone.now()
    post.edit_count += 1
    post.save(update_fields=["body", "edited_at", "edit_count"])
    if new_title != thread.title:
        thread.title = new_title
        thread.save(update_fields=["title"])
    post_index(post)
    new = [h for h in mentioned_handles(body) if h not in before]
    if new:
        _notify(post=post, handles=new, followers=False)
    return post


def reaction_toggle(*, user, post: Post, emoji: str) -> bool:
    """Add or take back a reaction; returns whether it is now given."""
    if post.hidden_at is not None:
        raise ForumError("hidden")
    deleted, _rows = Reaction.objects.filter(post=post, user=user, emoji=emoji).delete()
    if deleted:
        return False
    Reaction.objects.get_or_create(post=post, user=user, emoji=emoji)
    return True


@transaction.atomic
def solution_set(*, user, thread: Thread, post: Post | None) -> None:
    """Mark ``post`` as the answer to the thread's question (``None`` takes it back)."""
    if not (thread.author_id == user.pk or is_moderator(user)):
        raise ForumError("solution_not_allowed")
    if post is not None:
        if post.thread_id != thread.pk or post.hidden_at is not None:
            raise ForumError("solution_not_allowed")
        if post.is_opening:
            raise ForumError("solution_is_opening")
    thread.solution = post
    thread.save(update_fields=["solution"])
    if post is not None and post.author is not None:
        notifications_create(
            recipients=[post.author],
            kind=kinds.SOLUTION.key,
            url=thread_url(thread, post),
            params={"thread": thread.title},
            actor=user,
        )


def follow_set(*, user, thread: Thread, follow: bool) -> None:
    if follow:
        Follow.objects.get_or_create(thread=thread, user=user)
    else:
        Follow.objects.filter(thread=thread, user=user).delete()


def thread_mark_read(*, user, thread: Thread, until=None) -> None:
    """Read up to ``until`` (default: now); the marker never moves back. Notifications
    that lead into the thread are read with it."""
    until = min(until or timezone.now(), timezone.now())
    updated = ThreadRead.objects.filter(thread=thread, user=user, read_at__lt=until).update(
        read_at=until
    )
    if not updated:
        ThreadRead.objects.get_or_create(thread=thread, user=user, defaults={"read_at": until})
    notifications_mark_read_for_page(user=user, path=thread_url(thread))


def author_erase(user) -> None:
    """Account deletion: posts stay, shown as from "former member" — without a team."""
    Post.objects.filter(author=user).update(author_team=None)
