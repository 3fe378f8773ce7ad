"""Geometry of the server-rendered SVG charts (no Django): bars of the balance and the
two target paths. Templates draw the shapes; every chart has a table next to it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .calc import Path

WIDTH = 320  # viewBox units; the SVG scales to the screen (phone first)
BAR_HEIGHT = 12
BAR_GAP = 36


@dataclass(frozen=True)
class Bar:
    key: str
    value: float
    y: float
    width: float
    share: float  # of the positive total, 0..1


def bars(values: dict[str, float], order: list[str]) -> tuple[list[Bar], float]:
    """One bar per key (in ``order``, then the rest by size); width relative to the
    largest value. Negative values (sinks) get no bar but stay in the table."""
    keys = [k for k in order if k in values] + sorted(
        (k for k in values if k not in order), key=lambda k: -values[k]
    )
    largest = max((v for v in values.values() if v > 0), default=0.0)
    total = math.fsum(v for v in values.values() if v > 0)
    result = []
    for index, key in enumerate(keys):
        value = values[key]
        width = WIDTH * value / largest if largest and value > 0 else 0.0
        result.append(
            Bar(key, value, index * BAR_GAP + 18, round(width, 2), value / total if total else 0)
        )
    return result, len(keys) * BAR_GAP + 4


@dataclass(frozen=True)
class PathChart:
    width: int
    height: int
    lines: dict[str, str]  # kind -> "x,y x,y ..." for <polyline points>
    x_ticks: list[tuple[float, int]]
    y_ticks: list[tuple[float, float]]
    plot: dict


def _nice(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def path_chart(paths: list[Path], *, width: int = 320, height: int = 200) -> PathChart | None:
    """Both paths in one chart: years along x, t CO2e up y, ticks at round values."""
    paths = [p for p in paths if p and p.points]
    if not paths:
        return None
    first = min(p.points[0][0] for p in paths)
    last = max(p.points[-1][0] for p in paths)
    top = _nice(max(v for p in paths for _, v in p.points))
    left, right, upper, lower = 58, 14, 8, 22
    inner_w, inner_h = width - left - right, height - upper - lower
    span = max(last - first, 1)

    def x(year: float) -> float:
        return round(left + inner_w * (year - first) / span, 2)

    def y(value: float) -> float:
        return round(upper + inner_h * (1 - value / top), 2)

    lines = {p.kind: " ".join(f"{x(year)},{y(v)}" for year, v in p.points) for p in paths}
    step = max(1, round(span / 5))
    x_ticks = [(x(year), year) for year in range(first, last + 1, step)]
    if x_ticks[-1][1] != last:
        if last - x_ticks[-1][1] < step * 0.75:  # too close: the target year replaces it
            x_ticks.pop()
        x_ticks.append((x(last), last))
    y_ticks = [(y(top * i / 4), top * i / 4) for i in range(5)]
    plot = {"left": left, "right": width - right, "top": upper, "bottom": height - lower}
    return PathChart(width, height, lines, x_ticks, y_ticks, plot)
