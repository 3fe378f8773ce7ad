"""Calendar entries for partner workshops and the signed address of a person's feed."""

from __future__ import annotations

from django.core import signing

from klimapakete.support.models import PartnerEvent
from klimapakete.workshops import ical

FEED_SALT = "support.event_feed"


def calendar_event(event: PartnerEvent, *, registered: bool) -> ical.Event:
    """The online room's link only for registered people."""
    if event.format == PartnerEvent.Format.ONLINE:
        location = event.link if registered else ""
    else:
        location = event.address
    return ical.Event(
        uid=f"partner-event-{event.pk}@klimapakete",
        start=event.starts_at,
        end=event.ends_at,
        summary=event.title,
        location=location,
        description=f"{event.organisation.name}\n\n{event.description}".strip(),
    )


def feed_token(user) -> str:
    return signing.dumps(user.pk, salt=FEED_SALT)


def feed_user_id(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=FEED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
