from django.conf import settings

from klimapakete.core.navigation import team_nav


def site(request):
    """Values every page needs: the user's teams for the switcher, the current team."""
    teams = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        teams = list(user.teams.order_by("name").only("name", "slug"))
    team = getattr(request, "team", None)
    membership = getattr(request, "membership", None)
    return {
        "user_teams": teams,
        "current_team": team,
        "team_nav": team_nav(request, team, membership) if team is not None else [],
        "current_membership": getattr(request, "membership", None),
        "DEBUG": settings.DEBUG,
    }
