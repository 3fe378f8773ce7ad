"""The form of address in German: outsiders get "Sie" and a sender, team members "du".

Every template and every mail is listed here with its audience. A new template or a new
place that sends mail fails ``test_every_template_has_an_audience`` /
``test_every_mail_has_an_audience`` until it is added, so nobody writes to outsiders
without deciding how to address them.

- ``OUTWARD``: read by actors, residents or the administration (no account) — formal "Sie",
  never du/dich/dir/dein/euch/euer.
- ``TEAM``: read by logged-in members of a team or support staff — "du"/"ihr", no
  "Sie"/"Ihnen"/"Ihr" addressed to the reader.
- ``NEUTRAL``: read by anyone (the layout, error pages) — addresses nobody.

The templates' German is checked string by string (every ``translate``/``blocktranslate``,
singular and plural); the outward mails, the personal page and the calendar feed are also
rendered in German and checked as the reader gets them, sender included.
"""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation.template import templatize

PACKAGE_DIR = Path(settings.BASE_DIR) / "klimapakete"

OUTWARD = "outward"
TEAM = "team"
NEUTRAL = "neutral"

TEMPLATES = {
    # project
    "403.html": TEAM,
    "403_csrf.html": NEUTRAL,
    "404.html": NEUTRAL,
    "500.html": NEUTRAL,
    "base.html": NEUTRAL,
    "home.html": TEAM,
    # core: shown on team pages whose queued work waits for a worker
    "core/_queue_notice.html": TEAM,
    # core: someone outside the app stops mail from a team
    "core/outsider_unsubscribe.html": OUTWARD,
    # core: the tabs inside an area (labels only)
    "core/_subnav.html": NEUTRAL,
    # accounts
    "accounts/delete.html": TEAM,
    "accounts/email/password_reset.txt": TEAM,
    "accounts/email/password_reset_subject.txt": TEAM,
    "accounts/email/signup_confirm.txt": TEAM,
    "accounts/email/signup_taken.txt": TEAM,
    "accounts/login.html": TEAM,
    "accounts/password_change.html": TEAM,
    "accounts/password_reset.html": TEAM,
    "accounts/password_reset_complete.html": TEAM,
    "accounts/password_reset_confirm.html": TEAM,
    "accounts/password_reset_done.html": TEAM,
    "accounts/profile.html": TEAM,
    "accounts/signup.html": TEAM,
    "accounts/signup_confirm.html": TEAM,
    "accounts/signup_sent.html": TEAM,
    # actors
    "actors/_analysis_status.html": TEAM,
    "actors/actor_delete.html": TEAM,
    "actors/actor_detail.html": TEAM,
    "actors/actor_form.html": TEAM,
    "actors/actor_list.html": TEAM,
    "actors/administration.html": TEAM,
    "actors/approach.html": TEAM,
    "actors/conversation_form.html": TEAM,
    "actors/dashboard_panel.html": TEAM,
    "actors/digest_settings.html": TEAM,
    "actors/email/digest.html": TEAM,
    "actors/email/digest.txt": TEAM,
    "actors/grid.html": TEAM,
    "actors/import.html": TEAM,
    "actors/import_map.html": TEAM,
    "actors/import_preview.html": TEAM,
    "actors/_import_mapping.html": TEAM,
    "actors/introductions.html": TEAM,
    "actors/key_persons.html": TEAM,
    "actors/network.html": TEAM,
    "actors/pipeline.html": TEAM,
    "actors/recruitment.html": TEAM,
    "actors/sector_form.html": TEAM,
    "actors/sectors.html": TEAM,
    "actors/unit_form.html": TEAM,
    # council
    "council/_base.html": TEAM,
    "council/_check.html": TEAM,
    "council/_composition.html": TEAM,
    "council/_fact.html": TEAM,
    "council/_hints.html": TEAM,
    "council/_milestone.html": TEAM,
    "council/_path.html": TEAM,
    "council/_problems.html": TEAM,
    "council/compare.html": TEAM,
    "council/dashboard_panel.html": TEAM,
    "council/documents.html": TEAM,
    "council/edit.html": TEAM,
    "council/profile.html": TEAM,
    "council/rules.html": TEAM,
    "council/start.html": TEAM,
    "council/status.html": TEAM,
    "council/version.html": TEAM,
    "council/versions.html": TEAM,
    # email
    "email/outsider_note.txt": OUTWARD,
    "email/sender.txt": OUTWARD,
    # forum
    "forum/_author.html": TEAM,
    "forum/_quoted_post.html": TEAM,
    "forum/_thread_rows.html": TEAM,
    "forum/base.html": TEAM,
    "forum/categories.html": TEAM,
    "forum/category.html": TEAM,
    "forum/category_form.html": TEAM,
    "forum/hide.html": TEAM,
    "forum/index.html": TEAM,
    "forum/library/detail.html": TEAM,
    "forum/library/form.html": TEAM,
    "forum/library/index.html": TEAM,
    "forum/library/share_confirm.html": TEAM,
    "forum/library/share_list.html": TEAM,
    "forum/library/share_request.html": TEAM,
    "forum/moderation_queue.html": TEAM,
    "forum/move.html": TEAM,
    "forum/post_edit.html": TEAM,
    "forum/post_history.html": TEAM,
    "forum/report.html": TEAM,
    "forum/search.html": TEAM,
    "forum/step_panel.html": TEAM,
    "forum/thread.html": TEAM,
    "forum/thread_new.html": TEAM,
    # kompass
    "kompass/_preview.html": TEAM,
    "kompass/editor.html": TEAM,
    "kompass/public.html": OUTWARD,
    "kompass/versions.html": TEAM,
    # notifications
    "notifications/bell.html": TEAM,
    "notifications/email/notification.txt": TEAM,
    "notifications/list.html": TEAM,
    "notifications/settings.html": TEAM,
    "notifications/unsubscribe.html": TEAM,
    # packages
    "packages/package_detail.html": TEAM,
    "packages/package_list.html": TEAM,
    "packages/step_detail.html": TEAM,
    "packages/_ready.html": TEAM,
    # selection
    "selection/_base.html": TEAM,
    "selection/addresses.html": TEAM,
    "selection/commitment.html": TEAM,
    "selection/compute.html": TEAM,
    "selection/detail.html": TEAM,
    "selection/draw.html": TEAM,
    "selection/import.html": TEAM,
    "selection/list.html": TEAM,
    "selection/panel.html": TEAM,
    "selection/plan.html": TEAM,
    "selection/public_code.html": OUTWARD,
    "selection/public_register.html": OUTWARD,
    "selection/public_verify.html": OUTWARD,
    "selection/quotas.html": TEAM,
    "selection/respondents.html": TEAM,
    # support
    "core/picker_options.html": TEAM,
    "core/widgets/search_picker.html": TEAM,
    "neutrality/_base.html": TEAM,
    "neutrality/_conformity.html": TEAM,
    "neutrality/_field.html": TEAM,
    "neutrality/_radio.html": TEAM,
    "neutrality/_results.html": TEAM,
    "neutrality/aggregate.html": TEAM,
    "neutrality/baseline.html": TEAM,
    "neutrality/boundary.html": TEAM,
    "neutrality/definition.html": TEAM,
    "neutrality/influence.html": TEAM,
    # Support staff and partner organisations use the platform like members: "du".
    "support/_event_facts.html": TEAM,
    "support/_figures.html": TEAM,
    "support/_results.html": TEAM,
    "support/_thread.html": TEAM,
    "support/advice.html": TEAM,
    "support/advice_share.html": TEAM,
    "support/event.html": TEAM,
    "support/events.html": TEAM,
    "support/inbox.html": TEAM,
    "support/round.html": TEAM,
    "support/rounds.html": TEAM,
    "support/team/advice.html": TEAM,
    "support/team/advice_list.html": TEAM,
    "support/team/dashboard_panel.html": TEAM,
    "support/team/event.html": TEAM,
    "support/team/events.html": TEAM,
    "support/team/round.html": TEAM,
    "support/team/rounds.html": TEAM,
    "support/team/step_panel.html": TEAM,
    "support/dashboard.html": TEAM,
    # teams
    "teams/dashboard.html": TEAM,
    "teams/delete.html": TEAM,
    "teams/export.html": TEAM,
    "teams/invitation.html": TEAM,
    "teams/invitation_invalid.html": TEAM,
    "teams/leave.html": TEAM,
    "teams/members.html": TEAM,
    "teams/team_form.html": TEAM,
    "teams/team_list.html": TEAM,
    # workshops
    "workshops/_bound.html": TEAM,
    "workshops/_dot.html": TEAM,
    "workshops/_items.html": TEAM,
    "workshops/_sender.html": OUTWARD,
    "workshops/agenda.html": TEAM,
    "workshops/dashboard_panel.html": TEAM,
    "workshops/email_invitation.txt": OUTWARD,
    "workshops/email_meeting.txt": OUTWARD,
    "workshops/email_confirm_address.txt": OUTWARD,
    "workshops/address_confirm.html": OUTWARD,
    "workshops/guest_form.html": TEAM,
    "workshops/meeting.html": TEAM,
    "workshops/meeting_delete.html": TEAM,
    "workshops/participant_delete.html": TEAM,
    "workshops/participants.html": TEAM,
    "workshops/personal.html": OUTWARD,
    "workshops/personal_invalid.html": OUTWARD,
    "workshops/plan.html": TEAM,
    "workshops/results.html": TEAM,
    "workshops/roundtable.html": TEAM,
    "workshops/roundtable_delete.html": TEAM,
    "workshops/roundtable_form.html": TEAM,
    "workshops/roundtables.html": TEAM,
    "workshops/workshop_delete.html": TEAM,
    "workshops/workshop_detail.html": TEAM,
    "workshops/workshop_form.html": TEAM,
    "workshops/workshop_list.html": TEAM,
}

# Every place that sends mail (the function calling ``email_enqueue`` or ``send_email``),
# by audience.
MAILS = {
    "accounts/forms.py:send_mail": TEAM,  # password reset to the account holder
    "accounts/services.py:signup_request": TEAM,  # sign-up link, or "someone tried" to the owner
    "actors/directory/digest.py:send_actor_digest": TEAM,
    "notifications/tasks.py:send_notification_mail": TEAM,
    "notifications/tasks.py:send_notification_digest": TEAM,
    "workshops/services.py:invitations_send": OUTWARD,  # kick-off invitation to actors
    "workshops/services.py:meeting_invite": OUTWARD,  # round-table invitation (actors, guests)
    "workshops/invitees.py:confirmations_request": OUTWARD,  # typed-in address: confirm first
}

# Python modules whose every translatable string is read outside the team (documents and
# public pages); checked like the outward templates.
OUTWARD_MODULES = [
    "council/drafting/motion.py",
    "council/drafting/statute.py",
    "council/drafting/steckbrief.py",
    "council/drafting/texts.py",
    "council/drafting/words.py",
    "kompass/content.py",
    "kompass/public.py",
    "kompass/messages.py",
    "selection/documents.py",
    "selection/views_public.py",
]

# Modules with strings for both audiences (the team's editor and what outsiders read);
# their outward strings are checked on the rendered pages.
MIXED_MODULES = {
    "kompass/blocks.py": "block help for the team, default asks printed on the Kompass",
    "kompass/forms.py": "editor forms and the public contact form",
    "selection/forms.py": "team forms and the public registration form",
    "selection/messages.py": "the registration's errors are shown to residents",
    "workshops/views.py": "team pages and the personal page (checked rendered below)",
}

# Strings of team pages that may say "Sie" because they quote what outsiders read.
QUOTED_FOR_TEAM: dict[str, str] = {}

DU = re.compile(
    r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines"
    r"|euch|euer|eure|euren|eurem|eurer|eures)\b",
    re.IGNORECASE,
)
FORMAL = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")
SENTENCE_START = re.compile(r"(^|[.!?:;„“\"(–]\s*|\n\s*)$")
CALL = re.compile(
    r"\b(gettext|ngettext|pgettext|npgettext)\("
    r"((?:\s*u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,?)+)\s*(?:,\s*\w+\s*)?\)"
)
GETTEXT_ARGS = {
    "_": 1, "gettext": 1, "gettext_lazy": 1, "ngettext": 2, "ngettext_lazy": 2,
    "pgettext": 2, "pgettext_lazy": 2, "npgettext": 3, "npgettext_lazy": 3,
}  # fmt: skip


def du_words(text: str) -> list[str]:
    return [m.group(0) for m in DU.finditer(text)]


def formal_words(text: str) -> list[str]:
    """The words "Sie", "Ihnen", "Ihr…" inside a sentence (at its start "Sie" may mean "they")."""
    return [
        m.group(0) for m in FORMAL.finditer(text) if not SENTENCE_START.search(text[: m.start()])
    ]


def german(kind: str, args: tuple) -> list[str]:
    with translation.override("de"):
        if kind in ("gettext", "_", "gettext_lazy"):
            return [translation.gettext(args[0])]
        if kind.startswith("pgettext"):
            return [translation.pgettext(args[0], args[1])]
        if kind.startswith("ngettext"):
            return [translation.ngettext(args[0], args[1], n) for n in (1, 2)]
        return [translation.npgettext(args[0], args[1], args[2], n) for n in (1, 2)]


def template_files() -> dict[str, Path]:
    files = {}
    for path in PACKAGE_DIR.glob("**/templates/**/*"):
        if path.suffix in (".html", ".txt"):
            name = path.as_posix().split("/templates/", 1)[1]
            assert name not in files, f"two templates are called {name}"
            files[name] = path
    return files


def template_strings(path: Path) -> list[tuple[str, str]]:
    """(msgid, German text) for every translatable string of a template."""
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = []
    for match in CALL.finditer(source):
        args = ast.literal_eval("(" + match.group(2) + ",)")
        msgid = args[1] if match.group(1).startswith(("p", "np")) else args[0]
        found += [(msgid, text) for text in german(match.group(1), args)]
    return found


def module_strings(path: Path) -> list[tuple[str, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        count = GETTEXT_ARGS.get(name)
        args = node.args[:count] if count else []
        if count and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            values = tuple(a.value for a in args)
            found += [(values[-1], text) for text in german(name, values)]
    return found


def address_problems(audience: str, strings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    problems = []
    for msgid, text in strings:
        if audience in (OUTWARD, NEUTRAL) and du_words(text):
            problems.append((", ".join(du_words(text)), text))
        if audience in (TEAM, NEUTRAL) and formal_words(text) and msgid not in QUOTED_FOR_TEAM:
            problems.append((", ".join(formal_words(text)), text))
    return problems


def test_every_template_has_an_audience():
    files = set(template_files())
    assert sorted(files - set(TEMPLATES)) == [], "add these templates to TEMPLATES"
    assert sorted(set(TEMPLATES) - files) == [], "these templates no longer exist"
    assert set(TEMPLATES.values()) <= {OUTWARD, TEAM, NEUTRAL}


def sends_mail(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute):
        return getattr(func.value, "id", "") == "send_email"
    return getattr(func, "id", "") in {"email_enqueue", "outsider_email_enqueue"}


def test_every_mail_has_an_audience():
    senders = set()
    for path in PACKAGE_DIR.glob("**/*.py"):
        if "tests" in path.parts or path.name in {"mail.py", "outsiders.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and sends_mail(node):
                    senders.add(f"{path.relative_to(PACKAGE_DIR).as_posix()}:{function.name}")
    assert sorted(senders - set(MAILS)) == [], "add these mails to MAILS"
    assert sorted(set(MAILS) - senders) == [], "these mails are no longer sent"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_templates_address_their_audience(name):
    path = template_files()[name]
    assert address_problems(TEMPLATES[name], template_strings(path)) == []


@pytest.mark.parametrize("module", OUTWARD_MODULES)
def test_documents_and_public_texts_say_sie(module):
    assert address_problems(OUTWARD, module_strings(PACKAGE_DIR / module)) == []


def test_team_code_does_not_say_sie_to_members():
    problems = {}
    for path in sorted(PACKAGE_DIR.glob("**/*.py")):
        module = path.relative_to(PACKAGE_DIR).as_posix()
        if {"tests", "migrations"} & set(path.parts) or module in OUTWARD_MODULES:
            continue
        if module in MIXED_MODULES:
            continue
        if found := address_problems(TEAM, module_strings(path)):
            problems[module] = found
    assert problems == {}


DU_PRONOUN = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.I)
IHR_PRONOUN = re.compile(r"\b(euch|euer|eure|euren|eurem|eurer|eures)\b", re.I)


def switches(text: str) -> list[str]:
    """Sentences that address one reader as "du" and then as "ihr" (or the other way)."""
    sentences = re.split(r"(?<=[.!?;])\s+|\n+", text)
    return [s for s in sentences if DU_PRONOUN.search(s) and IHR_PRONOUN.search(s)]


def german_content_texts():
    import tomllib

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "de" and isinstance(item, str):
                    yield item
                else:
                    yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    for path in sorted((Path(settings.BASE_DIR) / "content" / "packages").glob("*.toml")):
        yield from walk(tomllib.loads(path.read_text(encoding="utf-8")))


def test_no_switch_between_du_and_ihr_inside_a_sentence():
    from klimapakete.core.tests.test_i18n import PO_FILES, po_entries

    texts = [text for path in PO_FILES for entry in po_entries(path) for text in entry["msgstr"]]
    texts += list(german_content_texts())
    assert len(texts) > 1000
    assert [s for text in texts for s in switches(text)] == []
    assert switches("Du siehst die Ketten von euren Verbündeten.") != []


def test_the_check_finds_du_in_outward_and_sie_in_team_texts():
    assert du_words("Bitte sag uns, ob du kommen kannst.") == ["du"]
    assert du_words("Wir freuen uns auf euch und eure Ideen.") == ["euch", "eure"]
    assert du_words("Die Dienststelle im Dorf") == []
    assert formal_words("Bitte geben Sie Ihre Adresse an.") == ["Sie", "Ihre"]
    assert formal_words("Sie werden gelöscht. Sie bleiben.") == []
    assert address_problems(OUTWARD, [("x", "Schau dir das an")]) == [("dir", "Schau dir das an")]
    assert address_problems(TEAM, [("x", "Melden Sie sich")]) == [("Sie", "Melden Sie sich")]


# --- As the reader gets it -------------------------------------------------------------------


@pytest.fixture
def workshop(personas):
    from klimapakete.workshops import services

    ws = services.workshop_create(
        team=personas["team"],
        title="Zukunftswerkstatt",
        date=timezone.localdate() + timedelta(days=10),
        place="VHS",
    )
    services.participant_add_guest(
        workshop=ws, name="Gerda Gast", sector=None, email="gerda@example.org"
    )
    confirmed(personas["team"], "gerda@example.org")
    return ws


def confirmed(team, email):
    from klimapakete.workshops.models import AddressConfirmation

    AddressConfirmation.objects.create(team=team, email=email, confirmed_at=timezone.now())


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(strip_tags(html).split())


def assert_outward(text: str, personas) -> None:
    assert du_words(text) == [], text
    assert "Sie" in text or "Ihre" in text
    # The sender: the team, a contact person and a reply address.
    assert personas["team"].name in text


def test_the_workshop_invitation_says_sie_and_names_its_sender(
    coordinator_client, member_client, personas, workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(
            reverse(
                "workshops:invitations_send",
                kwargs={"team_slug": personas["team"].slug, "workshop_id": workshop.pk},
            )
        )
    (message,) = mail.outbox
    assert_outward(message.subject + message.body, personas)
    assert message.body.startswith("Guten Tag Gerda Gast,")
    assert "Mo Member" in message.body  # the member who sent it is the contact person
    assert message.reply_to == ["member@example.org"]
    assert "Mit freundlichen Grüßen" in message.body


def test_the_round_table_invitation_says_sie_and_names_its_sender(
    coordinator_client, personas, django_capture_on_commit_callbacks
):
    from klimapakete.workshops import services
    from klimapakete.workshops.models import RoundTable

    table = services.round_table_create(
        team=personas["team"],
        title="Klimastammtisch",
        place="Rathaus",
        frequency=RoundTable.Frequency.MONTHLY,
        interval=1,
        first_date=timezone.localdate() + timedelta(days=3),
    )
    meeting = services.meeting_create(round_table=table)
    confirmed(personas["team"], "stadtwerke@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse(
                "workshops:meeting_invite",
                kwargs={"team_slug": personas["team"].slug, "meeting_id": meeting.pk},
            ),
            {"addresses": "stadtwerke@example.org"},
        )
    (message,) = mail.outbox
    assert_outward(message.body, personas)
    assert "Clara Coordinator" in message.body
    assert message.reply_to == ["coordinator@example.org"]


def test_the_personal_page_says_sie_and_names_the_contact(client, personas, workshop):
    participant = workshop.participants.get()
    link = reverse("workshop_personal", kwargs={"token": participant.token})
    page = client.get(link)
    assert_outward(visible_text(page), personas)
    assert "Clara Coordinator" in visible_text(page)
    assert 'href="mailto:coordinator@example.org"' in page.content.decode()
    for answer in ("accept", "decline"):
        answered = client.post(link, {"answer": answer}, follow=True)
        assert du_words(visible_text(answered)) == []
        assert "Sie haben" in visible_text(answered)
    invalid = client.get(reverse("workshop_personal", kwargs={"token": "unknown"}))
    assert du_words(visible_text(invalid)) == []
    assert "Bitte prüfen Sie" in visible_text(invalid)


def test_the_calendar_feed_names_the_team_as_organizer(client, personas, workshop):
    from klimapakete.workshops import services

    feed = services.calendar_feed_for(personas["team"])
    body = client.get(reverse("roundtable_ical", kwargs={"token": feed.token})).content.decode()
    unfolded = body.replace("\r\n ", "")
    assert 'ORGANIZER;CN="LocalZero Teststadt":mailto:coordinator@example.org' in unfolded


def test_error_pages_address_nobody(client):
    page = client.get("/gibt-es-nicht/")
    assert page.status_code == 404
    assert du_words(visible_text(page)) == []
    assert formal_words(visible_text(page)) == []
