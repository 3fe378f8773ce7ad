"""Who a text to outsiders comes from: the team, a contact person and a reply address.

Everything addressed to actors, residents or the administration names its sender, so a
reader knows who writes and whom to answer. A mail names the member who sends it; a page
or calendar feed that nobody sends names the team's longest-serving coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sender:
    team: str
    person: str
    email: str


def sender_for(team, user=None) -> Sender:
    """The sender of a text from ``team``: ``user`` when a member sends it, else the
    team's contact person (its first coordinator)."""
    if user is None:
        from klimapakete.teams.models import Membership

        membership = (
            team.memberships.filter(role=Membership.Role.COORDINATOR)
            .select_related("user")
            .order_by("joined_at", "pk")
            .first()
        )
        user = membership.user if membership else None
    if user is None:
        return Sender(team=team.name, person="", email="")
    return Sender(team=team.name, person=user.name or user.email, email=user.email)
