"""Sentences of the forum and the library: errors and notification kinds."""

from django.utils.translation import gettext_lazy, ngettext_lazy

from klimapakete.core.errors import Messages
from klimapakete.forum.errors import ForumError, LibraryError
from klimapakete.notifications import kinds

FORUM_MESSAGES = Messages(
    ForumError,
    {
        "rate_limited": ngettext_lazy(
            "You have written %(n)s post in the last hour, the most allowed. Please wait a little.",
            "You have written %(n)s posts in the last hour, the most allowed. Please wait a "
            "little.",
            "n",
        ),
        "new_account_limit": ngettext_lazy(
            "New accounts can write %(n)s post per day during their first %(days)s days. "
            "Please come back tomorrow.",
            "New accounts can write %(n)s posts per day during their first %(days)s days. "
            "Please come back tomorrow.",
            "n",
        ),
        "locked": gettext_lazy("This thread is locked; only the moderation can answer."),
        "archived_category": gettext_lazy("This category takes no new threads."),
        "too_long": ngettext_lazy(
            "The text is too long (at most %(max)s character).",
            "The text is too long (at most %(max)s characters).",
            "max",
        ),
        "edit_limit": gettext_lazy("This post has been edited too often."),
        "not_author": gettext_lazy("Only the author can edit this post."),
        "hidden": gettext_lazy("This post is hidden and cannot be changed."),
        "reports_limit": ngettext_lazy(
            "You have reported %(n)s post today, the most allowed per day.",
            "You have reported %(n)s posts today, the most allowed per day.",
            "n",
        ),
        "already_reported": gettext_lazy("You have already reported this post."),
        "solution_not_allowed": gettext_lazy(
            "Only the author of the question or the moderation can mark the solution."
        ),
        "solution_is_opening": gettext_lazy("The question itself cannot be its solution."),
        "not_your_team": gettext_lazy("You can only post as a member of your own teams."),
        "reason_required": gettext_lazy("Please give a reason; the author will see it."),
    },
    fallback=gettext_lazy("This could not be saved."),
)

LIBRARY_MESSAGES = Messages(
    LibraryError,
    {
        "attachment_limit": ngettext_lazy(
            "A practice can have at most %(n)s attachment.",
            "A practice can have at most %(n)s attachments.",
            "n",
        ),
        "practices_per_day": ngettext_lazy(
            "Your team has created %(n)s practice today, the most allowed per day.",
            "Your team has created %(n)s practices today, the most allowed per day.",
            "n",
        ),
        "not_confirmed": gettext_lazy(
            "Please confirm that the text names no people and contains no personal data."
        ),
        "not_shareable": gettext_lazy("This document cannot be shared (any more)."),
    },
    fallback=gettext_lazy("This could not be saved."),
)

REPLY = kinds.register(kinds.Kind("forum.reply", gettext_lazy("%(actor)s replied in “%(thread)s”")))
MENTION = kinds.register(
    kinds.Kind("forum.mention", gettext_lazy("%(actor)s mentioned you in “%(thread)s”"))
)
SOLUTION = kinds.register(
    kinds.Kind(
        "forum.solution",
        gettext_lazy("%(actor)s marked your answer in “%(thread)s” as the solution"),
    )
)
HIDDEN = kinds.register(
    kinds.Kind(
        "forum.hidden",
        gettext_lazy("The moderation hid your post in “%(thread)s”. Reason: %(reason)s"),
        mail=kinds.IMMEDIATE,
    )
)
SHARE_REQUEST = kinds.register(
    kinds.Kind(
        "library.share_request",
        gettext_lazy(
            "The support organisation asks %(team)s to share its experience with “%(step)s”"
        ),
    )
)
FEATURED = kinds.register(
    kinds.Kind(
        "library.featured",
        gettext_lazy("The support organisation featured your team's practice “%(title)s”"),
        mail=kinds.NONE,
    )
)
