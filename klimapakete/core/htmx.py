"""htmx requests are recognised one way: django-htmx's middleware sets ``request.htmx``
(its ``boosted``, ``target`` and ``trigger`` attributes, and its response classes, are
there for views that need them). Views test ``if request.htmx:``."""


def is_htmx(request) -> bool:
    """True when htmx made the request (it then wants a fragment, not a page).

    Kept for the selection views until they use ``request.htmx`` like the others."""
    return bool(getattr(request, "htmx", False))
