"""Analyses computed once per version of the data, shared, refreshed by the worker."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django_tasks import default_task_backend

from klimapakete.core import analysis_cache

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
calls: list[int] = []
data: dict[int, int] = {}


def _compute(team_id: int) -> dict:
    calls.append(team_id)
    return {"total": data.get(team_id, 0)}


@pytest.fixture(autouse=True)
def analysis(db):
    calls.clear()
    data.clear()
    cache.clear()
    analysis_cache.register("test-total", "test-subject", _compute)
    yield
    analysis_cache.ANALYSES.pop("test-total", None)


def test_computed_once_then_shared():
    data[1] = 5
    first = analysis_cache.result("test-total", 1)
    second = analysis_cache.result("test-total", 1)
    assert first.value == second.value == {"total": 5}
    assert second.fresh and calls == [1]


def test_teams_have_their_own_results():
    data[1], data[2] = 5, 7
    assert analysis_cache.result("test-total", 1).value == {"total": 5}
    assert analysis_cache.result("test-total", 2).value == {"total": 7}
    analysis_cache.bump("test-subject", 2)
    assert analysis_cache.result("test-total", 1).fresh


def test_a_change_is_seen_after_the_worker_ran():
    data[1] = 5
    analysis_cache.result("test-total", 1)
    data[1] = 6
    analysis_cache.bump("test-subject", 1)
    # The tests' task backend runs the refresh at once.
    fresh = analysis_cache.result("test-total", 1)
    assert fresh.fresh and fresh.value == {"total": 6}


def test_the_last_result_is_served_while_the_worker_computes(settings):
    data[1] = 5
    analysis_cache.result("test-total", 1)
    settings.TASKS = DUMMY
    data[1] = 6
    analysis_cache.bump("test-subject", 1)
    answers = [analysis_cache.result("test-total", 1) for _ in range(3)]
    assert all(a.value == {"total": 5} and not a.fresh for a in answers)
    assert calls == [1]  # nothing computed inline
    assert len(default_task_backend.results) == 1  # one refresh queued, not three
    analysis_cache.refresh("test-total", 1)  # what the worker does
    assert analysis_cache.result("test-total", 1).value == {"total": 6}


def test_a_large_team_waits_for_the_worker(settings):
    settings.TASKS = DUMMY
    assert analysis_cache.result("test-total", 1, wait=False) is None
    assert calls == [] and len(default_task_backend.results) == 1


def test_a_version_lost_from_the_cache_does_not_bring_back_an_old_result():
    data[1] = 5
    analysis_cache.result("test-total", 1)
    cache.delete("v:test-subject:1")
    data[1] = 6
    assert analysis_cache.result("test-total", 1).value == {"total": 6}
