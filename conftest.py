"""Shared fixtures: the personas every permission test uses, and loaded package content."""

from __future__ import annotations

import pytest
from django.test import Client

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD = "a-long-Test-passphrase-42"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Tasks run in-process in tests (the real task code; the worker has its own test)."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the package content once into the test database."""
    from klimapakete.packages.services import content_load

    with django_db_blocker.unblock():
        content_load()


@pytest.fixture
def packages(db):
    """The shipped packages (reloaded if a transactional test flushed the tables)."""
    from klimapakete.packages.models import Package
    from klimapakete.packages.services import content_load

    if not Package.objects.exists():
        content_load()
    return list(Package.objects.all())


def make_user(email: str, name: str, **extra):
    from klimapakete.accounts.models import User

    return User.objects.create_user(email=email, password=PASSWORD, name=name, **extra)


@pytest.fixture
def personas(db, packages):
    """A team with a coordinator and a member, an outsider in another team, support staff."""
    from klimapakete.accounts.services import support_staff_grant
    from klimapakete.packages.services import package_adopt
    from klimapakete.teams.models import Membership
    from klimapakete.teams.services import invitation_create, team_create

    coordinator = make_user("coordinator@example.org", "Clara Coordinator")
    member = make_user("member@example.org", "Mo Member")
    outsider = make_user("outsider@example.org", "Otto Outsider")
    support = make_user("support@example.org", "Susi Support")
    support_staff_grant(user=support)

    team = team_create(
        user=coordinator, name="LocalZero Teststadt", municipality="Teststadt", federal_state="NW"
    )
    member_ship = Membership.objects.create(team=team, user=member, role="member")
    other_team = team_create(
        user=outsider, name="LocalZero Anderswo", municipality="Anderswo", federal_state="BY"
    )
    for package in packages:
        package_adopt(team=team, package=package, user=coordinator)
        package_adopt(team=other_team, package=package, user=outsider)
    invitation = invitation_create(team=team, role="member", created_by=coordinator)
    return {
        "team": team,
        "other_team": other_team,
        "coordinator": coordinator,
        "member": member,
        "member_membership": member_ship,
        "outsider": outsider,
        "support": support,
        "invitation": invitation,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(personas):
    return client_for(personas["coordinator"])


@pytest.fixture
def member_client(personas):
    return client_for(personas["member"])


@pytest.fixture
def outsider_client(personas):
    return client_for(personas["outsider"])


@pytest.fixture
def support_client(personas):
    return client_for(personas["support"])
