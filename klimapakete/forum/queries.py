"""Query helpers of the forum."""

from __future__ import annotations

# Long texts a list does not show: left out of its queries (they are read, converted and
# kept for every row otherwise; a step's guide is several KiB).
STEP_TEXTS = ("summary_de", "summary_en", "guide_de", "guide_en")
PACKAGE_TEXTS = ("summary_de", "summary_en")
PRACTICE_TEXTS = ("what_we_did", "what_worked", "what_did_not", "would_do_again")


def unshown(prefix: str, fields: tuple[str, ...]) -> list[str]:
    """``fields`` of the related row at ``prefix`` (``"step"``, ``"practice__step"``), for
    ``defer()``."""
    return [f"{prefix}__{name}" if prefix else name for name in fields]
