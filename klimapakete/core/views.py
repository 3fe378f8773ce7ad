from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from klimapakete.core import pickers
from klimapakete.teams.access import TeamRequest, team_view


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


def _health() -> dict:
    """Database reachable, worker heartbeat, age of the oldest waiting task."""
    from klimapakete.core import workers

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return {"status": "error", "database": "unreachable"}
    seen = workers.last_heartbeat()
    seen_ago = round((timezone.now() - seen).total_seconds(), 1) if seen else None
    waiting = workers.oldest_waiting_task_age()
    worker_ok = seen_ago is not None and seen_ago <= settings.WORKER_STALE_SECONDS
    queue_ok = waiting is None or waiting <= settings.HEALTH_MAX_TASK_WAIT_SECONDS
    return {
        "status": "ok" if worker_ok and queue_ok else "degraded",
        "database": "ok",
        "workers": workers.live_workers().count(),
        "worker_heartbeat_age_seconds": seen_ago,
        "oldest_waiting_task_seconds": None if waiting is None else round(waiting, 1),
    }


@never_cache
def healthz(request):
    """For the proxy: 200 while the web process reaches the database, else 503."""
    data = _health()
    return JsonResponse(data, status=503 if data["status"] == "error" else 200)


@never_cache
def healthz_worker(request):
    """For monitoring: 503 unless a worker is alive and no task waits too long."""
    data = _health()
    return JsonResponse(data, status=200 if data["status"] == "ok" else 503)


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


@team_view()
def picker_search(request: TeamRequest, picker_key):
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


# The token in the link authenticates the address; mail programs send the one-click POST
# (RFC 8058) without a session or CSRF token.
@csrf_exempt
def outsider_unsubscribe(request, token: str):
    """Someone outside the app stops all mail from one team (no account needed)."""
    from klimapakete.core import outsiders
    from klimapakete.teams.models import Team

    found = outsiders.opt_out_read(token)
    team = Team.objects.filter(pk=found[0]).first() if found else None
    if team is None:
        raise Http404
    team_id, email = found
    done = bool(outsiders.opted_out(team_id=team_id, emails=[email]))
    if request.method == "POST":
        outsiders.opt_out_record(team_id=team_id, email=email)
        done = True
    context = {
        "done": done,
        "token": token,
        "team_name": team.name,
        "email": email,
        "abuse_contact": settings.ABUSE_CONTACT,
    }
    return render(request, "core/outsider_unsubscribe.html", context)
