"""Assigning a checklist item in a large team: a search among the members, not a list."""

from __future__ import annotations

from django.conf import settings

from conftest import make_user
from klimapakete.packages.models import ItemProgress, Package
from klimapakete.packages.tests.test_progress import first_items, step_url, url
from klimapakete.teams.models import Membership


def add_members(team, n: int) -> None:
    for i in range(n):
        user = make_user(f"m{i}@example.org", f"Mitglied {i:03}")
        Membership.objects.create(team=team, user=user, role="member")


def test_the_step_page_lists_no_member_however_large_the_team(member_client, personas, packages):
    team = personas["team"]
    allianz = Package.objects.get(key="allianz")
    [item] = first_items(allianz)
    add_members(team, 3 * settings.PICKER_RESULTS)
    html = member_client.get(step_url(team, item.step)).content.decode()
    assert "Mitglied 0" not in html  # no option per member, on any item
    assert f'id="assignee-{item.pk}"' in html and 'role="combobox"' in html
    # The suggestions as one types: at most PICKER_RESULTS, and a note that there are more.
    search_url = url("picker_search", team, picker_key="members")
    assert f'hx-get="{search_url}"' in html
    suggestions = member_client.get(search_url, {"q": "Mitglied"}).content.decode()
    assert suggestions.count('role="option"') == settings.PICKER_RESULTS
    assert "type more of the name" in suggestions or "tippe" in suggestions.lower()


def test_typing_a_name_without_javascript_assigns_the_member(member_client, personas, packages):
    team = personas["team"]
    allianz = Package.objects.get(key="allianz")
    [item] = first_items(allianz)
    add_members(team, 30)
    member_client.post(
        url("packages:item_plan", team, item_id=item.pk),
        {"assignee": "", "assignee_search": "Mitglied 017", "due_date": "", "note": ""},
    )
    progress = ItemProgress.objects.get(team=team, item=item)
    assert progress.assignee.name == "Mitglied 017"
    # Clearing the field unassigns.
    member_client.post(
        url("packages:item_plan", team, item_id=item.pk),
        {"assignee": "", "assignee_search": "", "due_date": "", "note": ""},
    )
    progress.refresh_from_db()
    assert progress.assignee is None
