"""The forum's and the library's broken rules (sentences in ``messages.py``)."""

from klimapakete.errors import DomainError


class ForumError(DomainError):
    """A forum action that breaks a rule (rate limit, locked thread, …)."""


class LibraryError(DomainError):
    """A library action that breaks a rule (attachment limit, sharing, …)."""
