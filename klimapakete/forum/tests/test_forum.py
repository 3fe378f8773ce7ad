"""The forum as its users meet it: who may read and write, threads, replies, quotes,
mentions, reactions, solutions, following, unread markers, edit history, privacy."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import client_for
from klimapakete.forum.models import Follow, Post, PostRevision, Thread
from klimapakete.forum.services import post_create, profile_ensure, thread_create
from klimapakete.notifications.models import Notification


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


def html(response) -> str:
    return response.content.decode()


# Who may use the forum


@pytest.mark.parametrize("persona", ["member", "coordinator", "outsider", "support", "both"])
def test_every_team_member_and_support_staff_read_the_forum(forum, thread, persona):
    client = client_for(forum[persona])
    for address in (
        url("forum:index"),
        url("forum:category", slug=forum["category"].slug),
        url("forum:thread", thread_id=thread.pk),
        url("forum:search") + "?q=Akteure",
        url("library:index"),
    ):
        assert client.get(address).status_code == 200, (persona, address)


def test_anonymous_visitors_are_sent_to_log_in(forum, thread):
    for address in (url("forum:index"), url("forum:thread", thread_id=thread.pk)):
        response = Client().get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_people_without_a_team_do_not_see_the_forum(forum, thread):
    client = client_for(forum["loner"])
    assert client.get(url("forum:index")).status_code == 404
    assert client.get(url("forum:thread", thread_id=thread.pk)).status_code == 404
    assert "Forum" not in html(client.get("/teams/")).split("<main")[0]


def test_the_header_links_to_the_forum_for_team_members(forum):
    header = html(client_for(forum["member"]).get("/teams/")).split("<main")[0]
    assert reverse("forum:index") in header


@pytest.mark.parametrize("persona", ["member", "coordinator", "outsider"])
def test_moderation_pages_are_for_support_staff_only(forum, thread, persona):
    client = client_for(forum[persona])
    post = thread.posts.last()
    for address in (
        url("forum:moderation"),
        url("forum:categories"),
        url("forum:hide", post_id=post.pk),
        url("forum:move", thread_id=thread.pk),
        url("library:share_request"),
    ):
        assert client.get(address).status_code == 404, address
    response = client.post(url("forum:pin", thread_id=thread.pk), {"pinned": "1"})
    assert response.status_code == 404
    thread.refresh_from_db()
    assert not thread.pinned


# Categories come from the package content


def test_every_step_has_a_category_named_like_it(forum):
    from klimapakete.forum.models import Category
    from klimapakete.packages.models import Step

    for step in Step.objects.filter(archived=False):
        category = Category.objects.get(step=step)
        assert category.title_de == f"{step.number} · {step.title_de}"
        assert not category.archived


def test_categories_follow_content_changes(forum, tmp_path, settings):
    """Renaming a step renames its category; a removed step archives it, threads stay."""
    import re
    import shutil

    from klimapakete.forum.models import Category
    from klimapakete.packages.services import content_load

    for path in settings.PACKAGE_CONTENT_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    allianz = tmp_path / "allianz.toml"
    text = allianz.read_text()
    text = re.sub(r"^version = (\d+)", lambda m: f"version = {int(m[1]) + 1}", text, flags=re.M)
    text = text.replace(
        'title.de = "Akteur:innen identifizieren, Interessen und Macht analysieren"',
        'title.de = "Akteure finden"',
    )
    # drop the last step ("roundtable")
    text = text[: text.rindex("[[steps]]")]
    allianz.write_text(text)
    thread = thread_create(
        user=forum["member"], category=forum["category"], title="Frage", body="Text"
    )
    round_table = Category.objects.get(step__key="roundtable")

    content_load(directory=tmp_path)

    category = Category.objects.get(pk=forum["category"].pk)
    assert category.title_de.endswith("· Akteure finden")
    round_table.refresh_from_db()
    assert round_table.archived
    assert Thread.objects.filter(pk=thread.pk).exists()
    index = html(client_for(forum["member"]).get(url("forum:index")))
    assert "Akteure finden" in index
    assert round_table.title_de not in index


def test_support_staff_manage_general_categories(forum):
    from klimapakete.forum.models import Category

    client = client_for(forum["support"])
    response = client.post(
        url("forum:category_new"),
        {"title_de": "Fördermittel", "title_en": "Funding", "order": 1000},
    )
    assert response.status_code == 302
    category = Category.objects.get(title_de="Fördermittel")
    assert category.kind == "general"
    assert "Fördermittel" in html(client_for(forum["member"]).get(url("forum:index")))


# Threads and answers


def test_a_member_asks_and_another_team_answers(forum):
    asker = client_for(forum["member"])
    response = asker.post(
        url("forum:thread_new", slug=forum["category"].slug),
        {"title": "Wer lädt ein?", "body": "Soll die Stadt einladen?", "team": forum["team"].pk},
    )
    thread = Thread.objects.get(title="Wer lädt ein?")
    assert response["Location"] == url("forum:thread", thread_id=thread.pk)

    answerer = client_for(forum["outsider"])
    response = answerer.post(
        url("forum:reply", thread_id=thread.pk),
        {"body": "Bei uns hat die **Bürgermeisterin** eingeladen.", "team": ""},
    )
    assert response.status_code == 302
    page = html(asker.get(url("forum:thread", thread_id=thread.pk)))
    assert "<strong>Bürgermeisterin</strong>" in page
    assert "Mo Member" in page and "LocalZero Teststadt" in page
    assert "Otto Outsider" in page
    # The answer was posted without the team name.
    answer = thread.posts.get(is_opening=False)
    assert answer.author_team is None
    assert "LocalZero Anderswo" not in page


def test_the_editor_warns_about_third_parties_data(forum, thread):
    page = html(client_for(forum["member"]).get(url("forum:thread", thread_id=thread.pk)))
    assert "keine personenbezogenen Daten Dritter" in page


def test_nobody_posts_in_the_name_of_a_team_they_are_not_in(forum, thread):
    client = client_for(forum["outsider"])
    response = client.post(
        url("forum:reply", thread_id=thread.pk), {"body": "Hallo", "team": forum["team"].pk}
    )
    assert response.status_code == 400
    assert thread.posts.count() == 2


def test_a_member_of_two_teams_chooses_which_to_show(forum, thread):
    client = client_for(forum["both"])
    page = html(client.get(url("forum:thread", thread_id=thread.pk)))
    assert "LocalZero Teststadt" in page and "LocalZero Anderswo" in page
    client.post(
        url("forum:reply", thread_id=thread.pk),
        {"body": "Aus Anderswo", "team": forum["other_team"].pk},
    )
    assert thread.posts.get(body="Aus Anderswo").author_team == forum["other_team"]


def test_markdown_is_sanitised(forum, thread):
    client = client_for(forum["outsider"])
    client.post(
        url("forum:reply", thread_id=thread.pk),
        {"body": "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>"},
    )
    page = html(client.get(url("forum:thread", thread_id=thread.pk)))
    assert "<script>alert" not in page and "javascript:" not in page
    assert "onerror" not in page


def test_quote_prefills_the_answer(forum, thread):
    quoted = thread.posts.get(is_opening=False)
    response = client_for(forum["member"]).get(
        url("forum:thread", thread_id=thread.pk) + f"?quote={quoted.pk}"
    )
    body = response.context["reply_form"].initial["body"]
    assert body.startswith("> **Otto Outsider schrieb:**")
    assert "> Wir haben mit den Stadtwerken angefangen." in body


def test_a_locked_thread_takes_answers_only_from_the_moderation(forum, thread):
    client_for(forum["support"]).post(url("forum:lock", thread_id=thread.pk), {"locked": "1"})
    response = client_for(forum["outsider"]).post(
        url("forum:reply", thread_id=thread.pk), {"body": "Noch was"}
    )
    assert response.status_code == 400
    assert "gesperrt" in html(response)
    client_for(forum["support"]).post(url("forum:reply", thread_id=thread.pk), {"body": "Ende."})
    assert thread.posts.filter(body="Ende.").exists()


# Notifications


def test_followers_are_notified_of_answers_and_mentioned_people_of_mentions(
    forum, thread, django_capture_on_commit_callbacks
):
    profile_ensure(forum["coordinator"])
    handle = forum["coordinator"].forum_profile.handle
    assert handle == "clara-coordinator"
    with django_capture_on_commit_callbacks(execute=True):
        post_create(
            user=forum["support"], thread=thread, body=f"Frag doch @{handle} – sie weiß das."
        )
    member_note = Notification.objects.filter(recipient=forum["member"]).first()
    assert member_note.kind == "forum.reply" and member_note.actor == forum["support"]
    assert Notification.objects.get(recipient=forum["coordinator"]).kind == "forum.mention"
    assert not Notification.objects.filter(recipient=forum["support"]).exists()
    # Mails went out through the worker, each with its one-click unsubscribe link.
    recipients = sorted(m.to[0] for m in mail.outbox if "Susi Support" in m.subject)
    assert recipients == sorted(
        [forum["member"].email, forum["outsider"].email, forum["coordinator"].email]
    )
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox)
    page = html(client_for(forum["member"]).get(url("notifications:list")))
    assert "Susi Support hat in „Wie findet ihr Schlüsselakteure?“ geantwortet" in page


def test_quoting_a_mention_does_not_notify_again(forum, thread):
    profile_ensure(forum["coordinator"])
    post_create(user=forum["support"], thread=thread, body="> @clara-coordinator sagte etwas")
    assert not Notification.objects.filter(recipient=forum["coordinator"]).exists()


def test_unfollowing_stops_the_notifications(forum, thread):
    client = client_for(forum["member"])
    client.post(url("forum:follow", thread_id=thread.pk), {"follow": "0"})
    assert not Follow.objects.filter(thread=thread, user=forum["member"]).exists()
    Notification.objects.all().delete()
    post_create(user=forum["outsider"], thread=thread, body="Noch eine Idee")
    assert not Notification.objects.filter(recipient=forum["member"], kind="forum.reply").exists()
    client.post(url("forum:follow", thread_id=thread.pk), {"follow": "1"})
    post_create(user=forum["outsider"], thread=thread, body="Und noch eine")
    assert Notification.objects.filter(recipient=forum["member"], kind="forum.reply").exists()


# Reactions, solutions


def test_reactions_toggle(forum, thread):
    answer = thread.posts.get(is_opening=False)
    client = client_for(forum["member"])
    client.post(url("forum:react", post_id=answer.pk), {"emoji": "thumbs_up"})
    assert answer.reactions.count() == 1
    response = client.post(
        url("forum:react", post_id=answer.pk), {"emoji": "thumbs_up"}, HTTP_HX_REQUEST="true"
    )
    assert answer.reactions.count() == 0
    assert 'id="reactions-' in html(response) and "<html" not in html(response)
    assert client.post(url("forum:react", post_id=answer.pk), {"emoji": "x"}).status_code == 400


def test_the_asker_marks_the_solution_and_it_shows_at_the_top(forum, thread):
    answer = thread.posts.get(is_opening=False)
    # Someone else may not.
    client_for(forum["coordinator"]).post(url("forum:solution", post_id=answer.pk))
    thread.refresh_from_db()
    assert thread.solution is None
    client_for(forum["member"]).post(url("forum:solution", post_id=answer.pk))
    thread.refresh_from_db()
    assert thread.solution == answer
    note = Notification.objects.get(recipient=forum["outsider"], kind="forum.solution")
    assert note.actor == forum["member"]
    page = html(client_for(forum["coordinator"]).get(url("forum:thread", thread_id=thread.pk)))
    solution_section = page.split('id="solution-h"')[1].split("</section>")[0]
    assert "Wir haben mit den Stadtwerken angefangen." in solution_section
    listing = html(
        client_for(forum["coordinator"]).get(url("forum:category", slug=thread.category.slug))
    )
    assert "gelöst" in listing


def test_support_staff_may_mark_a_solution_but_not_the_question(forum, thread):
    support = client_for(forum["support"])
    support.post(url("forum:solution", post_id=thread.posts.get(is_opening=True).pk))
    thread.refresh_from_db()
    assert thread.solution is None
    support.post(url("forum:solution", post_id=thread.posts.get(is_opening=False).pk))
    thread.refresh_from_db()
    assert thread.solution is not None


# Unread markers


def test_threads_show_as_new_until_read(forum, thread):
    client = client_for(forum["coordinator"])
    category_url = url("forum:category", slug=thread.category.slug)
    assert client.get(category_url).context["page"].object_list[0].read_at is None
    page = client.get(url("forum:thread", thread_id=thread.pk))
    assert page.context["unread"]
    until = page.context["read_until"]
    client.post(url("forum:mark_read", thread_id=thread.pk), {"until": until})
    row = client.get(category_url).context["page"].object_list[0]
    assert row.read_at is not None and row.last_post_at <= row.read_at
    post_create(user=forum["outsider"], thread=thread, body="Neu!")
    row = client.get(category_url).context["page"].object_list[0]
    assert row.last_post_at > row.read_at
    views = client.get(url("forum:thread", thread_id=thread.pk)).context["posts"]
    assert [v.new for v in views] == [False, False, True]


def test_reading_a_thread_reads_its_notifications(forum, thread):
    note = Notification.objects.get(recipient=forum["member"])
    client_for(forum["member"]).post(url("forum:mark_read", thread_id=thread.pk))
    note.refresh_from_db()
    assert note.read_at is not None


# Editing


def test_the_author_edits_and_the_earlier_version_is_kept(forum, thread):
    opening = thread.posts.get(is_opening=True)
    client = client_for(forum["member"])
    response = client.post(
        url("forum:post_edit", post_id=opening.pk),
        {"title": "Wie findet ihr die Schlüsselakteure?", "body": "Neuer Text"},
    )
    assert response.status_code == 302
    opening.refresh_from_db()
    thread.refresh_from_db()
    assert opening.body == "Neuer Text" and opening.edit_count == 1
    assert thread.title == "Wie findet ihr die Schlüsselakteure?"
    revision = PostRevision.objects.get(post=opening)
    assert revision.body == "Wir suchen Tipps für die Akteurslandkarte."
    history = html(client.get(url("forum:post_history", post_id=opening.pk)))
    assert "Wir suchen Tipps" in history
    assert (
        client_for(forum["support"]).get(url("forum:post_history", post_id=opening.pk)).status_code
        == 200
    )
    # Others see that it was edited, not what was there before.
    other = client_for(forum["outsider"])
    assert other.get(url("forum:post_history", post_id=opening.pk)).status_code == 404
    assert "bearbeitet" in html(other.get(url("forum:thread", thread_id=thread.pk)))


def test_only_the_author_edits(forum, thread):
    opening = thread.posts.get(is_opening=True)
    for persona in ("outsider", "coordinator", "support"):
        response = client_for(forum[persona]).post(
            url("forum:post_edit", post_id=opening.pk), {"title": "X", "body": "Y"}
        )
        assert response.status_code == 403
    opening.refresh_from_db()
    assert opening.body == "Wir suchen Tipps für die Akteurslandkarte."


# Limits


def test_new_accounts_have_a_daily_limit(forum, settings):
    settings.FORUM_NEW_ACCOUNT_POSTS_PER_DAY = 2
    client = client_for(forum["member"])
    for n in range(2):
        client.post(
            url("forum:thread_new", slug=forum["category"].slug), {"title": f"T{n}", "body": "x"}
        )
    response = client.post(
        url("forum:thread_new", slug=forum["category"].slug), {"title": "T3", "body": "x"}
    )
    assert response.status_code == 200
    assert "in ihren ersten 7 Tagen 2 Beiträge pro Tag" in html(response)
    assert Thread.objects.filter(title__startswith="T").count() == 2


def test_older_accounts_have_an_hourly_limit(forum, thread, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.FORUM_POSTS_PER_HOUR = 3
    user = forum["outsider"]
    user.date_joined = timezone.now() - timedelta(days=60)
    user.save(update_fields=["date_joined"])
    client = client_for(user)
    for n in range(3):
        client.post(url("forum:reply", thread_id=thread.pk), {"body": f"Antwort {n}"})
    # one answer came from the fixture within the hour
    assert Post.objects.filter(author=user).count() == 3
    response = client.post(url("forum:reply", thread_id=thread.pk), {"body": "zu viel"})
    assert response.status_code == 400
    assert "in der letzten Stunde" in html(response)


def test_a_post_has_a_maximum_length(forum, thread, settings):
    settings.FORUM_POST_MAX_CHARS = 50
    response = client_for(forum["outsider"]).post(
        url("forum:reply", thread_id=thread.pk), {"body": "x" * 51}
    )
    assert response.status_code == 400
    assert thread.posts.count() == 2


# Privacy


def test_a_deleted_account_leaves_its_posts_as_former_member(forum, thread):
    from conftest import PASSWORD

    answer = post_create(
        user=forum["both"], team=forum["other_team"], thread=thread, body="Fragt die VHS."
    )
    client = client_for(forum["both"])
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.author is None and answer.author_team is None
    page = html(client_for(forum["member"]).get(url("forum:thread", thread_id=thread.pk)))
    assert "Ehemaliges Mitglied" in page
    assert "Bo Beide" not in page
    assert "Fragt die VHS." in page


def test_the_personal_export_contains_the_posts(forum, thread):
    import io
    import json
    import zipfile

    response = client_for(forum["outsider"]).get(reverse("accounts:export"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("personal-data.json"))
    posts = data["tables"]["forum_posts"]
    assert [p["text"] for p in posts] == ["Wir haben mit den Stadtwerken angefangen."]
    assert posts[0]["posted_as_team"] == "LocalZero Anderswo"
    assert "forum_posts.csv" in archive.namelist()
    assert data["tables"]["account"][0]["email"] == forum["outsider"].email


def test_forum_pages_write_nothing_on_get(forum, thread):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(forum["coordinator"])
    pages = [
        url("forum:index"),
        url("forum:category", slug=thread.category.slug),
        url("forum:thread", thread_id=thread.pk),
        url("forum:search") + "?q=Stadtwerke",
        url("library:index"),
        url("notifications:list"),
        url("notifications:bell"),
    ]
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert writes == [], page


def test_the_recent_threads_name_their_category_in_the_readers_language(forum, thread):
    client = client_for(forum["member"])
    category = forum["category"]
    assert category.title_de != category.title_en

    def recent(response) -> str:
        return html(response).split('id="recent-h"', 1)[1]

    assert f">{category.title_de}</a>" in recent(client.get(url("forum:index")))
    client.post("/language/", {"language": "en", "next": "/"})
    english = recent(client.get(url("forum:index")))
    assert f">{category.title_en}</a>" in english
    assert category.title_de not in english
