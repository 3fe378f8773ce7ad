"""The composition graphic: every seat as a dot in a half circle. Pure: no Django.

Groups sit side by side from left to right, like the seating plan of a parliament;
a filled dot is a voting seat, a ring an advisory one. The SVG uses presentation
attributes only (no inline styles, allowed by the Content-Security-Policy) and carries
its own text alternative; the legend is a list or table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .profile import Profile, seat_rows

# Okabe–Ito colours (distinguishable with colour-vision deficiency), then four more.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#555555",
    "#882255",
    "#44AA99",
    "#117733",
    "#999933",
)
WIDTH = 360
HEIGHT = 196
MAX_DOT = 14.0
CENTRE = (WIDTH / 2, HEIGHT - MAX_DOT - 2)
OUTER = WIDTH / 2 - MAX_DOT - 2
# (largest number of seats, rows, inner radius as a share of the outer one)
ROW_PLAN: tuple[tuple[int, int, float], ...] = (
    (8, 1, 1.0),
    (20, 2, 0.6),
    (36, 3, 0.5),
    (52, 4, 0.42),
)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class ChartGroup:
    label: str
    seats: int
    voting: bool
    colour: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    group: int


def _plan(total: int) -> tuple[int, float]:
    for limit, rows, inner in ROW_PLAN:
        if total <= limit:
            return rows, inner
    return 5, 0.38


def seat_positions(total: int) -> list[tuple[float, float, float]]:
    """``total`` points (x, y, radius) on concentric half circles, ordered left to right
    so that consecutive seats form wedges."""
    if total <= 0:
        return []
    rows, inner_share = _plan(total)
    inner = OUTER * inner_share
    step = (OUTER - inner) / (rows - 1) if rows > 1 else 0.0
    radii = [inner + step * i for i in range(rows)]
    share = sum(radii)
    counts = [int(total * r / share) for r in radii]
    # Hand the remaining seats to the rows that lost most by rounding down.
    order = sorted(range(rows), key=lambda i: counts[i] - total * radii[i] / share)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    gaps = [math.pi * r / (n - 1) for r, n in zip(radii, counts, strict=True) if n > 1]
    dot = min([MAX_DOT, *(gap * 0.42 for gap in gaps), *([step * 0.42] if rows > 1 else [])])
    points = []
    cx, cy = CENTRE
    for r, n in zip(radii, counts, strict=True):
        for k in range(n):
            angle = math.pi * (1 - k / (n - 1)) if n > 1 else math.pi / 2
            points.append((angle, cx + r * math.cos(angle), cy - r * math.sin(angle)))
    points.sort(key=lambda p: (-round(p[0], 9), p[1]))
    return [(round(x, 2), round(y, 2), round(dot, 2)) for _a, x, y in points]


def composition_dots(groups: Sequence[ChartGroup]) -> list[Dot]:
    total = sum(g.seats for g in groups)
    owners = [index for index, g in enumerate(groups) for _ in range(g.seats)]
    return [Dot(x, y, r, owners[n]) for n, (x, y, r) in enumerate(seat_positions(total))]


def composition_svg(groups: Sequence[ChartGroup], *, title: str, ident: str = "composition") -> str:
    """The half circle as a standalone SVG document (for pages and for the PDF)."""
    dots = composition_dots(groups)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby={quoteattr(ident + "-t")}>',
        f"<title id={quoteattr(ident + '-t')}>{escape(title)}</title>",
    ]
    for dot in dots:
        group = groups[dot.group]
        if group.voting:
            paint = f'fill="{group.colour}"'
        else:
            width = max(1.2, dot.r * 0.4)
            paint = f'fill="#ffffff" stroke="{group.colour}" stroke-width="{width:.2f}"'
            dot = Dot(dot.x, dot.y, round(dot.r - width / 2, 2), dot.group)
        parts.append(f'<circle cx="{dot.x}" cy="{dot.y}" r="{dot.r}" {paint}/>')
    parts.append("</svg>")
    return "".join(parts)


def profile_groups(profile: Profile) -> list[ChartGroup]:
    """The profile's seat groups with a number of seats, in the order of the form."""
    return [
        ChartGroup(seat.label, count, seat.voting, colour(index))
        for index, (seat, count) in enumerate(seat_rows(profile))
        if count
    ]
