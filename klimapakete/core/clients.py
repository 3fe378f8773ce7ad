"""Anonymous visitors of public forms: who they are (as far as counting needs) and whether
a post looks like a person or a bot."""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone


def client_address(request) -> str:
    """The visitor's address: behind the TLS proxy (``BEHIND_PROXY``) the last hop the
    proxy added to X-Forwarded-For, else the socket's address."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(address: str) -> str:
    """A keyed hash of a client address: enough to count posts, useless to anyone else."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def attempt_counted(attempts, *, client: str, minutes: int, limit: int) -> bool:
    """Counts one post of a public form against ``limit`` posts per client address within
    ``minutes``: False (nothing recorded) when the client already used them up, else the
    post is recorded and True. ``attempts`` is a model with ``client`` (the keyed hash of
    the address) and ``at``; rows older than the window are deleted on the way."""
    window = timezone.now() - timedelta(minutes=minutes)
    key = client_key(client)
    if attempts.objects.filter(client=key, at__gte=window).count() >= limit:
        return False
    attempts.objects.filter(at__lt=window).delete()
    attempts.objects.create(client=key)
    return True


def started_token(salt: str) -> str:
    """A signed time stamp for a form's hidden field: when the form was shown."""
    return signing.dumps(time.time(), salt=salt)


def spam_verdict(data, *, salt: str, min_seconds: float, honeypot: str = "website") -> str:
    """ "honeypot" when the invisible field was filled (a bot: pretend success), "early"
    when sent faster than a person can or with a broken or day-old token (ask to send
    again), else ""."""
    if data.get(honeypot):
        return "honeypot"
    try:
        shown = signing.loads(data.get("started", ""), salt=salt, max_age=86400)
    except signing.BadSignature:
        return "early"
    if time.time() - float(shown) < min_seconds:
        return "early"
    return ""
