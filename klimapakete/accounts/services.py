from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from klimapakete.accounts.models import (
    LoginFailure,
    PasswordResetRequest,
    User,
    normalize_email,
)


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def login_is_throttled(*, email: str, address: str = "", known_device: bool = False) -> bool:
    """Whether this log-in attempt must wait.

    Failures count per account *and* client address, per client address across accounts
    (one password tried against many accounts) and per account across addresses (a
    distributed attack). A device the account logged in from before (``known_device``)
    only counts its own failures, so nobody can lock the owner out from elsewhere.
    """
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    email = normalize_email(email)
    if recent.filter(email=email, address=address).count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    if known_device:
        return False
    if address and recent.filter(address=address).count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return True
    return recent.filter(email=email).count() >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT


def login_failure_record(*, email: str, address: str = "") -> None:
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
    LoginFailure.objects.create(email=normalize_email(email)[:254], address=address[:64])


def login_failures_clear(*, email: str, address: str | None = None) -> None:
    """Forget the account's failures: all of them (a password reset), or those from one
    client address (a successful log-in there; an attack from elsewhere still counts)."""
    failures = LoginFailure.objects.filter(email=normalize_email(email))
    if address is not None:
        failures = failures.filter(address=address)
    failures.delete()


DEVICE_SALT = "klimapakete.accounts.device"


def device_token(user: User) -> str:
    """A signed mark for the browser an account logged in from (cookie ``DEVICE_COOKIE``)."""
    return signing.dumps({"u": user.pk}, salt=DEVICE_SALT, compress=True)


def device_is_known(*, token: str, email: str) -> bool:
    try:
        data = signing.loads(token or "", salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return False
    user_id = data.get("u") if isinstance(data, dict) else None
    return isinstance(user_id, int) and (
        User.objects.filter(pk=user_id, email=normalize_email(email)).exists()
    )


DEVICE_COOKIE = "klimapakete_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


def password_reset_allowed(*, email: str, address: str) -> bool:
    """Rate limits for password-reset mails per e-mail address and per client address;
    records the request."""
    day_ago = timezone.now() - timedelta(days=1)
    PasswordResetRequest.objects.filter(at__lt=day_ago).delete()
    email = normalize_email(email)[:254]
    hour_ago = timezone.now() - timedelta(hours=1)
    allowed = (
        PasswordResetRequest.objects.filter(email=email).count()
        < settings.PASSWORD_RESET_MAILS_PER_DAY
        and PasswordResetRequest.objects.filter(address=address, at__gte=hour_ago).count()
        < settings.PASSWORD_RESETS_PER_ADDRESS_HOUR
    )
    PasswordResetRequest.objects.create(email=email, address=address[:64])
    return allowed


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
