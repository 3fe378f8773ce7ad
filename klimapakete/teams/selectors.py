from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


def team_export(team: Team) -> dict[str, list[dict]]:
    """The team itself, its members and its invitation links."""
    team_row = {
        "name": team.name,
        "slug": team.slug,
        "municipality": team.municipality,
        "federal_state": team.federal_state,
        "created_at": team.created_at,
    }
    members = [
        {"name": m.user.name, "email": m.user.email, "role": m.role, "joined_at": m.joined_at}
        for m in team.memberships.select_related("user")
    ]
    invitations = [
        {
            "role": i.role,
            "created_at": i.created_at,
            "expires_at": i.expires_at,
            "revoked_at": i.revoked_at,
            "uses": i.uses,
        }
        for i in team.invitations.all()
    ]
    return {"team": [team_row], "members": members, "invitations": invitations}
