"""Sentences for the Kompass's errors (see core.errors)."""

from django.utils.translation import gettext_lazy as _

from klimapakete.core.errors import Messages
from klimapakete.kompass.errors import KompassError

MESSAGES = Messages(
    KompassError,
    {
        "unknown_block": _("This block does not exist."),
        "logo_too_large": _("The logo may have at most %(limit)s KB."),
        "logo_too_many_pixels": _("The logo has too many pixels; please upload a smaller image."),
        "logo_not_an_image": _("The logo must be a PNG, JPEG, GIF or WebP image."),
        "public_address_taken": _("This address is already taken; please try again."),
        "contact_rate_limited": _(
            "Too many messages from your connection. Please try again in an hour."
        ),
        "contact_team_limit": _(
            "The team has received many messages today. Please try again tomorrow."
        ),
        "preview_rate_limited": _("Too many previews in a minute; the preview pauses briefly."),
    },
    fallback=_("This change could not be saved."),
)
