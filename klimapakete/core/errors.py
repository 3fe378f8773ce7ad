"""Sentences for domain errors: one ``messages`` module per app, one way to show them.

An app's ``messages.py`` builds one :class:`Messages` for its error class::

    MESSAGES = Messages(
        ActorRuleError,
        {"sector_exists": gettext_lazy("There is already a sector with this name.")},
        fallback=gettext_lazy("This change could not be saved."),
    )

Views call ``error_message(error)`` (or ``error_messages`` for every problem) and hand the
sentence to the template or the form. Counts use ``ngettext_lazy(singular, plural, "n")``;
the parameter named there chooses the plural form.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.utils.functional import Promise

from klimapakete.errors import DomainError

logger = logging.getLogger(__name__)

_REGISTRY: dict[type[DomainError], Messages] = {}


class Messages:
    """The translated sentences of one error class (and its subclasses)."""

    def __init__(
        self,
        error_class: type[DomainError],
        sentences: Mapping[str, Promise | str],
        *,
        fallback: Promise | str,
    ) -> None:
        self.error_class = error_class
        self.sentences = dict(sentences)
        self.fallback = fallback
        _REGISTRY[error_class] = self

    def sentence(self, code: str, params: Mapping | None = None) -> str:
        template = self.sentences.get(code)
        if template is None:
            logger.warning("No sentence for error code %r of %s", code, self.error_class.__name__)
            return str(self.fallback)
        try:
            return str(template % dict(params or {}))
        except (KeyError, TypeError, ValueError):
            logger.warning("Parameters %r do not fit the sentence for %r", params, code)
            return str(self.fallback)

    def __call__(self, error: DomainError) -> str:
        return self.sentence(error.code, error.params)

    def all(self, error: DomainError) -> list[str]:
        return [self.sentence(code, params) for code, params in error.problems]

    def __contains__(self, code: str) -> bool:
        return code in self.sentences


def messages_for(error: DomainError) -> Messages:
    for klass in type(error).__mro__:
        if klass in _REGISTRY:
            return _REGISTRY[klass]
    raise LookupError(f"No messages module registered for {type(error).__name__}")


def error_message(error: DomainError) -> str:
    """The translated sentence for ``error`` (its first problem)."""
    return messages_for(error)(error)


def error_messages(error: DomainError) -> list[str]:
    """One translated sentence per problem of ``error``."""
    return messages_for(error).all(error)
