"""Search pickers: bounded suggestions, the choice by pk or by typed text, no JavaScript."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from klimapakete.core.pickers import SearchChoiceField
from klimapakete.teams.models import Membership


def _add_members(team, count, prefix="Paula Person"):
    for i in range(count):
        user = make_user(f"{prefix.replace(' ', '.').lower()}{i}@example.org", f"{prefix} {i:02}")
        Membership.objects.create(team=team, user=user, role="member")


class AssignForm(forms.Form):
    who = SearchChoiceField("members", label="Wer?")

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        from klimapakete.accounts.models import User

        self.fields["who"].queryset = User.objects.filter(memberships__team=team)
        self.fields["who"].bind(team)


def _url(team, **params):
    url = reverse("picker_search", kwargs={"team_slug": team.slug, "picker_key": "members"})
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_suggestions_name_the_matching_members(personas, member_client):
    response = member_client.get(_url(personas["team"], q="Mo"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mo Member" in text and 'role="option"' in text
    assert "Clara" not in text and "Otto" not in text  # not a match; not in the team


def test_suggestions_are_bounded_and_say_so(personas, member_client, settings):
    settings.PICKER_RESULTS = 5
    _add_members(personas["team"], 12)
    text = member_client.get(_url(personas["team"], q="Paula")).content.decode()
    assert text.count('role="option"') == 5
    assert "mehr vom Namen" in text


def test_suggestions_cost_the_same_queries_for_many_members(personas, member_client):
    url = _url(personas["team"], who_search="Person")
    _add_members(personas["team"], 3)
    with CaptureQueriesContext(connection) as few:
        member_client.get(url)
    _add_members(personas["team"], 30, prefix="Peter Person")
    with CaptureQueriesContext(connection) as many:
        member_client.get(url)
    assert len(many) == len(few)


def test_an_unknown_picker_is_not_found(personas, member_client):
    url = reverse("picker_search", kwargs={"team_slug": personas["team"].slug, "picker_key": "x"})
    assert member_client.get(url).status_code == 404


def _form(team, **data):
    return AssignForm(QueryDict(mutable=True) | data, team=team)


def test_the_choice_by_suggestion(personas):
    form = _form(personas["team"], who=str(personas["member"].pk), who_search="Mo Member")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["who"] == personas["member"]


def test_someone_of_another_team_cannot_be_chosen(personas):
    form = _form(personas["team"], who=str(personas["outsider"].pk), who_search="Otto")
    assert not form.is_valid()
    assert "Vorschlägen" in str(form.errors)


@pytest.mark.parametrize("typed", ["mo member", "Mo", "member@example"])
def test_without_javascript_one_match_is_taken(personas, typed):
    form = _form(personas["team"], who="", who_search=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["who"] == personas["member"]


def test_without_javascript_several_matches_are_offered(personas):
    _add_members(personas["team"], 3)
    form = _form(personas["team"], who="", who_search="Paula")
    assert not form.is_valid()
    assert "3 passen" in str(form.errors)
    html = str(form["who"])
    assert html.count('type="radio"') == 3 and "Paula Person 01" in html
    data = QueryDict(mutable=True)
    data.setlist("who", ["", str(Membership.objects.get(user__name="Paula Person 01").user.pk)])
    data["who_search"] = "Paula"
    chosen = AssignForm(data, team=personas["team"])
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["who"].name == "Paula Person 01"


def test_nothing_found_is_said(personas):
    form = _form(personas["team"], who="", who_search="Zacharias")
    assert not form.is_valid()
    assert "Zacharias" in str(form.errors)


def test_the_field_is_an_accessible_combobox(personas):
    html = str(AssignForm(team=personas["team"])["who"])
    assert 'role="combobox"' in html and 'role="listbox"' in html
    assert 'aria-controls="id_who-options"' in html
    assert f"/t/{personas['team'].slug}/pick/members/" in html
