"""Moderation by support staff: hide with a reason, never delete; reports; pin and move."""

from __future__ import annotations

from django.urls import reverse

from conftest import client_for
from klimapakete.forum.models import Category, Post, Report, SearchDocument
from klimapakete.notifications.models import Notification


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


def test_everyone_reports_and_staff_see_the_queue(forum, thread):
    answer = thread.posts.get(is_opening=False)
    client = client_for(forum["member"])
    response = client.post(
        url("forum:report", post_id=answer.pk), {"reason": "personal_data", "note": "Telefon"}
    )
    assert response.status_code == 302
    again = client.post(url("forum:report", post_id=answer.pk), {"reason": "spam"})
    assert "bereits gemeldet" in again.content.decode()
    assert Report.objects.count() == 1
    queue = client_for(forum["support"]).get(url("forum:moderation"))
    assert queue.context["reports"][0].post == answer
    assert "Telefon" in queue.content.decode()


def test_reports_per_day_are_limited(forum, thread, settings):
    settings.FORUM_REPORTS_PER_DAY = 1
    client = client_for(forum["member"])
    posts = list(thread.posts.all())
    client.post(url("forum:report", post_id=posts[1].pk), {"reason": "spam"})
    response = client.post(url("forum:report", post_id=posts[0].pk), {"reason": "spam"})
    assert "am Tag" in response.content.decode()
    assert Report.objects.count() == 1


def test_hiding_keeps_the_post_for_its_author_and_tells_them_why(forum, thread):
    answer = thread.posts.get(is_opening=False)
    Report.objects.create(post=answer, reporter=forum["member"], reason="personal_data")
    support = client_for(forum["support"])
    response = support.post(url("forum:hide", post_id=answer.pk), {"reason": ""})
    assert response.status_code == 200
    support.post(url("forum:hide", post_id=answer.pk), {"reason": "Private Telefonnummer"})

    answer.refresh_from_db()
    assert answer.is_hidden and Post.objects.filter(pk=answer.pk).exists()
    assert Report.objects.get().outcome == "hidden"
    note = Notification.objects.get(recipient=forum["outsider"], kind="forum.hidden")
    assert note.params["reason"] == "Private Telefonnummer"

    thread_url = url("forum:thread", thread_id=thread.pk)
    others = client_for(forum["member"]).get(thread_url).content.decode()
    assert "Wir haben mit den Stadtwerken angefangen." not in others
    assert "von der Moderation ausgeblendet" in others
    assert "Private Telefonnummer" not in others
    author = client_for(forum["outsider"]).get(thread_url).content.decode()
    assert "Wir haben mit den Stadtwerken angefangen." in author
    assert "Private Telefonnummer" in author
    assert not SearchDocument.objects.filter(post=answer).exists()

    support.post(url("forum:unhide", post_id=answer.pk))
    answer.refresh_from_db()
    assert not answer.is_hidden
    assert SearchDocument.objects.filter(post=answer).exists()


def test_hiding_the_question_hides_the_thread(forum, thread):
    question = thread.posts.get(is_opening=True)
    client_for(forum["support"]).post(url("forum:hide", post_id=question.pk), {"reason": "Werbung"})
    thread_url = url("forum:thread", thread_id=thread.pk)
    assert client_for(forum["outsider"]).get(thread_url).status_code == 404
    assert client_for(forum["member"]).get(thread_url).status_code == 200  # the author
    listing = client_for(forum["outsider"]).get(url("forum:category", slug=thread.category.slug))
    assert thread.title not in listing.content.decode()
    assert not SearchDocument.objects.filter(post__thread=thread).exists()


def test_dismissing_a_report_closes_it(forum, thread):
    report = Report.objects.create(
        post=thread.posts.first(), reporter=forum["member"], reason="wrong"
    )
    client_for(forum["support"]).post(url("forum:dismiss", report_id=report.pk))
    report.refresh_from_db()
    assert report.outcome == "dismissed" and report.resolved_by == forum["support"]


def test_staff_pin_and_move_threads(forum, thread):
    support = client_for(forum["support"])
    support.post(url("forum:pin", thread_id=thread.pk), {"pinned": "1"})
    other = Category.objects.get(step__key="sectors")
    support.post(url("forum:move", thread_id=thread.pk), {"category": other.pk})
    thread.refresh_from_db()
    assert thread.pinned and thread.category == other
