from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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


# --- Sign-up by mail -----------------------------------------------------------------
# The sign-up page answers the same for a new and a taken address ("check your mail"), so
# it does not reveal who has an account. A new address gets a link that activates the
# account; the owner of a taken address learns that someone tried (rate-limited like
# password-reset mails).

SIGNUP_SALT = "klimapakete.accounts.signup"


def _signup_token(user: User, invitation_token: str = "") -> str:
    data = {"u": user.pk, "p": user.password[-16:], "i": invitation_token}
    return signing.dumps(data, salt=SIGNUP_SALT, compress=True)


def signup_pending_user(token: str) -> tuple[User, str] | None:
    """The account a still valid confirmation link activates, and its invitation token."""
    try:
        data = signing.loads(token, salt=SIGNUP_SALT, max_age=settings.PASSWORD_RESET_TIMEOUT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = User.objects.filter(pk=data["u"], is_active=False, last_login__isnull=True).first()
    if user is None or user.password[-16:] != data.get("p"):
        return None
    return user, str(data.get("i") or "")


def signup_request(
    *,
    name: str,
    email: str,
    password: str,
    language: str,
    address: str,
    invitation_token: str = "",
) -> None:
    """Start a sign-up. Nothing in the outcome tells the visitor whether ``email`` had an
    account: either way one mail goes out (or none, when the address is over the limits)."""
    from django.urls import reverse

    from klimapakete.core.links import absolute_url
    from klimapakete.core.mail import email_enqueue

    email = normalize_email(email)
    allowed = password_reset_allowed(email=email, address=address)
    existing = User.objects.filter(email=email).first()
    if existing is not None and (existing.is_active or existing.last_login is not None):
        if not allowed:
            return
        context = {
            "user": existing,
            "login_url": absolute_url(reverse("accounts:login")),
            "reset_url": absolute_url(reverse("accounts:password_reset")),
            "invitation_url": absolute_url(reverse("invitation", args=[invitation_token]))
            if invitation_token
            else "",
        }
        with translation.override(existing.language or language):
            email_enqueue(
                to=[existing.email],
                subject=_("Sign-up with your address"),
                body=render_to_string("accounts/email/signup_taken.txt", context),
            )
        return
    with transaction.atomic():
        if existing is None:
            user = User.objects.create_user(
                email=email, password=password, name=name, language=language, is_active=False
            )
        else:  # an earlier sign-up that was never confirmed: the new details win
            user = existing
            user.name, user.language = name, language
            user.set_password(password)
            user.save(update_fields=["name", "language", "password"])
    if not allowed:
        return
    link = reverse("accounts:signup_confirm", args=[_signup_token(user, invitation_token)])
    with translation.override(language):
        email_enqueue(
            to=[user.email],
            subject=_("Confirm your Klimapakete account"),
            body=render_to_string(
                "accounts/email/signup_confirm.txt", {"user": user, "url": absolute_url(link)}
            ),
        )


def signup_confirm(*, user: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
