"""The demo team "LocalZero Musterstadt" (see `make run`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from klimapakete.accounts.models import User
from klimapakete.accounts.services import support_staff_grant
from klimapakete.core import demo
from klimapakete.packages.models import ChecklistItem, Package
from klimapakete.packages.services import item_plan, item_set_done, package_adopt
from klimapakete.teams.models import FederalState, Membership, Team
from klimapakete.teams.services import invitation_create, team_create

DEMO_PASSWORD = "klimademo2026"
DEMO_USERS = [
    ("koordination@example.org", "Kim Koordination", "coordinator"),
    ("mitglied@example.org", "Mira Mitglied", "member"),
    ("member@example.org", "Max Member", "member"),
]
SUPPORT_USER = ("support@example.org", "Sam Support")
# Two more teams in their own towns, so the forum and the support overview have neighbours.
OTHER_TEAMS = [
    (
        "LocalZero Beispielheim",
        "Beispielheim",
        FederalState.BY,
        [("beispielheim@example.org", "Bea Beispiel"), ("berger@example.org", "Bastian Berger")],
    ),
    (
        "LocalZero Seestadt",
        "Seestadt",
        FederalState.SH,
        [("seestadt@example.org", "Sina Seemann"), ("teich@example.org", "Tom Teich")],
    ),
]


def _user(email: str, name: str, language: str = "de") -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
    user.language = language
    user.save(update_fields=["language"])
    return user


@demo.register(order=10)
def build_team(*, context: dict) -> None:
    users = [_user(email, name) for email, name, _role in DEMO_USERS]
    users[2].language = "en"
    users[2].save(update_fields=["language"])
    support = _user(*SUPPORT_USER)
    support_staff_grant(user=support)

    team = team_create(
        user=users[0],
        name="LocalZero Musterstadt",
        municipality="Musterstadt",
        federal_state=FederalState.NW,
    )
    for user, (_email, _name, role) in zip(users[1:], DEMO_USERS[1:], strict=True):
        Membership.objects.create(team=team, user=user, role=role)
    invitation_create(team=team, role=Membership.Role.MEMBER, created_by=users[0])
    context["team"] = team
    context["users"] = users

    today = timezone.localdate()
    for package in Package.objects.filter(archived=False):
        package_adopt(team=team, package=package, user=users[0])
    items = list(
        ChecklistItem.objects.filter(archived=False, step__archived=False)
        .select_related("step__package")
        .order_by("step__package__order", "step__order", "order")
    )
    allianz = [i for i in items if i.step.package.order == 1]
    beirat = [i for i in items if i.step.package.order == 2]
    # Package A: the first step done and half of the second; package B just started.
    for n, item in enumerate(allianz[:9]):
        item_set_done(team=team, item=item, user=users[n % 3], done=True)
    for item in beirat[:2]:
        item_set_done(team=team, item=item, user=users[1], done=True)
    plans = [
        (
            allianz[9:10],
            users[1],
            today + timedelta(days=7),
            "Liste aus der Stadtratssitzung nehmen",
        ),
        (allianz[10:11], users[2], today - timedelta(days=3), ""),
        (allianz[11:12], users[0], today + timedelta(days=14), ""),
        (
            beirat[2:3],
            users[0],
            today - timedelta(days=1),
            "Termin mit der Klimaleitstelle anfragen",
        ),
    ]
    for chosen, user, due, note in plans:
        for item in chosen:
            item_plan(team=team, item=item, assignee=user, due_date=due, note=note)

    # Two smaller teams so the forum and the support overview have neighbours.
    context["other_teams"] = []
    for name, municipality, state, people in OTHER_TEAMS:
        coordinator, *members = [_user(email, person) for email, person in people]
        other = team_create(
            user=coordinator, name=name, municipality=municipality, federal_state=state
        )
        for member in members:
            Membership.objects.create(team=other, user=member, role=Membership.Role.MEMBER)
        context["other_teams"].append(other)
        if allianz:
            package_adopt(team=other, package=allianz[0].step.package, user=coordinator)
            for item in allianz[:3]:
                item_set_done(team=other, item=item, user=coordinator, done=True)


def demo_reset() -> None:
    emails = [e for e, _n, _r in DEMO_USERS] + [SUPPORT_USER[0]]
    emails += [email for *_team, people in OTHER_TEAMS for email, _name in people]
    names = ["LocalZero Musterstadt"] + [team[0] for team in OTHER_TEAMS]
    Team.objects.filter(name__in=names).delete()
    User.objects.filter(email__in=emails).delete()
