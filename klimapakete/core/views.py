from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static


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
