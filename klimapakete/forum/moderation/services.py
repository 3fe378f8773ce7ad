"""Moderation by support staff: pin, lock, move, hide (with a reason the author sees),
and reports from everyone. Nothing is deleted: a hidden post keeps its text."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klimapakete.forum import messages as kinds
from klimapakete.forum.errors import ForumError
from klimapakete.forum.models import Category, Post, Report, Thread
from klimapakete.forum.search.index import post_index, thread_index
from klimapakete.forum.services import thread_url
from klimapakete.notifications.services import notification_create


def thread_pin(*, thread: Thread, pinned: bool) -> None:
    thread.pinned = pinned
    thread.save(update_fields=["pinned"])


def thread_lock(*, thread: Thread, locked: bool) -> None:
    thread.locked = locked
    thread.save(update_fields=["locked"])


def thread_move(*, thread: Thread, category: Category) -> None:
    thread.category = category
    thread.save(update_fields=["category"])


@transaction.atomic
def post_hide(*, moderator, post: Post, reason: str) -> None:
    """Hide a post from everyone but its author and the moderators; the author is told
    why. Hiding the question hides the whole thread. Open reports on it are settled."""
    reason = reason.strip()
    if not reason:
        raise ForumError("reason_required")
    now = timezone.now()
    post.hidden_at, post.hidden_by, post.hidden_reason = now, moderator, reason[:500]
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    thread = post.thread
    if post.is_opening:
        thread.hidden_at = now
        thread.save(update_fields=["hidden_at"])
        thread_index(thread)
    else:
        if thread.solution_id == post.pk:
            thread.solution = None
            thread.save(update_fields=["solution"])
        post_index(post)
    Report.objects.filter(post=post, outcome=Report.Outcome.OPEN).update(
        outcome=Report.Outcome.HIDDEN, resolved_at=now, resolved_by=moderator
    )
    if post.author is not None:
        notification_create(
            recipient=post.author,
            kind=kinds.HIDDEN.key,
            url=thread_url(thread, post),
            params={"thread": thread.title, "reason": post.hidden_reason},
        )


@transaction.atomic
def post_unhide(*, post: Post) -> None:
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    thread = post.thread
    if post.is_opening:
        thread.hidden_at = None
        thread.save(update_fields=["hidden_at"])
        thread_index(thread)
    else:
        post_index(post)


def report_create(*, user, post: Post, reason: str, note: str = "") -> Report:
    if Report.objects.filter(post=post, reporter=user, outcome=Report.Outcome.OPEN).exists():
        raise ForumError("already_reported")
    since = timezone.now() - timedelta(days=1)
    if (
        Report.objects.filter(reporter=user, created_at__gte=since).count()
        >= settings.FORUM_REPORTS_PER_DAY
    ):
        raise ForumError("reports_limit", n=settings.FORUM_REPORTS_PER_DAY)
    return Report.objects.create(post=post, reporter=user, reason=reason, note=note[:1000])


def report_dismiss(*, moderator, report: Report) -> None:
    Report.objects.filter(pk=report.pk, outcome=Report.Outcome.OPEN).update(
        outcome=Report.Outcome.DISMISSED, resolved_at=timezone.now(), resolved_by=moderator
    )
