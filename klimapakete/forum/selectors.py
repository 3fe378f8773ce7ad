"""Reads of the forum. Each function runs a fixed number of queries, whatever the
number of threads and posts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from klimapakete.core.queries import aggregate_of
from klimapakete.forum.access import is_moderator
from klimapakete.forum.library import selectors as library_selectors
from klimapakete.forum.models import (
    Category,
    Follow,
    Post,
    PostRevision,
    Reaction,
    Report,
    Thread,
    ThreadRead,
)

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 30


def visible_threads(user):
    threads = Thread.objects.all()
    if not is_moderator(user):
        threads = threads.filter(hidden_at__isnull=True)
    return threads


def with_list_data(threads, user):
    """Threads with what a list shows: opening post's author and team, solution, and this
    person's read marker and follow (three queries for any number of threads)."""
    read = ThreadRead.objects.filter(thread=OuterRef("pk"), user=user).values("read_at")[:1]
    return (
        threads.select_related("category")
        .annotate(
            read_at=Subquery(read),
            followed=Exists(Follow.objects.filter(thread=OuterRef("pk"), user=user)),
        )
        .prefetch_related(
            Prefetch(
                "posts",
                queryset=Post.objects.filter(is_opening=True)
                .select_related("author", "author_team")
                .defer("body"),  # lists show who wrote it, not the text
                to_attr="opening_posts",
            )
        )
    )


def is_unread(thread) -> bool:
    return thread.read_at is None or thread.last_post_at > thread.read_at


@dataclass
class CategoryGroup:
    title: str
    categories: list = field(default_factory=list)


def category_index() -> list[CategoryGroup]:
    """Step categories grouped by package, then the general ones (one query)."""
    visible = Thread.objects.filter(category=OuterRef("pk"), hidden_at__isnull=True)
    categories = (
        Category.objects.filter(archived=False)
        .select_related("step__package")
        .annotate(
            thread_count=aggregate_of(visible, Count("pk"), key="category", default=0),
            solved_count=aggregate_of(
                visible.filter(solution__isnull=False), Count("pk"), key="category", default=0
            ),
            last_activity=aggregate_of(
                Thread.objects.filter(category=OuterRef("pk")), Max("last_post_at"), key="category"
            ),
        )
        .order_by("order", "pk")
    )
    groups: dict[object, CategoryGroup] = {}
    for category in categories:
        package = category.step.package if category.step_id else None
        key = package.pk if package else None
        if key not in groups:
            groups[key] = CategoryGroup(title=package if package else "")
        groups[key].categories.append(category)
    general = groups.pop(None, None)
    return list(groups.values()) + ([general] if general else [])


def thread_or_404(user, thread_id: int) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related(
            "category__step__package",
            "author",
            "solution__author__forum_profile",
            "solution__author_team",
        ),
        pk=thread_id,
    )
    if thread.hidden_at is not None and not (is_moderator(user) or thread.author_id == user.pk):
        raise Http404
    return thread


def post_or_404(user, post_id: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread__category", "author", "author_team"), pk=post_id
    )
    thread = post.thread
    if thread.hidden_at is not None and not (is_moderator(user) or thread.author_id == user.pk):
        raise Http404
    return post


def thread_posts(thread):
    return thread.posts.select_related("author__forum_profile", "author_team", "hidden_by")


@dataclass
class PostView:
    post: Post
    show_text: bool
    reactions: list[tuple[str, str, str, int, bool]]  # (key, emoji, label, count, mine)
    new: bool


EMOJI = {
    Reaction.Emoji.THUMBS_UP: "👍",
    Reaction.Emoji.HEART: "❤️",
    Reaction.Emoji.IDEA: "💡",
    Reaction.Emoji.THANKS: "🙏",
}


def post_views(posts: list[Post], user, *, read_at=None) -> list[PostView]:
    """What the thread page shows of each post (two queries for reactions)."""
    moderator = is_moderator(user)
    ids = [p.pk for p in posts]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Reaction.objects.filter(post_id__in=ids).values("post_id", "emoji").annotate(n=Count("id"))
    ):
        counts[row["post_id"]][row["emoji"]] = row["n"]
    mine = set(Reaction.objects.filter(post_id__in=ids, user=user).values_list("post_id", "emoji"))
    views = []
    for post in posts:
        reactions = [
            (key, EMOJI[key], label, counts[post.pk].get(key, 0), (post.pk, key) in mine)
            for key, label in Reaction.Emoji.choices
        ]
        views.append(
            PostView(
                post=post,
                show_text=not post.is_hidden or moderator or post.author_id == user.pk,
                reactions=reactions,
                new=read_at is not None and post.created_at > read_at,
            )
        )
    return views


def post_reactions(post: Post, user) -> PostView:
    return post_views([post], user)[0]


def read_marker(thread, user):
    return (
        ThreadRead.objects.filter(thread=thread, user=user)
        .values_list("read_at", flat=True)
        .first()
    )


def is_following(thread, user) -> bool:
    return Follow.objects.filter(thread=thread, user=user).exists()


def revisions(post: Post):
    return post.revisions.select_related("editor")


def open_reports():
    return (
        Report.objects.filter(outcome=Report.Outcome.OPEN)
        .select_related("post__thread__category", "post__author", "post__author_team", "reporter")
        .order_by("created_at")
    )


def step_panel(request, step) -> dict | None:
    """ "From other teams" on a step page: featured practices and solved threads (3 queries)."""
    category = Category.objects.filter(step=step, archived=False).first()
    solved = []
    if category is not None:
        solved = list(
            Thread.objects.filter(
                category=category, hidden_at__isnull=True, solution__isnull=False
            ).order_by("-last_post_at")[:5]
        )
    return {
        "template": "forum/step_panel.html",
        "context": {
            "category": category,
            "solved": solved,
            "practices": library_selectors.practices_for_step(step, limit=3),
            "step": step,
        },
    }


def personal_export(user) -> dict[str, list[dict]]:
    posts = [
        {
            "thread": p.thread.title,
            "category": p.thread.category.title_de,
            "opening_post": p.is_opening,
            "posted_as_team": p.author_team.name if p.author_team else "",
            "text": p.body,
            "created_at": p.created_at,
            "edited_at": p.edited_at,
            "hidden_at": p.hidden_at,
            "hidden_reason": p.hidden_reason,
        }
        for p in Post.objects.filter(author=user)
        .select_related("thread__category", "author_team")
        .order_by("created_at")
    ]
    earlier = [
        {
            "thread": r.post.thread.title,
            "title": r.title,
            "text": r.body,
            "written_at": r.written_at,
            "replaced_at": r.replaced_at,
        }
        for r in PostRevision.objects.filter(post__author=user)
        .select_related("post__thread")
        .order_by("replaced_at")
    ]
    reactions = [
        {"thread": r.post.thread.title, "reaction": r.emoji, "created_at": r.created_at}
        for r in Reaction.objects.filter(user=user).select_related("post__thread")
    ]
    follows = [
        {"thread": f.thread.title, "since": f.created_at}
        for f in Follow.objects.filter(user=user).select_related("thread")
    ]
    reports = [
        {
            "thread": r.post.thread.title,
            "reason": r.reason,
            "note": r.note,
            "created_at": r.created_at,
            "outcome": r.outcome,
        }
        for r in Report.objects.filter(reporter=user).select_related("post__thread")
    ]
    return {
        "forum_posts": posts,
        "forum_post_earlier_versions": earlier,
        "forum_reactions": reactions,
        "forum_follows": follows,
        "forum_reports": reports,
        **library_selectors.personal_export(user),
    }
