"""@mentions in Markdown text, pure.

A mention is ``@handle`` (letters, digits, dashes) at the start or after a space or an
opening bracket. Mentions inside code and inside quoted lines (``> …``) do not count —
quoting someone's post must not notify the people they mentioned.
"""

from __future__ import annotations

import re

MENTION = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))@([a-z0-9][a-z0-9-]{0,58}[a-z0-9]|[a-z0-9])", re.I)
_FENCE = re.compile(r"^(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")


def mentioned_handles(text: str, *, limit: int = 20) -> list[str]:
    """Handles mentioned in ``text``, lower-case, in order, each once, at most ``limit``."""
    found: list[str] = []
    in_fence = False
    for line in (text or "").splitlines():
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        if in_fence or line.lstrip().startswith(">") or line.startswith(("    ", "\t")):
            continue
        for match in MENTION.finditer(_INLINE_CODE.sub(" ", line)):
            handle = match.group(1).lower()
            if handle not in found:
                found.append(handle)
                if len(found) >= limit:
                    return found
    return found


def quote(text: str, *, heading: str) -> str:
    """``text`` as a Markdown quote under ``heading`` (who wrote it), ready to answer below."""
    lines = [f"> {line}" if line.strip() else ">" for line in (text or "").splitlines()]
    return f"> **{heading}**\n>\n" + "\n".join(lines) + "\n\n"
