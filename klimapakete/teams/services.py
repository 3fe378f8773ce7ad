from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import slugify

from klimapakete.teams import hooks
from klimapakete.teams.models import Invitation, Membership, Team


class TeamRuleError(Exception):
    """A request that would break a team rule (e.g. leaving as the last coordinator)."""


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("ß", "ss"))[:60] or "team"
    slug, n = base, 2
    while Team.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def team_create(*, user, name: str, municipality: str, federal_state: str) -> Team:
    team = Team.objects.create(
        name=name,
        slug=_unique_slug(name),
        municipality=municipality,
        federal_state=federal_state,
    )
    Membership.objects.create(team=team, user=user, role=Membership.Role.COORDINATOR)
    hooks.team_created(team=team, language=translation.get_language() or settings.LANGUAGE_CODE)
    return team


def invitation_create(*, team: Team, role: str, created_by, days: int | None = None) -> Invitation:
    days = days or settings.INVITATION_DAYS
    return Invitation.objects.create(
        team=team,
        role=role,
        created_by=created_by,
        expires_at=timezone.now() + timedelta(days=days),
    )


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the team through a usable invitation; existing members keep their role."""
    if not invitation.is_usable:
        raise TeamRuleError("invitation not usable")
    membership, created = Membership.objects.get_or_create(
        team=invitation.team, user=user, defaults={"role": invitation.role}
    )
    if created:
        Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
    return membership


def _coordinator_count(team: Team) -> int:
    return team.memberships.filter(role=Membership.Role.COORDINATOR).count()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> None:
    if (
        membership.is_coordinator
        and role != Membership.Role.COORDINATOR
        and _coordinator_count(membership.team) == 1
    ):
        raise TeamRuleError("last coordinator")
    membership.role = role
    membership.save(update_fields=["role"])


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member or let one leave; the last coordinator cannot go."""
    if membership.is_coordinator and _coordinator_count(membership.team) == 1:
        raise TeamRuleError("last coordinator")
    membership.delete()


@transaction.atomic
def coordinator_hand_on(*, current: Membership, successor: Membership) -> None:
    """Make ``successor`` coordinator and ``current`` a member."""
    successor.role = Membership.Role.COORDINATOR
    successor.save(update_fields=["role"])
    current.role = Membership.Role.MEMBER
    current.save(update_fields=["role"])


@transaction.atomic
def team_delete(*, team: Team) -> None:
    """Delete a team and everything it owns (all team-owned rows cascade from Team)."""
    team.delete()
