"""The thread list, the thread page and search run the same number of queries for a small
and a large forum."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from klimapakete.forum.models import Post, Reaction, Thread
from klimapakete.forum.search.index import post_index
from klimapakete.forum.services import thread_create


def grow(forum, thread, *, threads: int, replies: int) -> None:
    users = [forum[name] for name in ("member", "outsider", "coordinator", "both")]
    for n in range(threads):
        thread_create(
            user=users[n % 4],
            team=None,
            category=forum["category"],
            title=f"Frage Nummer {n} zum Beirat",
            body=f"Text {n} über den Beirat",
        )
    posts = Post.objects.bulk_create(
        Post(
            thread=thread,
            author=users[n % 4],
            author_team=forum["team"] if n % 2 else forum["other_team"],
            body=f"Antwort {n} zum Beirat, **fett**",
        )
        for n in range(replies)
    )
    for post in Post.objects.filter(pk__in=[p.pk for p in posts]).select_related("thread"):
        post_index(post)
    Reaction.objects.bulk_create(
        Reaction(post=post, user=users[n % 4], emoji="heart") for n, post in enumerate(posts)
    )
    Thread.objects.filter(pk=thread.pk).update(reply_count=thread.posts.count() - 1)


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_forum(forum, thread, settings):
    settings.FORUM_NEW_ACCOUNT_POSTS_PER_DAY = 1000
    settings.FORUM_POSTS_PER_HOUR = 1000
    client = client_for(forum["coordinator"])
    pages = [
        reverse("forum:index"),
        reverse("forum:category", kwargs={"slug": forum["category"].slug}),
        reverse("forum:thread", kwargs={"thread_id": thread.pk}),
        reverse("forum:search") + "?q=Beirat",
        reverse("library:index"),
    ]
    grow(forum, thread, threads=3, replies=3)
    small = [count(client, page) for page in pages]
    grow(forum, thread, threads=40, replies=60)
    large = [count(client, page) for page in pages]
    assert large == small
    assert max(small) <= 16
