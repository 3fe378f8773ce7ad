"""Writes of the best-practice library: practices, attachments, reactions, featuring,
requests to share, and sharing a generated document as an anonymised template."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from klimapakete.core.uploads import upload_check
from klimapakete.forum import messages as kinds
from klimapakete.forum.errors import ForumError, LibraryError
from klimapakete.forum.library import sharing
from klimapakete.forum.library.anonymise import anonymise
from klimapakete.forum.models import (
    Practice,
    PracticeAttachment,
    PracticeReaction,
    ShareRequest,
)
from klimapakete.forum.search.index import practice_index
from klimapakete.notifications.services import notification_create, notifications_create
from klimapakete.teams.models import Membership, Team

# What a team writes about a practice (the form shows them in this order).
PRACTICE_FIELDS = (
    "title",
    "step",
    "what_we_did",
    "what_worked",
    "what_did_not",
    "would_do_again",
    "town_size",
    "federal_state",
    "show_team",
)


def _check_member(user, team: Team) -> None:
    if not team.memberships.filter(user=user).exists():
        raise ForumError("not_your_team")


def _check_daily(team: Team) -> None:
    since = timezone.now() - timedelta(days=1)
    if (
        Practice.objects.filter(team=team, created_at__gte=since).count()
        >= settings.LIBRARY_PRACTICES_PER_DAY
    ):
        raise LibraryError("practices_per_day", n=settings.LIBRARY_PRACTICES_PER_DAY)


@transaction.atomic
def practice_create(*, user, team: Team, **values) -> Practice:
    """A new draft of ``team`` (only its members may write one)."""
    _check_member(user, team)
    _check_daily(team)
    practice = Practice(team=team, author=user)
    for key in PRACTICE_FIELDS:
        if key in values:
            setattr(practice, key, values[key])
    practice.save()
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, **values) -> Practice:
    changed = [key for key in PRACTICE_FIELDS if key in values]
    for key in changed:
        setattr(practice, key, values[key])
    practice.save(update_fields=[*changed, "updated_at"])
    practice_index(practice)
    return practice


@transaction.atomic
def practice_publish(*, practice: Practice, publish: bool) -> None:
    if publish:
        practice.status = Practice.Status.PUBLISHED
        practice.published_at = practice.published_at or timezone.now()
    else:
        practice.status = Practice.Status.DRAFT
    practice.save(update_fields=["status", "published_at", "updated_at"])
    practice_index(practice)


@transaction.atomic
def attachment_add(*, user, practice: Practice, upload) -> PracticeAttachment:
    """Store an upload after checking its size and its type by content."""
    if practice.attachments.count() >= settings.LIBRARY_ATTACHMENTS_PER_PRACTICE:
        raise LibraryError("attachment_limit", n=settings.LIBRARY_ATTACHMENTS_PER_PRACTICE)
    kind = upload_check(upload, size=upload.size, max_bytes=settings.LIBRARY_ATTACHMENT_MAX_BYTES)
    name = (upload.name or "").replace("/", "_").replace("\\", "_").strip()[:150]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    attachment = PracticeAttachment(
        practice=practice,
        original_name=f"{stem or 'anhang'}.{kind.extension}",
        kind=kind.key,
        size=upload.size,
        uploaded_by=user,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


def attachment_delete(*, attachment: PracticeAttachment) -> None:
    attachment.delete()  # the file follows on commit (core/attachments.py)


def practice_react(*, user, practice: Practice, kind: str) -> bool:
    deleted, _rows = PracticeReaction.objects.filter(
        practice=practice, user=user, kind=kind
    ).delete()
    if deleted:
        return False
    PracticeReaction.objects.get_or_create(practice=practice, user=user, kind=kind)
    return True


def practice_feature(*, moderator, practice: Practice, featured: bool) -> None:
    practice.featured_at = timezone.now() if featured else None
    practice.featured_by = moderator if featured else None
    practice.save(update_fields=["featured_at", "featured_by"])
    if featured and practice.author is not None:
        notification_create(
            recipient=practice.author,
            kind=kinds.FEATURED.key,
            url=reverse("library:detail", kwargs={"practice_id": practice.pk}),
            params={"title": practice.title},
            actor=moderator,
        )


@transaction.atomic
def share_request_create(*, moderator, team: Team, step, message: str) -> ShareRequest:
    """Ask a team to share its experience with a step; its coordinators are notified."""
    request = ShareRequest.objects.create(
        team=team, step=step, message=message, requested_by=moderator
    )
    url = reverse("library:new") + f"?team={team.slug}" + (f"&step={step.pk}" if step else "")
    coordinators = [
        m.user
        for m in team.memberships.filter(role=Membership.Role.COORDINATOR).select_related("user")
    ]
    notifications_create(
        recipients=coordinators,
        kind=kinds.SHARE_REQUEST.key,
        url=url,
        params={"team": team.name, "step": f"{step.number} {step.title_de}" if step else "–"},
        actor=moderator,
    )
    return request


def shared_text(team: Team, document: sharing.SharedDocument) -> str:
    """The document's text without the people it names or the team's members."""
    return anonymise(document.text, [*document.people, *sharing.team_people(team)])


@transaction.atomic
def document_share(
    *,
    user,
    team: Team,
    source_key: str,
    object_id: int,
    title: str,
    text: str,
    town_size: str,
    step=None,
    confirmed: bool,
) -> Practice:
    """Publish a generated document as a template, after the team checked the text.

    The text the team confirmed is anonymised once more (they may have typed a name back
    in), so no name the source knows leaves the team."""
    if not confirmed:
        raise LibraryError("not_confirmed")
    _check_member(user, team)
    found = sharing.document(team, source_key, object_id)
    if found is None:
        raise LibraryError("not_shareable")
    source, document = found
    _check_daily(team)
    practice = Practice.objects.create(
        team=team,
        author=user,
        step=step,
        title=title,
        template_text=anonymise(text, [*document.people, *sharing.team_people(team)]),
        template_source=source.key,
        town_size=town_size,
        federal_state=team.federal_state,
        status=Practice.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    practice_index(practice)
    return practice
