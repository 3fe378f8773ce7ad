from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klimapakete.accounts.models import LoginFailure, User, normalize_email


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def login_is_throttled(*, email: str) -> bool:
    recent = LoginFailure.objects.filter(email=normalize_email(email), at__gte=_window_start())
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


def login_failure_record(*, email: str) -> None:
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(email=normalize_email(email)[:254])


def login_failures_clear(*, email: str) -> None:
    LoginFailure.objects.filter(email=normalize_email(email)).delete()


def account_blocking_teams(*, user: User) -> list:
    """Teams the user coordinates alone while others are still members."""
    from klimapakete.teams.models import Membership

    blocking = []
    for membership in user.memberships.select_related("team").filter(
        role=Membership.Role.COORDINATOR
    ):
        team = membership.team
        coordinators = team.memberships.filter(role=Membership.Role.COORDINATOR).count()
        members = team.memberships.count()
        if coordinators == 1 and members > 1:
            blocking.append(team)
    return blocking


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the account; teams where the user was the only member go with it."""
    from klimapakete.accounts.personal_data import personal_data_erase
    from klimapakete.teams.services import team_delete

    personal_data_erase(user)
    for membership in user.memberships.select_related("team"):
        if membership.team.memberships.count() == 1:
            team_delete(team=membership.team)
    user.delete()


SUPPORT_GROUP = "Support organisation"


@transaction.atomic
def support_staff_grant(*, user: User) -> None:
    """Make a user support staff: package content in the admin, aggregates across teams."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=SUPPORT_GROUP)
    # Package content only — never the models holding teams' progress.
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="packages",
            content_type__model__in=["package", "step", "checklistitem", "resource"],
        )
    )
    user.is_support_staff = True
    user.is_staff = True
    user.save(update_fields=["is_support_staff", "is_staff"])
    user.groups.add(group)
