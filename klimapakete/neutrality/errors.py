"""The neutrality tool's broken rules (codes and parameters; sentences in ``messages.py``)."""

from __future__ import annotations

from klimapakete.errors import DomainError


class NeutralityError(DomainError):
    """An entry, an import or a factor breaks a rule of the neutrality tool."""
