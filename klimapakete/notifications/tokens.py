"""Signed one-click unsubscribe tokens: they name the person and work without logging in."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from klimapakete.core.links import absolute_url

SALT = "klimapakete.notifications.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps({"u": user.pk}, salt=SALT, compress=True)


def unsubscribe_user_id(token: str) -> int | None:
    """The person a token was made for, or None if it is not one of ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def unsubscribe_url(user) -> str:
    return absolute_url(
        reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    )
