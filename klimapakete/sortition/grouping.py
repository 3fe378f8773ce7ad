"""Group interchangeable respondents (identical feature vectors) into types."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from klimapakete.sortition.model import Instance


@dataclass
class TypeProblem:
    """The selection problem over types.

    ``members[t]`` lists the respondent indices (input order) of type ``t``; quota ``q``
    counts the types in ``quota_types[q]`` and must lie in ``[lower[q], upper[q]]``.
    """

    keys: list[tuple[str, ...]]
    members: list[list[int]]
    sizes: np.ndarray
    quota_types: list[np.ndarray]
    lower: np.ndarray
    upper: np.ndarray
    panel_size: int

    @property
    def count(self) -> int:
        return len(self.keys)


def group_types(instance: Instance) -> TypeProblem:
    """Build the type-level problem of ``instance`` (types in order of first appearance)."""
    index: dict[tuple[str, ...], int] = {}
    keys: list[tuple[str, ...]] = []
    members: list[list[int]] = []
    for i, r in enumerate(instance.respondents):
        key = tuple(r.features[c] for c in instance.categories)
        t = index.get(key)
        if t is None:
            t = index[key] = len(keys)
            keys.append(key)
            members.append([])
        members[t].append(i)
    position = {c: j for j, c in enumerate(instance.categories)}
    quota_types = []
    for q in instance.quotas:
        j = position[q.category]
        quota_types.append(
            np.array([t for t, key in enumerate(keys) if key[j] == q.feature], dtype=np.int64)
        )
    return TypeProblem(
        keys=keys,
        members=members,
        sizes=np.array([len(m) for m in members], dtype=np.int64),
        quota_types=quota_types,
        lower=np.array([q.min for q in instance.quotas], dtype=np.int64),
        upper=np.array([q.max for q in instance.quotas], dtype=np.int64),
        panel_size=instance.panel_size,
    )
