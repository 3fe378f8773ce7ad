"""Sentences of the support organisation: errors and notification kinds."""

from django.utils.translation import gettext_lazy, ngettext_lazy

from klimapakete.core.errors import Messages
from klimapakete.notifications import kinds
from klimapakete.support.errors import SupportError

MESSAGES = Messages(
    SupportError,
    {
        "round_closed": gettext_lazy("This round has closed; votes can no longer change."),
        "not_open_yet": gettext_lazy("This round has not opened yet."),
        "unknown_need": gettext_lazy("One of the needs is not part of this round."),
        "negative_dots": gettext_lazy("Dots cannot be negative."),
        "over_cap": ngettext_lazy(
            "A need can take at most %(n)s dot from each voter.",
            "A need can take at most %(n)s dots from each voter.",
            "n",
        ),
        "too_many_dots": ngettext_lazy(
            "You have %(n)s dot; you gave %(used)s.",
            "You have %(n)s dots; you gave %(used)s.",
            "n",
        ),
        "no_proposals": gettext_lazy("This round takes no new needs."),
        "need_exists": gettext_lazy("This need is already in the round."),
        "request_done": gettext_lazy("This request is closed."),
        "no_consent": gettext_lazy(
            "Only a closed request whose team agreed to sharing can be shared."
        ),
        "already_shared": gettext_lazy("This request has already been shared."),
        "attachment_limit": ngettext_lazy(
            "A request can have at most %(n)s attachment.",
            "A request can have at most %(n)s attachments.",
            "n",
        ),
        "registration_closed": gettext_lazy("Registration for this workshop has ended."),
        "not_for_team": gettext_lazy("This workshop is meant for other teams."),
        "not_registered": gettext_lazy("You are not registered for this workshop."),
        "not_over": gettext_lazy("Feedback is possible once the workshop is over."),
    },
    fallback=gettext_lazy("This could not be saved."),
)

kinds.register(
    kinds.Kind(
        "support.advice_new",
        gettext_lazy("%(team)s asks the support organisation: “%(topic)s”"),
    )
)
kinds.register(
    kinds.Kind(
        "support.advice_staff_reply",
        gettext_lazy("The support organisation answered your request “%(topic)s”"),
        mail=kinds.IMMEDIATE,
    )
)
kinds.register(
    kinds.Kind(
        "support.advice_team_reply",
        gettext_lazy("%(team)s answered in the request “%(topic)s”"),
    )
)
kinds.register(
    kinds.Kind(
        "support.waitlist_promoted",
        gettext_lazy("A place became free: you are now registered for “%(event)s”"),
        mail=kinds.IMMEDIATE,
    )
)
kinds.register(
    kinds.Kind(
        "support.event_reminder",
        gettext_lazy("Reminder: “%(event)s” starts within the next day"),
        mail=kinds.IMMEDIATE,
    )
)
