"""The rows of the actor list, built in Python.

A page shows up to 50 actors with six editable cells each: rendered with a template include,
``{% url %}`` and ``{% blocktranslate %}`` per cell, the rows cost more than everything else
on the page. Here they are plain dicts of preformatted, escaped strings that the template
only prints (``actors/actor_list.html``). The markup is the one a cell always had; the inline
editor (``views.actor_field``) answers with :func:`cell` as well.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from klimapakete.actors.analysis.svg import dot
from klimapakete.actors.directory import selectors
from klimapakete.actors.models import Actor, Ladder, Stance
from klimapakete.core.links import url_maker

# The editable cells of a row (forms.INLINE_FIELDS), in the order of the table's columns.
CELLS = ("sector", "stance", "power", "ease", "ladder", "owner")
COLUMNS = (
    "id",
    "kind",
    "name",
    "position",
    "organisation__name",
    "sector__name",
    "sector__colour",
    "stance",
    "power",
    "ease",
    "ladder",
    "owner__name",
)


@dataclass
class _Words:
    """What the rows say in the active language, translated and escaped once per page."""

    stance: dict = field(default_factory=lambda: {v: escape(t) for v, t in Stance.choices})
    ladder: dict = field(default_factory=lambda: {v: escape(t) for v, t in Ladder.choices})
    edit_for: str = field(default_factory=lambda: _("Edit for %(name)s"))
    organisation: str = field(default_factory=lambda: escape(_("organisation")))


def _content(actor: dict, name: str, words: _Words) -> str:
    """What the cell ``name`` shows, as HTML."""
    if name == "stance":
        stance = actor["stance"]
        label = words.stance.get(stance, stance)
        return f'<span class="stance stance-{stance}">{label}</span>'
    if name == "ladder":
        return words.ladder.get(actor["ladder"], escape(actor["ladder"]))
    if name == "sector":
        if actor["sector__name"] is None:
            return " —"
        return f"{dot(actor['sector__colour'])} {escape(actor['sector__name'] or '—')}"
    if name == "owner":
        return escape(actor["owner__name"] or "—")
    return str(actor[name])  # power, ease: numbers


def _cells(actor: dict, url: str, words: _Words, names=CELLS) -> SafeString:
    """The editable cells ``names`` of an actor's row."""
    pk = actor["id"]
    label = escape(words.edit_for % {"name": actor["name"]})
    url = escape(url)
    return SafeString(
        "\n".join(
            f'<td id="cell-{pk}-{name}" class="editable">\n'
            f'  <button type="button" class="cell-button" hx-get="{url}?field={name}" '
            f'hx-target="#cell-{pk}-{name}" hx-swap="outerHTML" aria-label="{label}">\n'
            f"    {_content(actor, name, words)}\n  </button>\n</td>"
            for name in names
        )
    )


def _subtitle(actor: dict, words: _Words) -> SafeString:
    """Position and organisation under the name (each isolated: user text may be bidi)."""
    parts = [
        f"<bdi>{escape(part)}</bdi>"
        for part in (actor["position"], actor["organisation__name"])
        if part
    ]
    if parts:
        return SafeString(f'<div class="small muted">{", ".join(parts)}</div>')
    if actor["kind"] == Actor.Kind.ORGANISATION:
        return SafeString(f'<div class="small muted">{words.organisation}</div>')
    return SafeString("")


def rows(team, actors: QuerySet[Actor]) -> list[dict]:
    """The rows of ``actors`` (a page of ``selectors.actor_queryset``): two queries."""
    values = list(actors.values(*COLUMNS))
    last = selectors.last_contacts([actor["id"] for actor in values])
    detail = url_maker("actors:detail", team.slug)
    field_url = url_maker("actors:field", team.slug)
    words = _Words()
    result = []
    for actor in values:
        pk = actor["id"]
        result.append(
            {
                "url": detail(pk),
                "name": actor["name"],
                "subtitle": _subtitle(actor, words),
                "cells": _cells(actor, field_url(pk), words),
                "last_contact": (
                    formats.date_format(last[pk], "SHORT_DATE_FORMAT") if pk in last else "—"
                ),
            }
        )
    return result


def cell(team, actor_id: int, name: str) -> SafeString:
    """One editable cell of an actor's row, as the list shows it (one query)."""
    actor = Actor.objects.filter(team=team, pk=actor_id).values(*COLUMNS).get()
    url = reverse("actors:field", args=[team.slug, actor_id])
    return _cells(actor, url, _Words(), [name])
