"""Reads of the best-practice library (fixed number of queries per page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, F, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from klimapakete.core.queries import aggregate_of
from klimapakete.forum.models import Practice, PracticeAttachment, PracticeReaction
from klimapakete.forum.queries import (
    PACKAGE_TEXTS,
    PRACTICE_TEXTS,
    STEP_TEXTS,
    unshown,
)

if TYPE_CHECKING:
    from klimapakete.teams.models import Team

PRACTICES_PER_PAGE = 20
SORTS = ("useful", "new")


def with_usefulness(practices):
    """Usefulness = reactions, with "this helped us" counting twice."""
    reactions = PracticeReaction.objects.filter(practice=OuterRef("pk"))

    def count(kind):
        return aggregate_of(reactions.filter(kind=kind), Count("pk"), key="practice", default=0)

    return practices.annotate(
        thumbs=count(PracticeReaction.Kind.THUMBS_UP), helped=count(PracticeReaction.Kind.HELPED)
    ).annotate(usefulness=F("thumbs") + 2 * F("helped"))


def published():
    return Practice.objects.filter(status=Practice.Status.PUBLISHED)


def library(*, package=None, step=None, federal_state="", town_size="", sort="useful"):
    practices = (
        with_usefulness(published())
        .select_related("team", "step__package")
        .defer(  # lists show titles and places, not the texts
            *unshown("", PRACTICE_TEXTS),
            *unshown("step", STEP_TEXTS),
            *unshown("step__package", PACKAGE_TEXTS),
        )
    )
    if step is not None:
        practices = practices.filter(step=step)
    elif package is not None:
        practices = practices.filter(step__package=package)
    if federal_state:
        practices = practices.filter(federal_state=federal_state)
    if town_size:
        practices = practices.filter(town_size=town_size)
    if sort == "new":
        return practices.order_by("-published_at", "-pk")
    return practices.order_by(
        F("featured_at").desc(nulls_last=True), "-usefulness", "-published_at", "-pk"
    )


def practices_for_step(step, *, limit: int) -> list[Practice]:
    return list(library(step=step)[:limit])


def drafts_of(user) -> list[Practice]:
    return list(
        Practice.objects.filter(status=Practice.Status.DRAFT, team__memberships__user=user)
        .select_related("team", "step__package")
        .order_by("-updated_at")
    )


def may_edit(user, practice: Practice) -> bool:
    return practice.team.memberships.filter(user=user).exists()


def practice_or_404(user, practice_id: int) -> Practice:
    """A published practice for every forum reader; a draft only for its team's members."""
    practice = get_object_or_404(
        with_usefulness(Practice.objects.select_related("team", "step__package")),
        pk=practice_id,
    )
    if not practice.is_published and not may_edit(user, practice):
        raise Http404
    return practice


def attachment_or_404(user, attachment_id: int) -> PracticeAttachment:
    attachment = get_object_or_404(
        PracticeAttachment.objects.select_related("practice__team"), pk=attachment_id
    )
    if not attachment.practice.is_published and not may_edit(user, attachment.practice):
        raise Http404
    return attachment


def my_reactions(practice: Practice, user) -> set[str]:
    return set(
        PracticeReaction.objects.filter(practice=practice, user=user).values_list("kind", flat=True)
    )


def team_export(team: Team) -> dict[str, list[dict]]:
    rows = [
        {
            "title": p.title,
            "status": p.status,
            "step": f"{p.step.package.key}/{p.step.key}" if p.step else "",
            "what_we_did": p.what_we_did,
            "what_worked": p.what_worked,
            "what_did_not": p.what_did_not,
            "would_do_again": p.would_do_again,
            "template": p.template_text,
            "town_size": p.town_size,
            "federal_state": p.federal_state,
            "show_team": p.show_team,
            "published_at": p.published_at,
            "attachments": ", ".join(a.original_name for a in p.attachments.all()),
        }
        for p in Practice.objects.filter(team=team)
        .select_related("step__package")
        .prefetch_related("attachments")
    ]
    attachments = [
        {
            "practice": a.practice.title,
            "name": a.original_name,
            "created_at": a.created_at,
            "file": practice_attachment_path(a),
        }
        for a in PracticeAttachment.objects.filter(practice__team=team).select_related("practice")
    ]
    return {"best_practices": rows, "best_practice_attachments": attachments}


def practice_attachment_path(attachment) -> str:
    """Where the export archive holds the file; the table names the same path."""
    name = f"{attachment.pk}-{attachment.original_name}"
    return f"files/best_practices/{attachment.practice_id}/{name}"


def team_export_files(team):
    """The files of the team's best practices (drafts and published)."""
    for attachment in PracticeAttachment.objects.filter(practice__team=team).order_by("pk"):
        yield practice_attachment_path(attachment), attachment.file


def personal_export(user) -> dict[str, list[dict]]:
    written = [
        {"title": p.title, "team": p.team.name, "status": p.status, "created_at": p.created_at}
        for p in Practice.objects.filter(author=user).select_related("team")
    ]
    reactions = [
        {"practice": r.practice.title, "reaction": r.kind, "created_at": r.created_at}
        for r in PracticeReaction.objects.filter(user=user).select_related("practice")
    ]
    return {"best_practices_written": written, "best_practice_reactions": reactions}
