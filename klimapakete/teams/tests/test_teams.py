"""Teams: creation, invitations, members and roles, export, deletion."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, client_for
from klimapakete.accounts.models import User
from klimapakete.packages.services import item_plan, item_set_done, package_adopt
from klimapakete.teams.models import Invitation, Membership, Team
from klimapakete.teams.services import invitation_create, team_create


def url(name, team, **kwargs):
    return reverse(name, kwargs={"team_slug": team.slug, **kwargs})


def message_levels(response) -> list[str]:
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def role_of(team, user) -> str | None:
    membership = Membership.objects.filter(team=team, user=user).first()
    return membership.role if membership else None


# Creating a team


def test_it_creates_a_team_with_the_creator_as_coordinator(member_client, personas):
    response = member_client.post(
        reverse("team_create"),
        {"name": "LocalZero Groß-Umstadt", "municipality": "Groß-Umstadt", "federal_state": "HE"},
    )
    team = Team.objects.get(name="LocalZero Groß-Umstadt")
    assert team.slug == "localzero-gross-umstadt"
    assert response["Location"] == url("teams:members", team)
    assert role_of(team, personas["member"]) == "coordinator"


def test_team_slugs_are_unique(member_client, personas):
    for _ in range(2):
        member_client.post(
            reverse("team_create"),
            {"name": "LocalZero Teststadt", "municipality": "T", "federal_state": "NW"},
        )
    slugs = sorted(Team.objects.filter(name="LocalZero Teststadt").values_list("slug", flat=True))
    assert slugs == ["localzero-teststadt", "localzero-teststadt-2", "localzero-teststadt-3"]


def test_a_team_name_without_latin_letters_still_gets_an_address(member_client, personas):
    member_client.post(
        reverse("team_create"), {"name": "気候チーム", "municipality": "T", "federal_state": "NW"}
    )
    team = Team.objects.get(name="気候チーム")
    assert team.slug
    assert member_client.get(url("teams:dashboard", team)).status_code == 200


def test_creating_a_team_needs_a_valid_federal_state(member_client, personas):
    response = member_client.post(
        reverse("team_create"), {"name": "X", "municipality": "Y", "federal_state": "XX"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["federal_state"]


def test_creating_a_team_needs_login(db):
    response = Client().get(reverse("team_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Invitation links


def test_a_coordinator_creates_an_invitation_link(coordinator_client, personas):
    team = personas["team"]
    response = coordinator_client.post(
        url("teams:invitation_create", team), {"role": "coordinator", "days": 3}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.filter(team=team, role="coordinator").get()
    assert invitation.is_usable
    assert timedelta(days=2, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=3)
    page = coordinator_client.get(url("teams:members", team)).content.decode()
    assert reverse("invitation", args=[invitation.token]) in page


def test_invalid_invitation_values_give_a_message(coordinator_client, personas):
    team = personas["team"]
    before = Invitation.objects.count()
    response = coordinator_client.post(
        url("teams:invitation_create", team), {"role": "boss", "days": 1000}
    )
    assert message_levels(response) == ["error"]
    assert Invitation.objects.count() == before


def test_a_member_cannot_create_invitation_links(member_client, personas):
    response = member_client.post(
        url("teams:invitation_create", personas["team"]), {"role": "member", "days": 3}
    )
    assert response.status_code == 403


def test_anonymous_visitors_sign_up_through_the_link(personas, django_capture_on_commit_callbacks):
    invitation = invitation_create(
        team=personas["team"], role="coordinator", created_by=personas["coordinator"]
    )
    client = Client()
    link = reverse("invitation", args=[invitation.token])
    page = client.get(link)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()
    assert personas["team"].name in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            link,
            {
                "name": "Ina Neu",
                "email": "ina@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert "Wir haben eine Mail an ina@example.org geschickt" in sent.content.decode()
    (message,) = mail.outbox
    confirm = re.search(r"https?://[^/]+(/accounts/signup/\S+/)", message.body).group(1)
    response = client.post(confirm)
    assert response["Location"] == url("teams:dashboard", personas["team"])
    user = User.objects.get(email="ina@example.org")
    assert role_of(personas["team"], user) == "coordinator"
    assert str(client.session[SESSION_KEY]) == str(user.pk)
    assert client.get(response["Location"]).status_code == 200
    invitation.refresh_from_db()
    assert invitation.uses == 1


def test_the_invitation_signup_form_does_not_reveal_a_taken_address(
    personas, django_capture_on_commit_callbacks
):
    link = reverse("invitation", args=[personas["invitation"].token])
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            link,
            {
                "name": "Mo Again",
                "email": "MEMBER@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 200
    assert "Wir haben eine Mail an member@example.org geschickt" in response.content.decode()
    assert User.objects.filter(email="member@example.org").count() == 1
    (message,) = mail.outbox
    assert message.to == ["member@example.org"]
    assert personas["invitation"].token in message.body  # to join after logging in


def test_the_invitation_signup_form_rejects_a_weak_password(personas):
    link = reverse("invitation", args=[personas["invitation"].token])
    response = Client().post(
        link, {"name": "X", "email": "x@example.org", "password1": "123", "password2": "123"}
    )
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_logged_in_user_joins_with_a_button(outsider_client, personas):
    link = reverse("invitation", args=[personas["invitation"].token])
    page = outsider_client.get(link)
    assert page.status_code == 200
    assert 'name="password1"' not in page.content.decode()
    response = outsider_client.post(link)
    assert response["Location"] == url("teams:dashboard", personas["team"])
    assert role_of(personas["team"], personas["outsider"]) == "member"


def test_an_existing_member_keeps_the_role_when_opening_a_link(coordinator_client, personas):
    link = reverse("invitation", args=[personas["invitation"].token])
    response = coordinator_client.post(link)
    assert response.status_code == 302
    assert role_of(personas["team"], personas["coordinator"]) == "coordinator"


def test_the_login_link_on_the_invitation_page_comes_back_to_it(personas):
    link = reverse("invitation", args=[personas["invitation"].token])
    client = Client()
    login_url = client.get(link).context["login_url"]
    response = client.post(login_url, {"email": "outsider@example.org", "password": PASSWORD})
    assert response["Location"] == link


def test_an_expired_link_gets_a_clear_page(outsider_client, personas):
    invitation = personas["invitation"]
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    link = reverse("invitation", args=[invitation.token])
    for client in (Client(), outsider_client):
        response = client.get(link)
        assert response.status_code == 410
        assert response.context["reason"] == "expired"
        assert client.post(link).status_code == 410
    assert role_of(personas["team"], personas["outsider"]) is None


def test_a_revoked_link_gets_a_clear_page(coordinator_client, outsider_client, personas):
    invitation = personas["invitation"]
    response = coordinator_client.post(
        url("teams:invitation_revoke", personas["team"], invitation_id=invitation.pk)
    )
    assert response.status_code == 302
    link = reverse("invitation", args=[invitation.token])
    response = outsider_client.post(link)
    assert response.status_code == 410
    assert response.context["reason"] == "revoked"
    assert role_of(personas["team"], personas["outsider"]) is None
    assert reverse("invitation", args=[invitation.token]) not in (
        coordinator_client.get(url("teams:members", personas["team"])).content.decode()
    )


@pytest.mark.parametrize("token", ["does-not-exist", "x" * 500, "%00", "ä"])
def test_an_unknown_link_gets_a_clear_404_page(db, token):
    response = Client().get(f"/invite/{token}/")
    assert response.status_code == 404
    assert "teams/invitation_invalid.html" in [t.name for t in response.templates]


def test_a_coordinator_cannot_revoke_another_teams_link(coordinator_client, personas):
    foreign = invitation_create(
        team=personas["other_team"], role="member", created_by=personas["outsider"]
    )
    response = coordinator_client.post(
        url("teams:invitation_revoke", personas["team"], invitation_id=foreign.pk)
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_usable


# Several teams


def test_the_team_switcher_lists_all_teams_of_the_user(personas):
    Membership.objects.create(team=personas["other_team"], user=personas["member"])
    client = client_for(personas["member"])
    page = client.get(url("teams:dashboard", personas["team"])).content.decode()
    for team in (personas["team"], personas["other_team"]):
        assert url("teams:dashboard", team) in page
    response = client.get(reverse("teams_list"))
    assert {m.team for m in response.context["memberships"]} == {
        personas["team"],
        personas["other_team"],
    }
    # The start page goes to the team visited last.
    client.get(url("teams:dashboard", personas["other_team"]))
    assert client.get("/")["Location"] == url("teams:dashboard", personas["other_team"])


def test_the_start_page_goes_straight_to_a_single_team(member_client, personas):
    assert member_client.get("/")["Location"] == url("teams:dashboard", personas["team"])


# Members and roles


def test_a_coordinator_removes_a_member(coordinator_client, personas):
    membership = personas["member_membership"]
    response = coordinator_client.post(
        url("teams:member_remove", personas["team"], membership_id=membership.pk)
    )
    assert response.status_code == 302
    assert role_of(personas["team"], personas["member"]) is None
    member = client_for(personas["member"])
    assert member.get(url("teams:dashboard", personas["team"])).status_code == 404


def test_a_coordinator_changes_roles(coordinator_client, personas):
    team, membership = personas["team"], personas["member_membership"]
    coordinator_client.post(
        url("teams:member_role", team, membership_id=membership.pk), {"role": "coordinator"}
    )
    assert role_of(team, personas["member"]) == "coordinator"
    coordinator_client.post(
        url("teams:member_role", team, membership_id=membership.pk), {"role": "member"}
    )
    assert role_of(team, personas["member"]) == "member"


def test_the_last_coordinator_cannot_be_demoted(coordinator_client, personas):
    team = personas["team"]
    own = Membership.objects.get(team=team, user=personas["coordinator"])
    response = coordinator_client.post(
        url("teams:member_role", team, membership_id=own.pk), {"role": "member"}, follow=True
    )
    assert role_of(team, personas["coordinator"]) == "coordinator"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_last_coordinator_cannot_remove_themselves(coordinator_client, personas):
    team = personas["team"]
    own = Membership.objects.get(team=team, user=personas["coordinator"])
    response = coordinator_client.post(
        url("teams:member_remove", team, membership_id=own.pk), follow=True
    )
    assert role_of(team, personas["coordinator"]) == "coordinator"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_last_coordinator_cannot_leave(coordinator_client, personas):
    team = personas["team"]
    page = coordinator_client.get(url("teams:leave", team))
    assert page.context["blocked"] is True
    response = coordinator_client.post(url("teams:leave", team))
    assert response.status_code == 200
    assert response.context["blocked"] is True
    assert role_of(team, personas["coordinator"]) == "coordinator"


def test_a_member_leaves(member_client, personas):
    team = personas["team"]
    assert member_client.get(url("teams:leave", team)).context["blocked"] is False
    response = member_client.post(url("teams:leave", team))
    assert response.status_code == 302
    assert role_of(team, personas["member"]) is None


def test_a_coordinator_leaves_when_another_coordinator_exists(coordinator_client, personas):
    team = personas["team"]
    Membership.objects.filter(pk=personas["member_membership"].pk).update(role="coordinator")
    assert coordinator_client.post(url("teams:leave", team)).status_code == 302
    assert role_of(team, personas["coordinator"]) is None


def test_the_coordinator_role_is_handed_on(coordinator_client, personas):
    team = personas["team"]
    response = coordinator_client.post(
        url("teams:hand_on", team), {"successor": personas["member_membership"].pk}
    )
    assert response.status_code == 302
    assert role_of(team, personas["member"]) == "coordinator"
    assert role_of(team, personas["coordinator"]) == "member"
    # The former coordinator may now leave; the new one may not.
    assert coordinator_client.get(url("teams:leave", team)).context["blocked"] is False
    assert client_for(personas["member"]).get(url("teams:leave", team)).context["blocked"]


def test_the_role_cannot_be_handed_to_someone_of_another_team(coordinator_client, personas):
    team = personas["team"]
    foreign = Membership.objects.get(team=personas["other_team"], user=personas["outsider"])
    response = coordinator_client.post(url("teams:hand_on", team), {"successor": foreign.pk})
    assert message_levels(response) == ["error"]
    assert role_of(team, personas["coordinator"]) == "coordinator"
    assert role_of(personas["other_team"], personas["outsider"]) == "coordinator"


def test_a_member_cannot_manage_members(member_client, personas):
    team = personas["team"]
    own = personas["member_membership"]
    response = member_client.post(
        url("teams:member_role", team, membership_id=own.pk), {"role": "coordinator"}
    )
    assert response.status_code == 403
    assert role_of(team, personas["member"]) == "member"


def test_the_team_settings_are_saved(coordinator_client, personas):
    team = personas["team"]
    coordinator_client.post(
        url("teams:settings", team),
        {"name": "LocalZero Neustadt", "municipality": "Neustadt", "federal_state": "BY"},
    )
    team.refresh_from_db()
    assert (team.name, team.municipality, team.federal_state) == (
        "LocalZero Neustadt",
        "Neustadt",
        "BY",
    )


# Export


def _export(client, team) -> zipfile.ZipFile:
    response = client.post(url("teams:export", team))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert int(response["Content-Length"]) > 0
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _csv_rows(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def test_the_export_contains_members_and_progress(coordinator_client, personas):
    team, member = personas["team"], personas["member"]
    item = team.adoptions.first().package.steps.first().items.first()
    item_set_done(team=team, item=item, user=member, done=True)
    archive = _export(coordinator_client, team)
    assert {"team.json", "members.csv", "checklist_progress.csv"} <= set(archive.namelist())
    document = json.loads(archive.read("team.json"))
    assert document["team"]["slug"] == team.slug
    assert {row["email"] for row in _csv_rows(archive, "members.csv")} == {
        "coordinator@example.org",
        "member@example.org",
    }
    progress = _csv_rows(archive, "checklist_progress.csv")
    assert [(row["item"], row["done_by"]) for row in progress] == [(item.key, member.email)]
    # Nothing of the other team.
    assert "outsider@example.org" not in archive.read("team.json").decode()
    # No invitation tokens: the export may be shared, the links must not be.
    assert personas["invitation"].token not in archive.read("team.json").decode()


def test_the_export_neutralises_spreadsheet_formulas(coordinator_client, personas):
    team = personas["team"]
    User.objects.filter(pk=personas["member"].pk).update(name='=HYPERLINK("http://x")')
    item = team.adoptions.first().package.steps.first().items.first()
    item_plan(team=team, item=item, assignee=None, due_date=None, note="+1 -2 @sum")
    archive = _export(coordinator_client, team)
    names = [row["name"] for row in _csv_rows(archive, "members.csv")]
    assert '\'=HYPERLINK("http://x")' in names
    notes = [row["note"] for row in _csv_rows(archive, "checklist_progress.csv")]
    assert notes == ["'+1 -2 @sum"]
    for name in archive.namelist():
        if not name.endswith(".csv"):
            continue
        for row in csv.reader(io.StringIO(archive.read(name).decode())):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (name, cell)


def test_only_coordinators_export(member_client, personas):
    assert member_client.post(url("teams:export", personas["team"])).status_code == 403


# Deletion


def test_deleting_a_team_needs_its_exact_name(coordinator_client, personas):
    team = personas["team"]
    for wrong in ("LocalZero", "localzero teststadt", ""):
        response = coordinator_client.post(url("teams:delete", team), {"confirm_name": wrong})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert Team.objects.filter(pk=team.pk).exists()
    assert team.adoptions.count() == 2
    assert Membership.objects.filter(team=team).count() == 2


def test_a_member_cannot_delete_the_team(member_client, personas):
    team = personas["team"]
    response = member_client.post(url("teams:delete", team), {"confirm_name": team.name})
    assert response.status_code == 403
    assert Team.objects.filter(pk=team.pk).exists()


# Tables that are not a team's data: accounts, sessions, framework bookkeeping, queued tasks.
NOT_TEAM_DATA = {
    "accounts.user",
    "accounts.loginfailure",
    "accounts.user_groups",
    "accounts.user_user_permissions",
    "auth.group",
    "auth.permission",
    "admin.logentry",
    "contenttypes.contenttype",
    "sessions.session",
    "django_tasks_db.dbtaskresult",
    # The forum belongs to the people who wrote in it, across teams; a deleted team's name
    # leaves it (tested in forum/tests). Best practices are team data and are counted.
    "forum.category",
    "forum.forumprofile",
    "forum.thread",
    "forum.post",
    "forum.postrevision",
    "forum.reaction",
    "forum.follow",
    "forum.threadread",
    "forum.report",
    "forum.searchdocument",
    "notifications.notification",
    "notifications.mailpreference",
    # The support organisation's own: rounds and their needs (a need a team proposed loses
    # the team's name), partner organisations and their events. Ballots, advisory requests
    # and registrations are team data and are counted.
    "support.round",
    "support.need",
    "support.partnerorganisation",
    "support.partnerorganisation_people",
    "support.partnerevent",
}


def _row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in NOT_TEAM_DATA or label.split(".")[0] in {"auth"}:
            continue
        counts[label] = model._default_manager.count()
    return counts


def _fill_team(team, coordinator, member) -> None:
    """Give the team data in every table we know of, through the app's own code."""
    from klimapakete.packages.models import Package

    Membership.objects.create(team=team, user=member, role="member")
    invitation_create(team=team, role="member", created_by=coordinator)
    for package in Package.objects.all():
        package_adopt(team=team, package=package, user=coordinator)
        item = package.steps.first().items.first()
        item_set_done(team=team, item=item, user=member, done=True)
        item_plan(team=team, item=item, assignee=member, due_date=timezone.localdate(), note="n")


def test_deleting_a_team_leaves_nothing_of_it_in_any_table(coordinator_client, personas):
    """Generic over all installed apps: models added later are covered too."""
    coordinator, member = personas["coordinator"], personas["member"]
    before = _row_counts()
    team = team_create(user=coordinator, name="Zum Löschen", municipality="X", federal_state="SH")
    _fill_team(team, coordinator, member)
    filled = _row_counts()
    assert filled != before
    # Pages of the team's tools may create rows of their own on first visit.
    client_for(coordinator).get(url("teams:dashboard", team))

    response = coordinator_client.post(url("teams:delete", team), {"confirm_name": "Zum Löschen"})
    assert response.status_code == 302
    assert not Team.objects.filter(pk=team.pk).exists()
    after = _row_counts()
    changed = {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }
    assert changed == {}, f"rows left after deleting the team (before, after): {changed}"
    # The other teams and the users are untouched.
    assert Team.objects.filter(pk=personas["team"].pk).exists()
    assert User.objects.filter(pk__in=[coordinator.pk, member.pk]).count() == 2


def test_the_team_is_gone_for_its_former_members(coordinator_client, personas):
    team = personas["team"]
    coordinator_client.post(url("teams:delete", team), {"confirm_name": team.name})
    for user in (personas["coordinator"], personas["member"]):
        assert client_for(user).get(url("teams:dashboard", team)).status_code == 404
    assert coordinator_client.get("/").status_code == 302


def test_deleting_the_demo_teams_leaves_nothing_of_them(packages, settings):
    """The demo builders of every app fill a team with realistic data; deleting removes it all."""
    from django.core.management import call_command

    before = _row_counts()
    call_command("demo_data", stdout=io.StringIO())
    assert _row_counts() != before
    demo_teams = list(Team.objects.all())
    assert len(demo_teams) == 3
    for team in demo_teams:
        coordinator = team.memberships.get(role="coordinator").user
        client = client_for(coordinator)
        response = client.post(url("teams:delete", team), {"confirm_name": team.name})
        assert response.status_code == 302
    after = _row_counts()
    changed = {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }
    assert changed == {}, f"rows left after deleting the demo teams (before, after): {changed}"


# Cross-team content that names a team: the name goes with the team, the content stays.
CROSS_TEAM_REFERENCES = {
    "forum.Post.author_team",
    "notifications.Notification.actor_team",
    "support.Need.proposed_by",
}


def test_every_reference_to_a_team_is_deleted_with_it():
    """A foreign key to Team that does not cascade would leave the team's data behind."""
    from django.db.models import CASCADE

    offenders = [
        f"{field.model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.many_to_one or field.one_to_one
        if field.concrete
        and field.related_model is Team
        and field.remote_field.on_delete is not CASCADE
        and f"{field.model._meta.label}.{field.name}" not in CROSS_TEAM_REFERENCES
    ]
    assert offenders == []
