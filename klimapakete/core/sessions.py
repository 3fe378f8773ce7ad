"""Sessions that are written only when their content changes.

Django marks a session modified on every assignment, so a view that remembers something
on each visit (the dashboard stores the last team) would write the session row on every
GET. Here assigning the value a key already holds changes nothing.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_MISSING = object()


class SessionStore(DatabaseSessionStore):
    def __setitem__(self, key, value):
        if self._session.get(key, _MISSING) == value:
            return
        super().__setitem__(key, value)
