"""Drawings of the analysis pages built in Python: one string instead of a template loop
over every node and tie (with 60 actors and their ties that loop was most of the page's
time). Every name is escaped (``django.utils.html``); numbers are written unlocalised,
as SVG wants them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from klimapakete.actors.analysis.charts import NetworkGraph

# The small circle of a sector's colour (next to its name in lists and legends).
DOT = (
    '<svg class="dot" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" '
    'focusable="false"><circle cx="6" cy="6" r="6" fill="{}"/></svg>'
)

EGO = ' class="ego"'

# Characters of a node's visible label; its title holds the whole name.
LABEL_CHARS = 28


def dot(colour: str) -> SafeString:
    return format_html(DOT, colour)


def network_svg(graph: NetworkGraph, detail_url: Callable[[int], str]) -> SafeString:
    """The ``<svg>`` of the network page: ties, then one link per actor (its title names
    the actor, sector and power), then the labels. ``detail_url(id)`` is an actor's page."""
    no_sector = _("no sector")
    ego = graph.ego.id if graph.ego else None
    parts = [
        format_html(
            '<svg viewBox="0 0 {} {}" role="group" aria-labelledby="net-title net-desc" '
            'class="network-svg"><title id="net-title">{}</title><desc id="net-desc">{}</desc>'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            'markerHeight="7" orient="auto-start-reverse"><path class="arrow" '
            'd="M 0 0 L 10 5 L 0 10 z"/></marker></defs><g aria-hidden="true">',
            graph.width,
            graph.height,
            _("Network of actors and their relationships"),
            _(
                "Every circle is an actor and links to their page; the list of actors and "
                "each actor's page give the same information as text."
            ),
        )
    ]
    arrow = ' marker-end="url(#arrow)"'
    parts += [
        f'<line class="edge s{int(e.strength)}" x1="{float(e.x1)}" y1="{float(e.y1)}" '
        f'x2="{float(e.x2)}" y2="{float(e.y2)}"{arrow if e.directed else ""}/>'
        for e in graph.edges
    ]
    parts.append('</g><g class="node">')
    # As {% blocktranslate %} renders it: the values escaped, the translation as it is.
    title = _("%(name)s — %(sector)s, power %(power)s")
    for n in graph.nodes:
        name = escape(n.actor.name)
        sector = escape(n.sector.name if n.sector else no_sector)
        values = {"name": name, "sector": sector, "power": int(n.actor.power)}
        parts.append(
            f'<a href="{escape(detail_url(n.actor.id))}"{EGO if n.actor.id == ego else ""}>'
            f"<title>{title % values}</title>"
            f'<circle cx="{float(n.x)}" cy="{float(n.y)}" r="{float(n.r)}" '
            f'fill="{escape(n.colour)}"/></a>'
        )
    parts.append('</g><g aria-hidden="true">')
    parts += [
        f'<text class="label" x="{float(n.x)}" y="{float(n.y)}" dy="{int(n.r) + 12}" '
        f'text-anchor="middle">{escape(label(n.actor.name))}</text>'
        for n in graph.nodes
        if n.label
    ]
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every name and value escaped above


def label(name: str) -> str:
    """The name cut to ``LABEL_CHARS`` characters (as the ``truncatechars`` filter does)."""
    return name if len(name) <= LABEL_CHARS else Truncator(name).chars(LABEL_CHARS)
