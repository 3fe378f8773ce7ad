"""Pure rules of a dot vote: checking a ballot and ranking needs. No Django imports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def ballot_problems(
    allocations: Mapping[int, int], *, needs: Iterable[int], dots: int, cap: int
) -> list[tuple[str, dict]]:
    """What is wrong with a ballot (need id → dots); empty when it may be cast."""
    known = set(needs)
    problems: list[tuple[str, dict]] = []
    if any(need not in known for need in allocations):
        problems.append(("unknown_need", {}))
    if any(n < 0 for n in allocations.values()):
        problems.append(("negative_dots", {}))
    over_cap = [need for need, n in allocations.items() if n > cap]
    if over_cap:
        problems.append(("over_cap", {"n": cap}))
    total = sum(n for n in allocations.values() if n > 0)
    if total > dots:
        problems.append(("too_many_dots", {"n": dots, "used": total}))
    return problems


@dataclass(frozen=True)
class Ranked:
    need_id: int
    dots: int
    rank: int


def rank(totals: Mapping[int, int], order: Iterable[int]) -> list[Ranked]:
    """Needs by dots, most first; equal dots share a rank (1, 2, 2, 4) and keep ``order``."""
    position = {need: i for i, need in enumerate(order)}
    ordered = sorted(position, key=lambda need: (-totals.get(need, 0), position[need]))
    ranked: list[Ranked] = []
    for i, need in enumerate(ordered):
        dots = totals.get(need, 0)
        shared = ranked and ranked[-1].dots == dots
        ranked.append(Ranked(need, dots, ranked[-1].rank if shared else i + 1))
    return ranked
