"""Absolute links: from the request's own address where there is a request, else SITE_URL.

``CurrentRequestMiddleware`` remembers the request being answered (a context variable, so
threads and tasks never see another's); services that put links into mails, calendar feeds
or documents call ``absolute_url(path)`` without passing the request around. Work done
outside a request (the task worker, cron commands) uses ``settings.SITE_URL``, which
``make run`` sets from ``HOST`` and ``PORT``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse

_request: ContextVar = ContextVar("klimapakete_request", default=None)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def current_request():
    """The request being answered in this thread or task, or None."""
    return _request.get()


def site_root() -> str:
    """``scheme://host[:port]`` of the request being answered, else SITE_URL."""
    request = _request.get()
    if request is not None:
        try:
            return f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            pass
    return settings.SITE_URL


def absolute_url(path: str) -> str:
    return site_root() + path


def site_host() -> str:
    """The host name (with port) of ``site_root()``, e.g. for iCal UIDs."""
    return urlsplit(site_root()).netloc or "klimapakete"


# An id no row has: reversed once, then replaced by each row's own id.
_SOME_ID = 2**62 + 12345


def url_maker(name: str, *args) -> Callable[[object], str]:
    """``reverse(name, args=[*args, pk])`` for the many ``pk`` of a list, reversed once.

    The id is the route's last argument and so the last occurrence of the marker in the
    path (a team slug before it may hold the same digits)."""
    head, _marker, tail = reverse(name, args=[*args, _SOME_ID]).rpartition(str(_SOME_ID))
    return lambda pk: f"{head}{int(pk)}{tail}"
