"""An independent check of a selection result.

Deliberately written against the raw instance (respondents and quotas), without the
solver's type grouping, so that a bug in the solver cannot hide itself.
"""

from __future__ import annotations

from collections import Counter

from klimapakete.sortition.model import Distribution, Instance

TOLERANCE = 1e-6


def check(
    instance: Instance,
    distribution: Distribution,
    probabilities: dict[str, float] | None = None,
    tolerance: float = TOLERANCE,
) -> list[str]:
    """Return a list of problems (empty when the result is valid).

    Checks that every panel has ``k`` distinct known respondents and meets every quota,
    that panel probabilities are non-negative and sum to 1, and — when ``probabilities``
    is given — that it lists every respondent with exactly the marginal selection
    probability of the distribution.
    """
    problems: list[str] = []
    people = {r.id: r for r in instance.respondents}
    k = instance.panel_size
    if len(distribution.panels) != len(distribution.probabilities):
        return ["panels and probabilities differ in length"]
    if not distribution.panels:
        return ["the distribution has no panels"]
    marginal: Counter[str] = Counter()
    for number, (panel, p) in enumerate(
        zip(distribution.panels, distribution.probabilities, strict=True), start=1
    ):
        if p < -tolerance:
            problems.append(f"panel {number}: negative probability {p}")
        if len(panel) != k:
            problems.append(f"panel {number}: {len(panel)} members instead of {k}")
        if len(set(panel)) != len(panel):
            problems.append(f"panel {number}: a respondent appears twice")
        unknown = [i for i in panel if i not in people]
        if unknown:
            problems.append(f"panel {number}: unknown respondent {unknown[0]!r}")
            continue
        counts = Counter((c, people[i].features[c]) for i in panel for c in instance.categories)
        for q in instance.quotas:
            have = counts.get((q.category, q.feature), 0)
            if not q.min <= have <= q.max:
                problems.append(
                    f"panel {number}: {have} × {q.category} = {q.feature}, quota is {q.min}–{q.max}"
                )
        for i in panel:
            marginal[i] += p
    total = sum(distribution.probabilities)
    if abs(total - 1.0) > tolerance:
        problems.append(f"probabilities sum to {total}, not 1")
    if probabilities is not None:
        missing = [i for i in people if i not in probabilities]
        if missing:
            problems.append(f"no probability for respondent {missing[0]!r}")
        for i, p in probabilities.items():
            if abs(p - marginal.get(i, 0.0)) > tolerance:
                problems.append(
                    f"respondent {i!r}: probability {p} but selected with {marginal.get(i, 0.0)}"
                )
    return problems
