"""Who may use the forum and the library, and who moderates.

The forum is open to every signed-in member of any team and to support staff; it is not
public. Everyone else gets 404 (anonymous people are sent to the log-in first). Support
staff (and superusers) moderate.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def is_moderator(user) -> bool:
    return bool(user.is_authenticated and (user.is_support_staff or user.is_superuser))


def may_use_forum(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return is_moderator(user) or user.memberships.exists()


def forum_view(view):
    """Members of any team and support staff; anonymous people log in first; others 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_use_forum(request.user):
            raise Http404
        request.is_moderator = is_moderator(request.user)
        return view(request, *args, **kwargs)

    wrapper.forum_access = "member"
    return wrapper


def moderator_view(view):
    """Support staff only; everyone else 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise Http404
        request.is_moderator = True
        return view(request, *args, **kwargs)

    wrapper.forum_access = "moderator"
    return wrapper
