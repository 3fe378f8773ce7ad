"""Accounts: sign up, log in and out, throttling, password reset, profile, language, deletion."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, client_for, make_user
from klimapakete.accounts.models import LoginFailure, User
from klimapakete.packages.models import ItemProgress
from klimapakete.packages.services import item_set_done
from klimapakete.teams.models import Membership, Team
from klimapakete.teams.services import team_create

SIGNUP = {
    "name": "Nele Neu",
    "email": "nele@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def logged_in_user_id(client: Client):
    return client.session.get(SESSION_KEY)


def html_lang(response) -> str:
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode()).group(1)


# Sign up


def _confirm_link(to: str) -> str:
    from django.core import mail

    (message,) = [m for m in mail.outbox if m.to == [to]]
    return re.search(r"https?://[^/]+(/accounts/signup/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_it_signs_up_with_a_link_from_the_mail_and_logs_in(django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 200
    assert "Wir haben eine Mail an nele@example.org geschickt" in response.content.decode()
    assert logged_in_user_id(client) is None
    link = _confirm_link("nele@example.org")
    assert client.get(link).status_code == 200  # a GET only asks
    assert not User.objects.get(email="nele@example.org").is_active
    response = client.post(link)
    assert response["Location"] == reverse("teams_list")
    user = User.objects.get(email="nele@example.org")
    assert user.is_active and user.name == "Nele Neu"
    assert user.check_password(PASSWORD)
    assert str(logged_in_user_id(client)) == str(user.pk)
    assert Client().post(link).status_code == 404  # used once


@pytest.mark.django_db
def test_it_stores_the_email_in_lower_case():
    Client().post(reverse("accounts:signup"), dict(SIGNUP, email="  Nele@Example.ORG "))
    assert User.objects.filter(email="nele@example.org").exists()


def _page(response) -> str:
    html = response.content.decode()
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.django_db
def test_a_taken_address_gets_the_same_page_and_its_owner_a_mail(
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    make_user("nele@example.org", "Nele Alt")
    with django_capture_on_commit_callbacks(execute=True):
        taken = Client().post(reverse("accounts:signup"), dict(SIGNUP, email="NELE@example.org"))
    fresh = Client().post(reverse("accounts:signup"), dict(SIGNUP, email="neu@example.org"))
    assert taken.status_code == fresh.status_code == 200
    assert _page(taken).replace("nele@", "x@") == _page(fresh).replace("neu@", "x@")
    assert User.objects.filter(email__iexact="nele@example.org").count() == 1
    assert User.objects.get(email="nele@example.org").name == "Nele Alt"  # nothing changed
    (message,) = mail.outbox
    assert message.to == ["nele@example.org"]
    assert "gerade hat jemand versucht, mit deiner E-Mail-Adresse" in message.body
    assert "/accounts/login/" in message.body and "/accounts/password-reset/" in message.body


@pytest.mark.django_db
def test_sign_up_mails_are_limited_per_address_like_reset_mails(
    settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.PASSWORD_RESET_MAILS_PER_DAY = 2
    make_user("nele@example.org", "Nele Alt")
    for _attempt in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            page = Client().post(reverse("accounts:signup"), SIGNUP)
        assert "Wir haben eine Mail an nele@example.org geschickt" in page.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    ["kurz1", "password123", "1234567890123", "nele@example.org"],
    ids=["short", "common", "numeric", "like-email"],
)
def test_it_rejects_weak_passwords(password):
    data = dict(SIGNUP, password1=password, password2=password)
    response = Client().post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="nele@example.org").exists()


@pytest.mark.django_db
def test_it_rejects_two_different_passwords():
    response = Client().post(reverse("accounts:signup"), dict(SIGNUP, password2=PASSWORD + "x"))
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_it_closes_signup_when_configured(settings):
    settings.OPEN_SIGNUP = False
    assert Client().get(reverse("accounts:signup")).status_code == 404


@pytest.mark.django_db
def test_it_saves_the_page_language_as_preference_on_signup():
    client = Client()
    client.cookies["klimapakete_language"] = "en"
    client.post(reverse("accounts:signup"), SIGNUP)
    assert User.objects.get(email="nele@example.org").language == "en"


# Log in and out


def test_it_logs_in_by_email(personas):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"email": "Member@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert str(logged_in_user_id(client)) == str(personas["member"].pk)


def test_it_rejects_a_wrong_password(personas):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"email": "member@example.org", "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "invalid_login")
    assert logged_in_user_id(client) is None


def test_it_follows_a_safe_next_after_login(personas):
    team = personas["team"]
    target = reverse("teams:members", kwargs={"team_slug": team.slug})
    response = Client().post(
        f"{reverse('accounts:login')}?next={target}",
        {"email": "member@example.org", "password": PASSWORD},
    )
    assert response["Location"] == target


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)", "\\\\evil.com"],
)
def test_it_ignores_unsafe_next_parameters(personas, unsafe):
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"email": "member@example.org", "password": PASSWORD, "next": unsafe},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    response = client.post(reverse("set_language"), {"language": "en", "next": unsafe})
    assert response["Location"] == "/"


def test_it_logs_out_with_post_only(member_client):
    assert member_client.get(reverse("accounts:logout")).status_code == 405
    assert logged_in_user_id(member_client) is not None
    response = member_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert logged_in_user_id(member_client) is None


def test_a_logged_in_user_skips_the_login_page(member_client):
    assert member_client.get(reverse("accounts:login")).status_code == 302


# Throttling


def _login(client, password):
    return client.post(
        reverse("accounts:login"), {"email": "member@example.org", "password": password}
    )


def test_it_throttles_logins_after_repeated_failures(personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _login(client, "wrong-password")
    response = _login(client, PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "throttled")
    assert str(settings.LOGIN_FAILURE_WINDOW_MINUTES) in response.content.decode()
    assert logged_in_user_id(client) is None


def test_it_throttles_by_address_in_any_case(personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client()
    for email in ("MEMBER@example.org", "member@EXAMPLE.org"):
        client.post(reverse("accounts:login"), {"email": email, "password": "nope-nope-nope"})
    response = _login(client, PASSWORD)
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "throttled")


def test_it_lets_the_login_through_after_the_window(personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        _login(client, "wrong-password")
    LoginFailure.objects.update(at="2000-01-01T00:00:00Z")
    assert _login(client, PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures(personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        _login(client, "wrong-password")
    assert _login(client, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(2):
        _login(client, "wrong-password")
    assert _login(client, PASSWORD).status_code == 302


def test_throttling_one_address_leaves_others_alone(personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        _login(client, "wrong-password")
    response = client.post(
        reverse("accounts:login"), {"email": "coordinator@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


# Password reset


def _reset_password(client, email, mailoutbox, capture, new_password) -> str:
    """Ask for a reset mail, follow its link, set ``new_password``; return the link's path."""
    with capture(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": email})
    assert response.status_code == 302
    mail = mailoutbox[-1]
    assert "\n" not in mail.subject
    link = re.search(r"https?://[^\s]+/password-reset/[^\s]+/", mail.body).group(0)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0]
    response = client.post(
        form_path, {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    return path


def test_it_resets_the_password_through_a_mailed_link(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    new_password = "ein-neues-Passwort-2024"
    path = _reset_password(
        client, "Member@example.org", mailoutbox, django_capture_on_commit_callbacks, new_password
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["member@example.org"]
    personas["member"].refresh_from_db()
    assert personas["member"].check_password(new_password)
    assert _login(Client(), new_password).status_code == 302
    # The link works only once.
    response = client.get(path, follow=True)
    assert "new_password1" not in response.content.decode()


def test_a_password_reset_lifts_the_login_throttle(
    personas, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """The throttling message tells people to reset their password; that has to work."""
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        _login(client, "wrong-password")
    assert _login(client, PASSWORD).context["form"].has_error(NON_FIELD_ERRORS, "throttled")
    new_password = "ein-neues-Passwort-2024"
    _reset_password(
        client, "member@example.org", mailoutbox, django_capture_on_commit_callbacks, new_password
    )
    assert _login(client, new_password).status_code == 302


def test_it_sends_no_mail_for_an_unknown_address(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("accounts:password_reset"), {"email": "nobody@example.org"}
        )
    assert response.status_code == 302
    assert mailoutbox == []


def test_the_reset_mail_is_in_the_users_language(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=personas["member"].pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:password_reset"), {"email": "member@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("accounts:password_reset"), {"email": "coordinator@example.org"})
    english, german = mailoutbox
    assert english.subject != german.subject


# Profile and language


def test_it_edits_the_profile_and_switches_the_language(member_client, personas):
    url = reverse("accounts:profile")
    assert html_lang(member_client.get(url)) == "de"
    response = member_client.post(url, {"name": "Mo Neu", "language": "en"})
    assert response.status_code == 302
    member = User.objects.get(pk=personas["member"].pk)
    assert (member.name, member.language) == ("Mo Neu", "en")
    page = member_client.get(
        reverse("teams:dashboard", kwargs={"team_slug": personas["team"].slug})
    )
    assert html_lang(page) == "en"
    assert 'value="Mo Neu"' in member_client.get(url).content.decode()


def test_the_profile_needs_a_name(member_client, personas):
    response = member_client.post(reverse("accounts:profile"), {"name": "", "language": "en"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert User.objects.get(pk=personas["member"].pk).language == "de"


@pytest.mark.django_db
def test_the_language_switcher_sets_a_cookie_for_anonymous_visitors():
    client = Client()
    assert html_lang(client.get(reverse("accounts:login"))) == "de"
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["klimapakete_language"].value == "en"
    assert html_lang(client.get(reverse("accounts:login"))) == "en"


def test_the_language_switcher_saves_the_users_preference(member_client, personas):
    member_client.post(reverse("set_language"), {"language": "en"})
    assert User.objects.get(pk=personas["member"].pk).language == "en"
    # A fresh browser without the cookie still gets English after logging in.
    fresh = client_for(User.objects.get(pk=personas["member"].pk))
    assert html_lang(fresh.get(reverse("accounts:profile"))) == "en"


@pytest.mark.django_db
def test_the_language_switcher_ignores_unknown_languages():
    response = Client().post(reverse("set_language"), {"language": "xx"})
    assert response.cookies["klimapakete_language"].value == "de"


def test_the_language_switcher_needs_post(db):
    assert Client().get(reverse("set_language")).status_code == 405


def test_it_changes_the_password(member_client, personas):
    new = "noch-ein-Passwort-77"
    response = member_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=personas["member"].pk).check_password(new)
    # Still logged in after the change.
    assert member_client.get(reverse("accounts:profile")).status_code == 200


# Account deletion


def _delete(client, password=PASSWORD):
    return client.post(reverse("accounts:delete"), {"password": password})


def test_deleting_the_account_needs_the_password(member_client, personas):
    response = _delete(member_client, "not-my-password")
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=personas["member"].pk).exists()


def test_it_deletes_the_account_and_keeps_ticks_without_name(member_client, personas):
    team, member = personas["team"], personas["member"]
    item = personas["team"].adoptions.first().package.steps.first().items.first()
    item_set_done(team=team, item=item, user=member, done=True)
    response = _delete(member_client)
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert logged_in_user_id(member_client) is None
    progress = ItemProgress.objects.get(team=team, item=item)
    assert progress.is_done and progress.done_by is None
    assert Team.objects.filter(pk=team.pk).exists()
    assert any(m.level_tag == "success" for m in get_messages(response.wsgi_request))


def test_the_last_coordinator_of_a_team_with_members_cannot_delete_the_account(
    coordinator_client, personas
):
    response = coordinator_client.get(reverse("accounts:delete"))
    assert response.context["blocking"] == [personas["team"]]
    response = _delete(coordinator_client)
    assert response.status_code == 200
    assert User.objects.filter(pk=personas["coordinator"].pk).exists()


def test_a_coordinator_with_a_co_coordinator_can_delete_the_account(coordinator_client, personas):
    Membership.objects.filter(pk=personas["member_membership"].pk).update(role="coordinator")
    assert _delete(coordinator_client).status_code == 302
    assert not User.objects.filter(pk=personas["coordinator"].pk).exists()
    assert Team.objects.filter(pk=personas["team"].pk).exists()


def test_a_team_where_the_user_is_the_only_member_goes_with_the_account(outsider_client, personas):
    solo_team = personas["other_team"]
    second = team_create(
        user=personas["outsider"], name="Zweites Team", municipality="X", federal_state="BE"
    )
    response = outsider_client.get(reverse("accounts:delete"))
    assert set(response.context["sole_teams"]) == {solo_team, second}
    assert _delete(outsider_client).status_code == 302
    assert not Team.objects.filter(pk__in=[solo_team.pk, second.pk]).exists()
    assert not ItemProgress.objects.filter(team_id=solo_team.pk).exists()
    # The other team is untouched.
    assert Team.objects.filter(pk=personas["team"].pk).exists()


def test_a_password_like_the_own_name_is_refused(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Waldemar Sonnenschein",
            "email": "ws@example.org",
            "password1": "waldemarsonnenschein",
            "password2": "waldemarsonnenschein",
        },
    )
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    owner = Client(REMOTE_ADDR="192.0.2.10")
    assert _login(owner, PASSWORD).status_code == 302  # the owner's browser is known now
    owner.post(reverse("accounts:logout"))
    for number in range(20):  # many wrong passwords from many addresses
        _login(Client(REMOTE_ADDR=f"203.0.113.{number}"), "wrong-password")
    assert _login(owner, PASSWORD).status_code == 302
    # A browser the account never used waits, as the attack is on this account.
    stranger = _login(Client(REMOTE_ADDR="192.0.2.99"), PASSWORD)
    assert stranger.context["form"].has_error(NON_FIELD_ERRORS, "throttled")


def test_failures_from_another_client_address_do_not_throttle_this_one(personas, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(5):
        _login(Client(REMOTE_ADDR="203.0.113.5"), "wrong-password")
    assert _login(Client(REMOTE_ADDR="192.0.2.10"), PASSWORD).status_code == 302


def test_one_password_against_many_accounts_is_throttled_per_client_address(personas, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 5
    client = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(5):
        client.post(
            reverse("accounts:login"),
            {"email": f"person{number}@example.org", "password": "Sommer2024!"},
        )
    response = client.post(
        reverse("accounts:login"), {"email": "coordinator@example.org", "password": PASSWORD}
    )
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "throttled")
    other = Client(REMOTE_ADDR="192.0.2.10")
    response = other.post(
        reverse("accounts:login"), {"email": "coordinator@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_password_reset_mails_are_rate_limited_per_address(
    personas, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_MAILS_PER_DAY = 2
    for number in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client(REMOTE_ADDR=f"203.0.113.{number}").post(
                reverse("accounts:password_reset"), {"email": "member@example.org"}
            )
        assert response.status_code == 302  # the same answer either way
    assert len(mailoutbox) == 2


def test_password_reset_requests_are_rate_limited_per_client_address(
    personas, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESETS_PER_ADDRESS_HOUR = 1
    client = Client(REMOTE_ADDR="203.0.113.9")
    for email in ("member@example.org", "coordinator@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:password_reset"), {"email": email})
    assert [m.to for m in mailoutbox] == [["member@example.org"]]
