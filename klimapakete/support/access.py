from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def support_view(view):
    """Only support organisation staff (and superusers); everyone else gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_support_staff or request.user.is_superuser):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
