"""Demo data: apps add builders that fill the demo team with realistic content."""

from __future__ import annotations

from collections.abc import Callable

DemoBuilder = Callable[..., None]
BUILDERS: list[tuple[int, DemoBuilder]] = []


def register(order: int) -> Callable[[DemoBuilder], DemoBuilder]:
    def decorator(builder: DemoBuilder) -> DemoBuilder:
        if all(b is not builder for _o, b in BUILDERS):
            BUILDERS.append((order, builder))
            BUILDERS.sort(key=lambda pair: pair[0])
        return builder

    return decorator
