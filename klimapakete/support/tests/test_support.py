"""The support organisation: aggregates across teams, package content in the admin, no people."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for, make_user
from klimapakete.packages.models import ChecklistItem, Package, Step
from klimapakete.packages.services import item_plan, item_set_done
from klimapakete.teams.models import Membership

OVERVIEW = "/support/"


def test_support_staff_see_per_team_aggregates(support_client, personas):
    team, member = personas["team"], personas["member"]
    allianz = Package.objects.get(key="allianz")
    first_step = allianz.steps.order_by("order").first()
    for item in first_step.items.filter(archived=False):
        item_set_done(team=team, item=item, user=member, done=True)
    response = support_client.get(OVERVIEW)
    assert response.status_code == 200
    rows = {row["team"].name: row for row in response.context["rows"]}
    assert set(rows) == {"LocalZero Teststadt", "LocalZero Anderswo"}
    ours = rows["LocalZero Teststadt"]
    assert ours["team"].member_count == 2
    packages = response.context["packages"]
    ratio, current = ours["cells"][packages.index(allianz)]
    total = ChecklistItem.objects.filter(step__package=allianz, archived=False).count()
    assert ratio == pytest.approx(first_step.items.filter(archived=False).count() / total)
    assert current == allianz.steps.order_by("order")[1]
    other_ratio, other_current = rows["LocalZero Anderswo"]["cells"][packages.index(allianz)]
    assert other_ratio == 0 and other_current == first_step
    html = response.content.decode()
    assert "LocalZero Teststadt" in html and "Teststadt" in html


def test_the_overview_shows_no_personal_data(support_client, personas):
    team = personas["team"]
    item = ChecklistItem.objects.filter(archived=False).first()
    item_set_done(team=team, item=item, user=personas["member"], done=True)
    item_plan(
        team=team, item=item, assignee=personas["coordinator"], due_date=None, note="Ruf Mo an"
    )
    # the support organisation's own work with the teams: a ballot, a request, a registration
    from klimapakete.actors.directory.services import actor_create
    from klimapakete.support import services
    from klimapakete.support.tests.factories import open_round, partner_event

    actor_create(team=team, user=personas["coordinator"], name="Stadtwerke-Chefin Ilse Irrgang")
    round_ = open_round(staff=personas["support"])
    services.ballot_cast(
        round_=round_,
        team=team,
        user=personas["member"],
        allocations={round_.needs.first().pk: 2},
    )
    services.round_close(round_=round_)
    services.advice_create(
        team=team, user=personas["coordinator"], topic="Beirat", question="Wie anfangen?"
    )
    services.registration_create(
        event=partner_event(),
        user=personas["outsider"],
        team=personas["other_team"],
        current_steps=set(),
    )
    html = support_client.get(OVERVIEW).content.decode()
    assert "Ilse Irrgang" not in html
    assert "1 offene Anfrage" in html and "Bedarf 1" in html
    for user in ("coordinator", "member", "outsider"):
        person = personas[user]
        assert person.email not in html
        assert person.name not in html
        # the first name as a word ("Mo" may well occur inside "Modell")
        assert not re.search(rf"\b{re.escape(person.name.split()[0])}\b", html)
    assert "Ruf Mo an" not in html
    assert "@example.org" not in html


def test_a_team_without_packages_is_listed_as_not_adopted(support_client, personas):
    from klimapakete.teams.services import team_create

    team_create(user=personas["member"], name="Neues Team", municipality="X", federal_state="BE")
    response = support_client.get(OVERVIEW)
    row = next(r for r in response.context["rows"] if r["team"].name == "Neues Team")
    assert row["cells"] == [None, None]


@pytest.mark.parametrize("persona", ["coordinator", "member", "outsider"])
def test_other_users_get_404(personas, persona):
    assert client_for(personas[persona]).get(OVERVIEW).status_code == 404


def test_anonymous_visitors_are_sent_to_login(db):
    response = Client().get(OVERVIEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_support_staff_land_on_their_overview(support_client):
    assert support_client.get("/")["Location"] == OVERVIEW


# The Django admin


def test_support_staff_edit_package_content_in_the_admin(support_client, personas):
    step = Step.objects.filter(archived=False).first()
    change_url = reverse("admin:packages_step_change", args=[step.pk])
    page = support_client.get(change_url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(title_de="Neuer Titel", package=step.package_id)
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = 0
        data[f"{prefix}-INITIAL_FORMS"] = 0
        data[f"{prefix}-MIN_NUM_FORMS"] = management.initial.get("MIN_NUM_FORMS", 0)
        data[f"{prefix}-MAX_NUM_FORMS"] = management.initial.get("MAX_NUM_FORMS", 1000)
    response = support_client.post(change_url, data)
    assert response.status_code == 302, getattr(response, "context", None) and [
        f.errors for f in [response.context["adminform"].form]
    ]
    step.refresh_from_db()
    assert step.title_de == "Neuer Titel"
    assert support_client.get(reverse("admin:packages_package_changelist")).status_code == 200


def test_support_staff_cannot_see_users_or_groups_in_the_admin(support_client, personas):
    index = support_client.get(reverse("admin:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert reverse("admin:accounts_user_changelist") not in html
    assert support_client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    member = personas["member"]
    assert support_client.get(
        reverse("admin:accounts_user_change", args=[member.pk])
    ).status_code in (403, 302)
    assert support_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert member.email not in html


def test_team_members_have_no_admin_access(coordinator_client):
    response = coordinator_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_superuser_sees_the_user_admin(db):
    from klimapakete.accounts.models import User

    admin = User.objects.create_superuser(email="root@example.org", password="x" * 12, name="R")
    make_user("someone@example.org", "Someone")
    client = client_for(admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert Membership.objects.count() == 0


def test_support_staff_get_no_permission_on_teams_progress(personas):
    support = personas["support"]
    assert support.has_perm("packages.change_step")
    assert not support.has_perm("packages.view_itemprogress")
    assert not support.has_perm("packages.view_adoption")
