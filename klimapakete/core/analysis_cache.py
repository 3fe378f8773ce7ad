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
  transaction commits, and then queues one task that recomputes the subject's analyses
  in the worker (several bumps before the worker starts queue one task). A result
  computed from data read before the commit is stored under a version nobody asks for
  any more (``result`` reads the version *before* it loads data).
- ``result(name, team_id)`` — the analysis for the current version. A page never
  computes more than a bounded amount: a team whose subject is small
  (``size(team_id) <= ANALYSIS_INLINE_MAX_SIZE``) gets it computed inline when it is
  missing or old; a larger team gets the last result (``fresh`` False, with
  ``computed_at``: "updated 2 minutes ago") or ``None`` while the worker computes.
  Reads never queue tasks (no writes on GET): ``queued_at`` tells a page whether a
  computation is waiting, and ``analysis_enqueue`` (a POST) starts one after the cache
  lost its results.

Apps register analyses with ``register(name, subject, compute, size=...)``;
``compute(team_id)`` returns a picklable result and loads what it needs itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

# A queued refresh is remembered this long (then a bump queues another even if the
# first never ran, e.g. no worker was running).
QUEUED_SECONDS = 3600


@dataclass(frozen=True)
class Analysis:
    name: str
    subject: str
    compute: Callable[[int], object]
    size: Callable[[int], int] | None = None  # the subject's size for a team (inline limit)


@dataclass(frozen=True)
class Result:
    value: object
    version: int
    computed_at: datetime
    fresh: bool  # computed for the current version


ANALYSES: dict[str, Analysis] = {}


def register(
    name: str,
    subject: str,
    compute: Callable[[int], object],
    *,
    size: Callable[[int], int] | None = None,
) -> Analysis:
    ANALYSES[name] = Analysis(name, subject, compute, size)
    return ANALYSES[name]


def _version_key(subject: str, team_id: int) -> str:
    return f"v:{subject}:{team_id}"


def _queued_key(subject: str, team_id: int) -> str:
    return f"q:{subject}:{team_id}"


def version(subject: str, team_id: int) -> int:
    key = _version_key(subject, team_id)
    value = cache.get(key)
    if value is None:
        value = time.time_ns()
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
    return value


def bump(subject: str, team_id: int, *, refresh: bool = True) -> None:
    """A new version of the team's subject; once the transaction commits, the worker
    recomputes the subject's analyses (``refresh=False``: only the version, e.g. while a
    backup is restored — the next change or the page's button queues the work)."""
    key = _version_key(subject, team_id)
    cache.set(key, time.time_ns(), timeout=None)

    def committed() -> None:
        cache.set(key, time.time_ns(), timeout=None)
        if refresh:
            enqueue(subject, team_id)

    transaction.on_commit(committed)


def enqueue(subject: str, team_id: int) -> bool:
    """Queue the recomputation unless one is waiting already; True if queued now."""
    if not any(a.subject == subject for a in ANALYSES.values()):
        return False
    if not cache.add(_queued_key(subject, team_id), timezone.now(), timeout=QUEUED_SECONDS):
        return False
    analysis_refresh.enqueue(subject=subject, team_id=team_id)
    return True


def queued_at(subject: str, team_id: int) -> datetime | None:
    """When a recomputation was queued that no worker has started yet."""
    return cache.get(_queued_key(subject, team_id))


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


def inline_allowed(name: str, team_id: int) -> bool:
    """Whether a request may compute the analysis itself (the team's subject is small)."""
    analysis = ANALYSES[name]
    if analysis.size is None:
        return True
    return analysis.size(team_id) <= settings.ANALYSIS_INLINE_MAX_SIZE


def result(name: str, team_id: int) -> Result | None:
    """The analysis for the team: fresh; computed inline for a small team; else the last
    one (or None) while the worker computes."""
    analysis = ANALYSES[name]
    current = version(analysis.subject, team_id)  # before any data is loaded
    stored = _stored(name, team_id, current)
    if stored is not None and stored.fresh:
        return stored
    if inline_allowed(name, team_id):
        return _store(name, team_id, current)
    return stored


def refresh(name: str, team_id: int) -> Result:
    """Compute now for the current version (the task, and tests)."""
    return _store(name, team_id, version(ANALYSES[name].subject, team_id))


@task()
def analysis_refresh(*, subject: str, team_id: int) -> None:
    """Recompute every analysis of the subject for the team's current version."""
    # Forget the queue entry first: a change made while this runs queues the next run.
    cache.delete(_queued_key(subject, team_id))
    for analysis in list(ANALYSES.values()):
        if analysis.subject == subject:
            refresh(analysis.name, team_id)
