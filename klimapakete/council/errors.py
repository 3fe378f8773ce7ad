"""The council builder's broken rules (codes and parameters; sentences in ``messages.py``)."""

from __future__ import annotations

from klimapakete.errors import DomainError


class CouncilError(DomainError):
    """A profile, version, stage or upload breaks a rule of the council builder."""
