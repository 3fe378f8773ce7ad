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


sizes: dict[int, int] = {}


@pytest.fixture(autouse=True)
def analysis(db, settings):
    calls.clear()
    data.clear()
    sizes.clear()
    cache.clear()
    settings.ANALYSIS_INLINE_MAX_SIZE = 100
    analysis_cache.register(
        "test-total", "test-subject", _compute, size=lambda team_id: sizes.get(team_id, 1)
    )
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


def test_a_small_team_sees_a_change_at_once():
    data[1] = 5
    analysis_cache.result("test-total", 1)
    data[1] = 6
    analysis_cache.bump("test-subject", 1)
    fresh = analysis_cache.result("test-total", 1)
    assert fresh.fresh and fresh.value == {"total": 6}


def test_a_commit_queues_one_refresh_that_the_worker_runs(
    settings, django_capture_on_commit_callbacks
):
    sizes[1] = 1000  # too large to compute on a request
    data[1] = 5
    analysis_cache.refresh("test-total", 1)
    settings.TASKS = DUMMY
    data[1] = 6
    with django_capture_on_commit_callbacks(execute=True):
        analysis_cache.bump("test-subject", 1)
        analysis_cache.bump("test-subject", 1)
    assert len(default_task_backend.results) == 1  # two changes, one refresh queued
    assert analysis_cache.queued_at("test-subject", 1) is not None
    answers = [analysis_cache.result("test-total", 1) for _ in range(3)]
    # The last result is served meanwhile; reading queues nothing and computes nothing.
    assert all(a.value == {"total": 5} and not a.fresh for a in answers)
    assert calls == [1] and len(default_task_backend.results) == 1
    analysis_cache.analysis_refresh.call(subject="test-subject", team_id=1)  # the worker
    fresh = analysis_cache.result("test-total", 1)
    assert fresh.fresh and fresh.value == {"total": 6}
    assert analysis_cache.queued_at("test-subject", 1) is None


def test_a_large_team_without_a_result_waits_for_the_worker(settings):
    settings.TASKS = DUMMY
    sizes[1] = 1000
    assert analysis_cache.result("test-total", 1) is None
    assert calls == [] and len(default_task_backend.results) == 0  # no task from a read
    assert analysis_cache.enqueue("test-subject", 1)  # the page's button (a POST)
    assert not analysis_cache.enqueue("test-subject", 1)  # one is waiting already
    assert len(default_task_backend.results) == 1


def test_a_version_lost_from_the_cache_does_not_bring_back_an_old_result():
    data[1] = 5
    analysis_cache.result("test-total", 1)
    cache.delete("v:test-subject:1")
    data[1] = 6
    assert analysis_cache.result("test-total", 1).value == {"total": 6}
