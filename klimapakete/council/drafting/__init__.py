"""The council's documents, drafted from the profile and the state's rules.

Pure: profile + ``CouncilRules`` → a ``klimapakete.documents.Document`` (German; the app
renders it to PDF and DOCX with the shared pipeline). ``KINDS`` lists the documents;
``missing_fields`` names the profile fields a document still needs, so no document ever
carries a placeholder; every legal statement comes from the state's facts, and a fact we
could not confirm becomes a note to check instead of a claim.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from klimapakete.documents import Document
from klimapakete.legal.model import ReferenceCouncil

from ..profile import Profile, lines
from ..rules import CouncilRules
from . import motion, statute, steckbrief
from .statute import statute_outline
from .words import Draft


@dataclass(frozen=True)
class Kind:
    key: str
    build: Callable[[Draft], Document]
    needs: tuple[str, ...] = ()  # profile fields the document cannot do without


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("steckbrief", steckbrief.steckbrief),
        Kind("fraktionsantrag", motion.group_motion, ("proposers", "recipient")),
        Kind("beschlussvorlage", motion.draft_resolution, ("lead_unit",)),
        Kind("einwohnerantrag", motion.resident_motion, ("representatives", "recipient")),
        Kind("satzung", statute.statute),
    )
}


def missing_fields(kind: str, profile: Profile) -> list[str]:
    """Profile fields the document needs but that are empty."""
    return [name for name in KINDS[kind].needs if not lines(getattr(profile, name))]


def build(
    kind: str,
    profile: Profile,
    rules: CouncilRules,
    *,
    today: date,
    team: str,
    place: str,
    references: tuple[ReferenceCouncil, ...] = (),
) -> Document:
    """The document ``kind`` for ``profile``. The profile must have no problems and no
    missing field for this kind (``profile_problems``, ``missing_fields``)."""
    draft = Draft(profile, rules, today, team=team, place=place, references=references)
    return KINDS[kind].build(draft)


def file_stem(kind: str, profile: Profile, rules: CouncilRules) -> str:
    """ "Satzung Klimabeirat Stadt Musterstadt" – what the download is called."""
    draft = Draft(profile, rules, date.today(), team="", place="")
    label = {
        "steckbrief": "Steckbrief",
        "fraktionsantrag": "Fraktionsantrag",
        "beschlussvorlage": "Beschlussvorlage",
        "einwohnerantrag": motion.motion_term(draft),
        "satzung": statute.texts.document_noun(draft),
    }[kind]
    return f"{label} {profile.name} {profile.town}".strip()


__all__ = ["KINDS", "Kind", "build", "file_stem", "missing_fields", "statute_outline"]
