"""The support organisation's broken rules (sentences in ``messages.py``)."""

from klimapakete.errors import DomainError


class SupportError(DomainError):
    """A vote, request or registration that breaks a rule."""
