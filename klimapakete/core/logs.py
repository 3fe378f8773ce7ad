"""Structured logs: one line per request and per task, with its duration.

``LOG_FORMAT=json`` (the production default) writes each record as one JSON object per
line; ``text`` is for reading in a terminal. Extra fields given with ``extra={...}``
(method, path, status, duration_ms, task, …) become keys of the JSON object.
"""

from __future__ import annotations

import json
import logging
import time

from django.utils.functional import empty

request_logger = logging.getLogger("klimapakete.request")
task_logger = logging.getLogger("klimapakete.task")

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


class RequestLogMiddleware:
    """Logs method, path (without query), status, duration and user id of every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.monotonic()
        response = self.get_response(request)
        duration = round((time.monotonic() - start) * 1000, 1)
        # Only a user the view already loaded: logging must not cost a query.
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "_wrapped", None) is empty:
            user = None
        request_logger.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            duration,
            extra={
                "method": request.method,
                "path": request.path[:500],
                "status": response.status_code,
                "duration_ms": duration,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


def log_task_finished(sender, task_result, **kwargs) -> None:
    """One line per finished task with its duration (connected in CoreConfig.ready)."""
    started, finished = task_result.started_at, task_result.finished_at
    duration = (
        round((finished - started).total_seconds() * 1000, 1) if started and finished else None
    )
    task_logger.info(
        "task %s %s %sms",
        task_result.task.module_path,
        task_result.status,
        duration,
        extra={
            "task": task_result.task.module_path,
            "task_id": str(task_result.id),
            "status": str(task_result.status),
            "duration_ms": duration,
        },
    )
