"""Sessions that are written only when their content changes.

Django marks a session modified on every assignment, so a view that remembers something
on each visit (the dashboard stores the last team) would write the session row on every
GET. Here assigning the value a key already holds changes nothing — for plain values
only: a list or dict may have been changed in place and is assigned again to be saved.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

_MISSING = object()
_PLAIN = (str, int, float, bool, type(None))


class SessionStore(DatabaseSessionStore):
    def __setitem__(self, key, value):
        old = self._session.get(key, _MISSING)
        if isinstance(value, _PLAIN) and type(old) is type(value) and old == value:
            return
        super().__setitem__(key, value)
