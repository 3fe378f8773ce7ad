"""Seeded, verifiable draws from a distribution, and replacements for drop-outs.

How a seed selects a panel (anyone can re-run this with the published
``distribution.csv``):

1. ``h`` = SHA-256 of the seed string encoded as UTF-8, read as a big-endian integer;
   ``u = h / 2**256`` (so ``0 <= u < 1``).
2. Take the panels in the order of ``distribution.csv`` with their probabilities
   ``p_1 … p_N`` *as written there* (decimal numbers) and ``P = p_1 + … + p_N``.
3. The drawn panel is the first ``i`` with ``p_1 + … + p_i > u · P``, computed with exact
   rational arithmetic (no floating-point rounding).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from fractions import Fraction

from klimapakete.sortition.feasibility import FeasibilityReport, QuotaConflict, check
from klimapakete.sortition.leximin import leximin
from klimapakete.sortition.model import Distribution, Instance, Quota, SelectionResult


def seed_to_unit(seed: str) -> Fraction:
    """The number ``u`` in ``[0, 1)`` that ``seed`` stands for (step 1 above)."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return Fraction(int.from_bytes(digest, "big"), 2**256)


def seed_commitment(seed: str) -> str:
    """The SHA-256 hex digest of ``seed``, to publish before the draw."""
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()


def draw_index(probabilities: list[float], seed: str) -> int:
    """Index of the panel that ``seed`` selects (steps 2 and 3 above).

    Probabilities are taken as the decimal text Python writes for them (``repr``), which
    is what ``distribution.csv`` contains and reads back to the same number.
    """
    exact = [Fraction(repr(float(p))) for p in probabilities]
    if not exact or any(p < 0 for p in exact):
        raise ValueError("probabilities must be non-negative and not empty")
    target = seed_to_unit(seed) * sum(exact)
    running = Fraction(0)
    for i, p in enumerate(exact):
        running += p
        if running > target:
            return i
    return max(i for i, p in enumerate(exact) if p > 0)  # unreachable; for safety


def draw_panel(distribution: Distribution, seed: str) -> tuple[str, ...]:
    """The panel of ``distribution`` selected by ``seed``."""
    return distribution.panels[draw_index(distribution.probabilities, seed)]


def verify_draw(distribution: Distribution, seed: str, panel: list[str] | tuple[str, ...]) -> bool:
    """True when ``seed`` selects exactly ``panel`` (order ignored) from ``distribution``."""
    return sorted(draw_panel(distribution, seed)) == sorted(panel)


@dataclass
class Replacement:
    """Replacements for drop-outs: ``chosen`` ids, or the reason none are possible.

    ``selection`` is the LEXIMIN lottery over the remaining pool that ``chosen`` was
    drawn from (None when infeasible); ``feasibility`` explains infeasible quotas.
    """

    chosen: tuple[str, ...]
    selection: SelectionResult | None
    feasibility: FeasibilityReport


def replacement_instance(
    instance: Instance, panel: list[str], dropouts: list[str], unavailable: list[str] = ()
) -> Instance:
    """The sub-problem for filling the seats of ``dropouts``.

    Pool: everyone not on the panel, not a drop-out and not ``unavailable``. Panel size:
    the number of drop-outs. Quotas: the original ones minus the members who stay.
    """
    gone = set(dropouts)
    if not gone <= set(panel):
        raise ValueError("every drop-out must be a panel member")
    staying = [r for r in instance.respondents if r.id in set(panel) - gone]
    excluded = set(panel) | set(unavailable)
    pool = [r for r in instance.respondents if r.id not in excluded]
    quotas = []
    for q in instance.quotas:
        have = sum(1 for r in staying if r.features[q.category] == q.feature)
        quotas.append(Quota(q.category, q.feature, max(0, q.min - have), max(0, q.max - have)))
    return Instance(instance.categories, quotas, pool, len(gone))


def replace_dropouts(
    instance: Instance,
    panel: list[str],
    dropouts: list[str],
    seed: str,
    unavailable: list[str] = (),
    time_limit: float | None = None,
) -> Replacement:
    """Fairly drawn replacements that keep the quotas together with the members who stay.

    Solves LEXIMIN over the remaining pool for the vacant seats (see
    :func:`replacement_instance`) and draws from it with ``seed`` like the main draw.
    """
    sub = replacement_instance(instance, panel, dropouts, unavailable)
    if sub.panel_size > sub.n:
        conflict = QuotaConflict(
            "pool_too_small", "", "", sub.panel_size, sub.n,
            f"{sub.panel_size} seat(s) to fill but only {sub.n} respondent(s) left in the pool.",
        )  # fmt: skip
        return Replacement((), None, FeasibilityReport(feasible=False, conflicts=[conflict]))
    report = check(sub)
    if not report.feasible:
        return Replacement((), None, report)
    selection = leximin(sub, time_limit=time_limit)
    return Replacement(draw_panel(selection.distribution, seed), selection, report)


def reserve_lists(
    instance: Instance, panel: list[str], seed: str, unavailable: list[str] = ()
) -> dict[str, list[str]]:
    """For each panel member, the interchangeable non-members in a seeded order.

    A reserve with the same values in every category keeps every quota. Within a list
    the order is by SHA-256 of ``seed``, a NUL byte and the respondent id, so every
    candidate is equally likely to come first and anyone can recompute the order.
    """
    on_panel = set(panel)
    excluded = on_panel | set(unavailable)
    by_features: dict[tuple[str, ...], list[str]] = {}
    for r in instance.respondents:
        if r.id not in excluded:
            key = tuple(r.features[c] for c in instance.categories)
            by_features.setdefault(key, []).append(r.id)
    people = {r.id: r for r in instance.respondents}

    def order(rid: str) -> str:
        return hashlib.sha256(f"{seed}\0{rid}".encode()).hexdigest()

    result = {}
    for member in panel:
        key = tuple(people[member].features[c] for c in instance.categories)
        result[member] = sorted(by_features.get(key, []), key=order)
    return result
