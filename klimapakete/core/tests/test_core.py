"""Cross-cutting: security headers, no inline scripts, deploy check, CLI, mail worker, bad input."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, client_for
from klimapakete import __version__
from klimapakete.packages.models import ChecklistItem, Step
from klimapakete.teams.models import Team

ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = Path(sys.executable).parent


def team_pages(team) -> list[str]:
    step = Step.objects.filter(archived=False, package__key="allianz").first()
    slug = team.slug
    return [
        reverse("teams:dashboard", args=[slug]),
        reverse("teams:members", args=[slug]),
        reverse("teams:settings", args=[slug]),
        reverse("teams:export", args=[slug]),
        reverse("teams:delete", args=[slug]),
        reverse("teams:leave", args=[slug]),
        reverse("packages:list", args=[slug]),
        reverse("packages:detail", args=[slug, "allianz"]),
        reverse("packages:step", args=[slug, "allianz", step.key]),
    ]


ANONYMOUS_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password-reset/",
    "/does-not-exist/",
]
USER_PAGES = ["/teams/", "/teams/new/", "/accounts/profile/", "/accounts/delete/"]


def _script_src(policy: str) -> str:
    for directive in policy.split(";"):
        parts = directive.split()
        if parts and parts[0] == "script-src":
            return directive
    default = next(d for d in policy.split(";") if d.split()[0] == "default-src")
    return default


def _pages(personas):
    coordinator = client_for(personas["coordinator"])
    invitation = reverse("invitation", args=[personas["invitation"].token])
    yield from ((Client(), path) for path in [*ANONYMOUS_PAGES, invitation])
    yield from ((coordinator, path) for path in [*USER_PAGES, *team_pages(personas["team"])])
    yield client_for(personas["support"]), "/support/"


def test_every_page_sends_a_csp_without_inline_scripts(personas):
    for client, path in _pages(personas):
        response = client.get(path)
        policy = response.headers.get("Content-Security-Policy", "")
        assert policy, f"{path} has no Content-Security-Policy"
        script_src = _script_src(policy)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
        assert "frame-ancestors 'none'" in policy


def test_no_page_has_inline_scripts_or_event_handlers(personas):
    for client, path in _pages(personas):
        response = client.get(path)
        html = response.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE):
            assert "src=" in tag, f"{path}: inline script {tag}"
        for match in re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S | re.I):
            assert match.strip() == "", f"{path}: inline script body"
        assert not re.search(r"\son[a-z]+\s*=", html, flags=re.I), f"{path}: inline handler"
        assert "javascript:" not in html.lower(), path


def test_htmx_requests_carry_the_csrf_token(member_client):
    html = member_client.get("/teams/").content.decode()
    assert re.search(r'hx-headers=\'\{"X-CSRFToken": "[A-Za-z0-9]+"\}\'', html)


def test_the_health_check_answers(db):
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


def _production_env(**extra) -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        **extra,
    )
    return env


def test_the_production_settings_pass_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_the_deploy_check_warns_when_site_url_is_unset():
    env = _production_env()
    del env["SITE_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "klimapakete.W001" in result.stdout + result.stderr


def test_hsts_preload_is_opt_in():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='klimapakete.settings';"
        "django.setup(); from django.conf import settings as s; print(s.SECURE_HSTS_PRELOAD)"
    )
    run = lambda **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(**extra),
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.strip()
    assert run() == "False" and run(SECURE_HSTS_PRELOAD="1") == "True"


def test_production_defaults_are_secure():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='klimapakete.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr


def test_the_command_line_prints_the_version():
    result = subprocess.run(
        [str(VENV_BIN / "klimapakete"), "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"klimapakete {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", __version__)


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_sends_queued_mail(settings, mailoutbox):
    from django_tasks_db.models import DBTaskResult

    from klimapakete.core.mail import email_enqueue

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email_enqueue(to=["ada@example.org"], subject="Hallo\nWelt", body="Text")
    assert mailoutbox == []
    assert DBTaskResult.objects.count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert (mail.to, mail.subject, mail.body) == (["ada@example.org"], "Hallo Welt", "Text")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_no_mail_is_queued_when_the_transaction_fails(settings):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from klimapakete.core.mail import email_enqueue

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(to=["ada@example.org"], subject="S", body="B")
        raise RuntimeError
    assert DBTaskResult.objects.count() == 0


# Hostile input never gives a 500


HOSTILE = [
    "x" * 10_000,
    "<script>alert(1)</script>",
    "Straße – 気候 – 🌍",
    "nul\x00byte",
    "' OR 1=1 --",
    "=cmd|' /C calc'!A0",
    "",
]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_forms_survive_hostile_input(personas, value):
    team = personas["team"]
    item = ChecklistItem.objects.filter(archived=False, step__package__key="allianz").first()
    coordinator = client_for(personas["coordinator"])
    anonymous = Client(raise_request_exception=False)
    posts = [
        (anonymous, "/accounts/login/", {"email": value, "password": value, "next": value}),
        (
            anonymous,
            "/accounts/signup/",
            {"name": value, "email": value, "password1": value, "password2": value},
        ),
        (anonymous, "/accounts/password-reset/", {"email": value}),
        (anonymous, "/language/", {"language": value, "next": value}),
        (
            coordinator,
            "/teams/new/",
            {"name": value, "municipality": value, "federal_state": value},
        ),
        (coordinator, "/accounts/profile/", {"name": value, "language": value}),
        (coordinator, "/accounts/delete/", {"password": value}),
        (coordinator, reverse("teams:settings", args=[team.slug]), {"name": value}),
        (coordinator, reverse("teams:delete", args=[team.slug]), {"confirm_name": value}),
        (
            coordinator,
            reverse("teams:invitation_create", args=[team.slug]),
            {"role": value, "days": value},
        ),
        (coordinator, reverse("teams:hand_on", args=[team.slug]), {"successor": value}),
        (
            coordinator,
            reverse("teams:member_role", args=[team.slug, personas["member_membership"].pk]),
            {"role": value},
        ),
        (
            coordinator,
            reverse("packages:item_plan", args=[team.slug, item.pk]),
            {"assignee": value, "due_date": value, "note": value},
        ),
        (coordinator, reverse("packages:item_done", args=[team.slug, item.pk]), {"done": value}),
    ]
    for client, path, data in posts:
        client.raise_request_exception = False
        response = client.post(path, data)
        assert response.status_code < 500, (path, response.status_code)
    for path in ["/accounts/login/?next=" + value, "/?q=" + value, "/invite/" + value + "/"]:
        response = anonymous.get(path)
        assert response.status_code < 500, (path, response.status_code)
    assert Team.objects.filter(pk=team.pk).exists()


def test_a_team_name_with_markup_is_shown_escaped(coordinator_client, personas):
    coordinator_client.post(
        "/teams/new/",
        {"name": "<script>alert(1)</script>", "municipality": "<b>X</b>", "federal_state": "BE"},
    )
    team = Team.objects.get(municipality="<b>X</b>")
    for path in ["/teams/", reverse("teams:dashboard", args=[team.slug])]:
        html = coordinator_client.get(path).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>X</b>" not in html


def test_a_name_with_markup_is_escaped_for_other_members(member_client, personas):
    from klimapakete.accounts.models import User

    User.objects.filter(pk=personas["coordinator"].pk).update(name='<img src=x onerror="x()">')
    html = member_client.get(reverse("teams:members", args=[personas["team"].slug]))
    assert "<img src=x" not in html.content.decode()


def test_the_login_page_survives_a_very_long_email(personas):
    response = Client().post(
        "/accounts/login/", {"email": "a" * 300 + "@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_every_environment_variable_is_in_the_readme_configuration_table():
    settings_text = (ROOT / "klimapakete" / "settings.py").read_text()
    names = set(
        re.findall(r'(?:envint|envbool|envlist|os\.environ\.get)\("([A-Z_]+)"', settings_text)
    )
    table = (ROOT / "README.md").read_text().split("## Configuration", 1)[1]
    assert names and sorted(n for n in names if f"`{n}`" not in table) == []
