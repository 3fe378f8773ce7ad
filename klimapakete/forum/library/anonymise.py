"""Removing people from a text before a team shares it as a template, pure.

Every name given — the whole name and each of its parts — is replaced wherever it stands
as a whole word (case-insensitive), and so are e-mail addresses and phone numbers. The
replacement "[…]" contains no letters, so it can never itself look like a name. Removing
too much is the safe side: the team sees and edits the result before sharing.
"""

from __future__ import annotations

import re

REPLACEMENT = "[…]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?<!\w)\+?\d[\d /()-]{5,}\d(?!\w)")
_PARTS = re.compile(r"\w+", re.UNICODE)


def name_parts(names) -> list[str]:
    """Whole names and their parts (at least two letters), longest first."""
    found = set()
    for name in names:
        name = " ".join((name or "").split())
        if not name:
            continue
        found.add(name)
        found.update(p for p in _PARTS.findall(name) if len(p) >= 2 and not p.isdigit())
    return sorted(found, key=lambda n: (-len(n), n))


def anonymise(text: str, names) -> str:
    text = EMAIL.sub(REPLACEMENT, text or "")
    text = PHONE.sub(REPLACEMENT, text)
    parts = name_parts(names)
    if not parts:
        return text
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(p) for p in parts) + r")(?!\w)", re.IGNORECASE
    )
    # Replacing can join two words into a new match ("Ann Ann"): repeat until stable.
    for _round in range(5):
        new = pattern.sub(REPLACEMENT, text)
        if new == text:
            break
        text = new
    return text
