"""Sharing a document the team generated as an anonymised template.

Apps that generate documents (a workshop agenda today; a council motion or a Kompass
later) register a :class:`ShareSource` in ``AppConfig.ready``::

    from klimapakete.forum.library import sharing

    sharing.register(sharing.ShareSource(
        key="council.motion",
        label=gettext_lazy("Council motion"),
        documents=lambda team: [(motion.pk, motion.title) for motion in ...],
        load=load_motion,   # (team, object_id) -> SharedDocument | None
    ))

``load`` must only return documents of the given team and name every person the text may
contain in ``people``. The team's page ``/t/<team>/library/share/`` lists what can be
shared; the team sees the anonymised text, may edit it, and confirms before anything
leaves the team (``library.services.document_share``). A button on a document page can
link straight to ``library_share:confirm`` with the source key and the object id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class SharedDocument:
    title: str
    text: str  # Markdown
    people: tuple[str, ...] = field(default_factory=tuple)
    step_id: int | None = None  # the package step the document belongs to, if any


@dataclass(frozen=True)
class ShareSource:
    key: str
    label: Promise | str
    documents: Callable[..., list[tuple[int, str]]]
    load: Callable[..., SharedDocument | None]


SOURCES: dict[str, ShareSource] = {}


def register(source: ShareSource) -> ShareSource:
    SOURCES[source.key] = source
    return source


def team_people(team) -> list[str]:
    """Names every shared document of the team must lose: the team's members."""
    return [name for name in team.members.values_list("name", flat=True) if name]


def shareable(team) -> list[tuple[ShareSource, list[tuple[int, str]]]]:
    return [(source, source.documents(team)) for source in SOURCES.values()]


def document(team, source_key: str, object_id: int) -> tuple[ShareSource, SharedDocument] | None:
    source = SOURCES.get(source_key)
    if source is None:
        return None
    loaded = source.load(team, object_id)
    return (source, loaded) if loaded is not None else None
