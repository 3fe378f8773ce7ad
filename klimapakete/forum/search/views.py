from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import ngettext

from klimapakete.forum import rows
from klimapakete.forum.access import forum_view
from klimapakete.forum.search import backends, selectors, text


@forum_view
def search(request):
    raw = request.GET.get("q", "")
    notice = ""
    if len(raw) > settings.FORUM_SEARCH_MAX_CHARS:
        raw = raw[: settings.FORUM_SEARCH_MAX_CHARS]
        notice = ngettext(
            "The search was shortened to %(n)s character.",
            "The search was shortened to %(n)s characters.",
            settings.FORUM_SEARCH_MAX_CHARS,
        ) % {"n": settings.FORUM_SEARCH_MAX_CHARS}
    query = text.parse(raw)
    page_number = request.GET.get("page", "1")
    page_number = int(page_number) if page_number.isdigit() else 1
    last_page = backends.MAX_RESULTS // selectors.RESULTS_PER_PAGE
    page_number = max(1, min(page_number, last_page))
    total, results = selectors.results(query, page=page_number) if query else (0, [])
    pages = -(-total // selectors.RESULTS_PER_PAGE)
    context = {
        "q": raw,
        "searched": bool(raw.strip()),
        "notice": notice,
        "total": total,
        "capped": total >= backends.MAX_RESULTS,
        "results": results,
        "rows": rows.search_rows(results),
        "page_number": page_number,
        "has_next": page_number < pages,
        "has_previous": page_number > 1,
    }
    return render(request, "forum/search.html", context)
