"""The weekly digest of the actor map: due next steps and contacts going cold.

``digests_enqueue`` (run weekly by ``manage.py send_actor_digest``) queues one task per
member of every team with something to report; the task re-reads team, member and data
by id, renders the mail in the member's language and sends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from klimapakete.actors.directory import selectors
from klimapakete.actors.models import Conversation, DigestOptOut
from klimapakete.core.links import absolute_url
from klimapakete.core.mail import send_email
from klimapakete.teams.models import Membership, Team

# Next steps due within this many days (or overdue) are listed.
DAYS_AHEAD = 7


@dataclass
class TeamDigest:
    steps: list[Conversation] = field(default_factory=list)
    cold: list[selectors.ColdContact] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.steps or self.cold)


def team_digest(team: Team, *, today: date | None = None) -> TeamDigest:
    """What the team's digest reports (two queries); empty if there is nothing to say."""
    return TeamDigest(
        steps=selectors.due_next_steps(team, days_ahead=DAYS_AHEAD),
        cold=selectors.cold_contacts(team, today=today)[0],
    )


def digest_recipients(team: Team) -> list:
    """Active members of the team who have not switched the digest off."""
    opted_out = DigestOptOut.objects.filter(team=team).values("user_id")
    return list(
        get_user_model()
        .objects.filter(memberships__team=team, is_active=True)
        .exclude(pk__in=opted_out)
        .order_by("pk")
    )


def _absolute(name: str, **kwargs) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


def digest_render(*, team: Team, user, digest: TeamDigest, today: date) -> dict[str, str]:
    """Subject and bodies of one member's digest, in the currently active language."""
    slug = team.slug
    steps = [
        {
            "conversation": c,
            "url": _absolute("actors:detail", team_slug=slug, actor_id=c.actor_id),
            "overdue": c.next_step_due < today,
            "mine": c.next_step_owner_id == user.pk,
        }
        for c in digest.steps
    ]
    cold = [
        {
            "contact": item,
            "url": _absolute("actors:detail", team_slug=slug, actor_id=item.actor.pk),
            "mine": item.actor.owner_id == user.pk,
        }
        for item in digest.cold
    ]
    context = {
        "team": team,
        "user": user,
        "steps": steps,
        "cold": cold,
        "today": today,
        "actors_url": _absolute("actors:list", team_slug=slug),
        "settings_url": _absolute("actors:digest_settings", team_slug=slug),
    }
    subject = _("Weekly digest of the actor map: %(team)s") % {"team": team.name}
    return {
        "subject": subject,
        "body": render_to_string("actors/email/digest.txt", context),
        "html_body": render_to_string("actors/email/digest.html", context),
    }


@task()
def send_actor_digest(*, team_id: int, user_id: int) -> int:
    """Send one member the digest of one team; returns the number of mails sent (0 or 1)."""
    membership = (
        Membership.objects.select_related("team", "user")
        .filter(team_id=team_id, user_id=user_id, user__is_active=True)
        .first()
    )
    if membership is None:
        return 0
    team, user = membership.team, membership.user
    if DigestOptOut.objects.filter(team=team, user=user).exists():
        return 0
    with translation.override(user.language or settings.LANGUAGE_CODE):
        today = timezone.localdate()
        digest = team_digest(team, today=today)
        if not digest:
            return 0
        mail = digest_render(team=team, user=user, digest=digest, today=today)
    return send_email.call(to=[user.email], **mail)


@dataclass(frozen=True)
class EnqueueCounts:
    teams: int
    mails: int


def digests_enqueue(*, dry_run: bool = False) -> EnqueueCounts:
    """Queue the digest for every member of every team with something to report."""
    teams = mails = 0
    today = timezone.localdate()
    for team in Team.objects.order_by("pk"):
        if not team_digest(team, today=today):
            continue
        recipients = digest_recipients(team)
        if not recipients:
            continue
        teams += 1
        mails += len(recipients)
        if dry_run:
            continue
        for user in recipients:
            transaction.on_commit(
                lambda team_id=team.pk, user_id=user.pk: send_actor_digest.enqueue(
                    team_id=team_id, user_id=user_id
                )
            )
    return EnqueueCounts(teams=teams, mails=mails)
