from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from klimapakete.core import pickers
from klimapakete.teams.access import team_view


def home(request):
    """Landing page; logged-in users go to their last team or their team list."""
    if request.user.is_authenticated:
        slug = request.session.get("last_team")
        if slug and request.user.memberships.filter(team__slug=slug).exists():
            return redirect("teams:dashboard", team_slug=slug)
        memberships = list(request.user.memberships.select_related("team")[:2])
        if len(memberships) == 1:
            return redirect("teams:dashboard", team_slug=memberships[0].team.slug)
        if not memberships and (request.user.is_support_staff or request.user.is_superuser):
            return redirect("support:dashboard")
        return redirect("teams_list")
    return render(request, "home.html")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


@team_view()
def picker_search(request, picker_key):
    """Suggestions for a search picker: at most PICKER_RESULTS, one query (htmx)."""
    picker = pickers.PICKERS.get(picker_key)
    if picker is None:
        raise Http404
    text = request.GET.get("q", "")
    for key, value in request.GET.items():
        if key.endswith("_search"):
            text = value
    text = text.strip()[:200]
    queryset = picker.queryset(request.team)
    exclude = request.GET.get("exclude", "")
    if exclude.isdigit():
        queryset = queryset.exclude(pk=exclude)
    found = pickers.search(queryset, picker.search_fields, picker.order_by, text) if text else []
    limit = pickers.limit()
    context = {
        "options": [(obj.pk, picker.label(obj)) for obj in found[:limit]],
        "more": len(found) > limit,
        "text": text,
        "listbox": f"pick-{picker_key}",
    }
    if not text:
        return HttpResponse("")
    return render(request, "core/picker_options.html", context)
