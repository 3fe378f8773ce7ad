"""A closed request whose team consented becomes a forum thread or a best-practice draft,
without the names of people or the team."""

from __future__ import annotations

from django.urls import reverse

from conftest import client_for
from klimapakete.forum.models import Category, Practice, Thread
from klimapakete.forum.services import categories_sync, general_category_save
from klimapakete.packages.models import Step
from klimapakete.support import services

NAMES = ("Mo Member", "Clara", "Susi", "LocalZero Teststadt", "Teststadt", "member@example.org")


def _closed(personas, consent=True, with_step=True):
    step = Step.objects.get(package__key="allianz", key="actors") if with_step else None
    advice = services.advice_create(
        team=personas["team"],
        user=personas["member"],
        step=step,
        topic="" if step else "Stadtwerke",
        question="Wie gewinnen wir die Stadtwerke für den Klimarat?",
        tried="Eine Mail an die Geschäftsführung.",
    )
    services.advice_reply(
        request=advice, user=personas["support"], text="Fragt nach einem Termin.", from_staff=True
    )
    services.advice_reply(
        request=advice, user=personas["member"], text="Das hat geklappt.", from_staff=False
    )
    services.advice_close(
        request=advice, summary="Termin bekommen", from_staff=False, share_consent=consent
    )
    return advice


def test_staff_turn_a_consented_request_into_a_forum_thread_without_names(personas):
    categories_sync()
    advice = _closed(personas)
    support = client_for(personas["support"])
    share_url = reverse("support:advice_share", args=[advice.pk])
    assert (
        "(ohne Namen)" in support.get(reverse("support:advice", args=[advice.pk])).content.decode()
    )
    form = support.get(share_url).context["form"]
    body = form.initial["body"]
    assert "Stadtwerke" in body and "Das hat geklappt." in body and "Termin bekommen" in body
    assert "Das Team:" in body and "Supportorganisation:" in body
    assert not any(name in body for name in NAMES)
    step_category = Category.objects.get(step=advice.step)
    assert form.initial["category"] == step_category
    response = support.post(
        share_url,
        {"kind": "thread", "category": step_category.pk, "title": "Stadtwerke", "body": body},
    )
    thread = Thread.objects.get()
    assert response["Location"] == reverse("forum:thread", kwargs={"thread_id": thread.pk})
    post = thread.posts.get()
    assert thread.category == step_category and post.author_team is None
    page = client_for(personas["outsider"]).get(response["Location"]).content.decode()
    assert "Fragt nach einem Termin." in page
    assert not any(name in page for name in NAMES[:2] + NAMES[3:])
    advice.refresh_from_db()
    assert advice.shared_thread == thread
    # only once
    support.post(
        share_url, {"kind": "thread", "category": step_category.pk, "title": "x", "body": "y"}
    )
    assert Thread.objects.count() == 1


def test_a_general_category_or_a_best_practice_draft(personas):
    general = general_category_save(title_de="Allgemeines", title_en="General")
    advice = _closed(personas, with_step=False)
    support = client_for(personas["support"])
    share_url = reverse("support:advice_share", args=[advice.pk])
    assert support.get(share_url).context["form"].initial["category"] == general
    support.post(
        share_url,
        {"kind": "practice", "title": "Stadtwerke gewinnen", "body": "Text", "town_size": "m"},
    )
    practice = Practice.objects.get()
    assert practice.team == personas["team"] and practice.status == Practice.Status.DRAFT
    assert practice.author is None and practice.show_team is False
    assert practice.what_we_did == "Text" and practice.step == advice.step


def test_without_consent_or_for_others_there_is_nothing_to_share(personas):
    categories_sync()
    advice = _closed(personas, consent=False)
    share_url = reverse("support:advice_share", args=[advice.pk])
    assert client_for(personas["support"]).get(share_url).status_code == 404
    advice.share_consent = True
    advice.save()
    for persona in ("member", "coordinator", "outsider"):
        assert client_for(personas[persona]).get(share_url).status_code == 404
