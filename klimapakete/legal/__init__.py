"""Legal reference data for the council builder and the citizen selection.

The data live in ``content/council/`` and ``content/legal/`` (TOML); this package
reads and validates them without Django. See docs/content-authoring.md.
"""

from .load import (
    LegalDataError,
    load_references,
    load_selection_law,
    load_states,
    load_supervisory_authorities,
)

__all__ = [
    "LegalDataError",
    "load_references",
    "load_selection_law",
    "load_states",
    "load_supervisory_authorities",
]
