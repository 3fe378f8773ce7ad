"""The one access path to team-owned data.

Every view under ``/t/<team_slug>/`` is wrapped in :func:`team_view`. It resolves the
team from the URL and the user's membership once; outsiders (including support
staff and superusers who are not members) get 404, so the existence of a team is
never revealed. Team-owned objects are then loaded with :func:`team_object_or_404`,
which always filters by ``request.team``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from klimapakete.teams.models import Membership, Team


class TeamRequest(HttpRequest):
    """The request a view wrapped in :func:`team_view` gets (for annotations only: at run
    time it is Django's request with the two attributes set)."""

    team: Team
    membership: Membership


MEMBER = "member"
COORDINATOR = "coordinator"


def team_view(role: str = MEMBER) -> Callable:
    """Decorate a team view; ``role=COORDINATOR`` also requires the coordinator role."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, team_slug: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = (
                Membership.objects.select_related("team")
                .filter(team__slug=team_slug, user=request.user)
                .first()
            )
            if membership is None:
                raise Http404
            if role == COORDINATOR and not membership.is_coordinator:
                raise PermissionDenied
            request.team = membership.team
            request.membership = membership
            return view(request, *args, **kwargs)

        wrapper.team_access = role
        return wrapper

    return decorator


def team_queryset(request: TeamRequest, source: type[Model] | QuerySet) -> QuerySet:
    """Rows of ``source`` that belong to the request's team.

    A team-owned model names the path to its team in ``team_lookup`` (default ``"team"``).
    """
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    lookup = getattr(queryset.model, "team_lookup", "team")
    return queryset.filter(**{lookup: request.team})


def team_object_or_404(request: TeamRequest, source: type[Model] | QuerySet, **lookups):
    """One object of the request's team, or 404 — never an object of another team."""
    return get_object_or_404(team_queryset(request, source), **lookups)
