"""Computations shared within one read request.

A page and its parts (dashboard panels, context processors, template tags) often need the
same derived value — the team's package progress, a membership — and each part asked the
database again. ``per_request`` remembers a function's result for the request being
answered (``core.links.CurrentRequestMiddleware``), keyed by its arguments.

Only for GET and HEAD: reads never write (a test asserts it), so a value cannot go stale
within one; a POST may change the data between two calls and always computes afresh.
Outside a request (tasks, commands, tests calling selectors directly) nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from klimapakete.core.links import current_request

_SAFE = ("GET", "HEAD")


def per_request(function: Callable) -> Callable:
    @wraps(function)
    def wrapper(*args, **kwargs):
        request = current_request()
        if request is None or request.method not in _SAFE:
            return function(*args, **kwargs)
        store = request.__dict__.setdefault("_klimapakete_memo", {})
        try:
            key = (function, args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:
            return function(*args, **kwargs)
        if key not in store:
            store[key] = function(*args, **kwargs)
        return store[key]

    return wrapper
