"""Kinds of notification. An app registers each kind it sends, with its sentence.

A notification stores its kind and text parameters — never prose — so it reads in the
recipient's language whenever it is shown or mailed. The sentence may use ``%(actor)s``
(the person who caused it, or "former member") and the notification's parameters::

    kinds.register(Kind("forum.reply", gettext_lazy("%(actor)s replied in “%(thread)s”")))

``mail`` says how it reaches the inbox:

- ``PREFERENCE`` — as the person chose: immediately, in the daily digest, or never;
- ``IMMEDIATE`` — at once even for digest readers (things they asked for: a waitlist place,
  an answer to their own request), but never for those who chose "never";
- ``NONE`` — only in the app.

Immediate mails count against ``NOTIFICATION_MAILS_PER_DAY``; past it they wait for the digest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

PREFERENCE = "preference"
IMMEDIATE = "immediate"
NONE = "none"


@dataclass(frozen=True)
class Kind:
    key: str
    sentence: Promise | str
    mail: str = PREFERENCE


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def get(key: str) -> Kind | None:
    return KINDS.get(key)


def render(*, kind: str, params: dict, actor: str) -> str:
    """The sentence of a notification in the active language."""
    registered = KINDS.get(kind)
    if registered is None:
        logger.warning("Notification kind %r is not registered", kind)
        return gettext("You have a new notification.")
    try:
        return str(registered.sentence) % {**(params or {}), "actor": actor}
    except (KeyError, TypeError, ValueError):
        logger.warning("Parameters %r do not fit the sentence of %r", params, kind)
        return gettext("You have a new notification.")
