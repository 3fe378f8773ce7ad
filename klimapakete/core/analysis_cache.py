"""Results of expensive analyses, computed once and shared by every process.

An analysis (key persons, communities, a network layout, a recruitment order) depends on
a subject of a team's data (e.g. its actor map). Instead of hashing the data on every
request, writes *bump* a per-team version of the subject and results are stored in the
shared cache under that version:

- ``version(subject, team_id)`` — one cache read. A bump stores a new unique value (the
  clock in nanoseconds, not an increment), so concurrent bumps cannot lose a change and a
  version evicted from the cache never comes back with an old result.
- ``bump(subject, team_id)`` — call it in every service that changes the subject. It
  sets a new version at once (the writing process sees it) and again when the
  transaction commits, so a result computed from data read before the commit is stored
  under a version nobody asks for any more (``result`` reads the version *before* it
  loads data).
- ``result(name, team_id)`` — the analysis for the current version. When it is missing
  but an earlier result exists, that one is returned (with ``computed_at``, "updated 2
  minutes ago") and a task recomputes in the worker; several processes asking at once
  queue one task (a cache lock). With no earlier result the first request computes
  inline, or — ``wait=False``, for teams too large for that — gets ``None`` while the
  worker computes.

Apps register analyses with ``register(name, subject, compute)``; ``compute(team_id)``
returns a picklable result and loads what it needs itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

LOCK_SECONDS = 120


@dataclass(frozen=True)
class Analysis:
    name: str
    subject: str
    compute: Callable[[int], object]


@dataclass(frozen=True)
class Result:
    value: object
    version: int
    computed_at: datetime
    fresh: bool  # computed for the current version


ANALYSES: dict[str, Analysis] = {}


def register(name: str, subject: str, compute: Callable[[int], object]) -> Analysis:
    ANALYSES[name] = Analysis(name, subject, compute)
    return ANALYSES[name]


def _version_key(subject: str, team_id: int) -> str:
    return f"v:{subject}:{team_id}"


def version(subject: str, team_id: int) -> int:
    key = _version_key(subject, team_id)
    value = cache.get(key)
    if value is None:
        value = time.time_ns()
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
    return value


def bump(subject: str, team_id: int) -> None:
    """A new version of the team's subject once the transaction commits."""
    key = _version_key(subject, team_id)
    cache.set(key, time.time_ns(), timeout=None)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), timeout=None))


def _result_key(name: str, team_id: int) -> str:
    return f"a:{name}:{team_id}"


def _store(name: str, team_id: int, at_version: int) -> Result:
    value = ANALYSES[name].compute(team_id)
    computed_at = timezone.now()
    cache.set(_result_key(name, team_id), (at_version, computed_at, value), timeout=None)
    return Result(value, at_version, computed_at, True)


def _stored(name: str, team_id: int, current: int) -> Result | None:
    stored = cache.get(_result_key(name, team_id))
    if stored is None:
        return None
    at_version, computed_at, value = stored
    return Result(value, at_version, computed_at, at_version == current)


def result(name: str, team_id: int, *, wait: bool = True) -> Result | None:
    """The analysis for the team: fresh, or the last one while the worker recomputes."""
    analysis = ANALYSES[name]
    current = version(analysis.subject, team_id)  # before any data is loaded
    stored = _stored(name, team_id, current)
    if stored is not None and stored.fresh:
        return stored
    if stored is None and wait:
        return _store(name, team_id, current)
    if cache.add(f"lock:{name}:{team_id}:{current}", 1, timeout=LOCK_SECONDS):
        analysis_refresh.enqueue(name=name, team_id=team_id)
        # A worker in this process (the immediate backend) has finished already.
        return _stored(name, team_id, current) or stored
    return stored


def refresh(name: str, team_id: int) -> Result:
    """Compute now for the current version (the task, and tests)."""
    return _store(name, team_id, version(ANALYSES[name].subject, team_id))


@task()
def analysis_refresh(*, name: str, team_id: int) -> None:
    if name in ANALYSES:
        refresh(name, team_id)
