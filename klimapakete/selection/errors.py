"""The selection's domain error; ``messages.MESSAGES`` turns its codes into sentences."""

from __future__ import annotations

from klimapakete.errors import DomainError


class SelectionError(DomainError):
    """A rule of the selection's workflow was broken (``problems`` lists every one)."""
