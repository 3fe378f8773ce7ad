def is_htmx(request) -> bool:
    """True when htmx made the request (it then wants a fragment, not a page)."""
    return request.headers.get("HX-Request") == "true"
