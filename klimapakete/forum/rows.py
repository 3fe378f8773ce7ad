"""Rows of the forum's lists (start page, category, search results, library cards), built
in Python: the lists show up to a page of rows, and per-row template work (includes,
``{% blocktranslate %}``, ``{% url %}``, filters) cost more than the queries.

Each row is a dict of preformatted, escaped strings; the templates only loop over them.
What is the same for every row is done once per list: translated labels, URLs (built
with a placeholder id and filled in), dates (formatted once per distinct value), plural
forms (once per distinct number).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from klimapakete.core.links import url_maker
from klimapakete.core.templatetags.klimapakete import tr
from klimapakete.forum.selectors import is_unread


def once(function: Callable) -> Callable:
    """``function`` remembered per distinct argument, for one list."""
    known: dict = {}

    def cached(value):
        if value not in known:
            known[value] = function(value)
        return known[value]

    return cached


def time_element() -> Callable:
    """``<time datetime="…">short date and time</time>`` of an aware datetime, as the
    templates' ``date:'c'`` and ``date:"SHORT_DATETIME_FORMAT"`` show it."""

    def render(value) -> SafeString:
        local = template_localtime(value)
        return format_html(
            '<time datetime="{}">{}</time>',
            formats.date_format(local, "c"),
            formats.date_format(local, "SHORT_DATETIME_FORMAT"),
        )

    return once(render)


def author_html(post, *, former: str, staff: str) -> SafeString:
    """``forum/_author.html`` without the handle (as in lists)."""
    author = post.author if post.author_id else None
    if author is None:
        return format_html('<span class="author"><strong>{}</strong></span>', former)
    if author.is_support_staff:
        extra = format_html(' <span class="badge staff">{}</span>', staff)
    elif post.author_team_id:
        extra = format_html(' · <span class="team">{}</span>', post.author_team.name)
    else:
        extra = ""
    return format_html('<span class="author"><strong>{}</strong>{}</span>', author.name, extra)


def author_labels() -> dict[str, str]:
    return {"former": gettext("Former member"), "staff": gettext("Support organisation")}


def marked(parts: Iterable[tuple[str, bool]]) -> SafeString:
    """Highlight parts ``(text, is_match)`` as escaped HTML, matches in ``<mark>``."""
    return mark_safe(  # noqa: S308 - every part is escaped here
        "".join(
            f"<mark>{conditional_escape(part)}</mark>" if hit else str(conditional_escape(part))
            for part, hit in parts
        )
    )


def thread_rows(threads: Iterable, *, show_category: bool = False) -> list[dict]:
    """What ``forum/_thread_rows.html`` shows of each thread (from ``with_list_data``)."""
    badge = {
        key: format_html('<span class="badge{}">{}</span>', css, label)
        for key, css, label in (
            ("pinned", "", gettext("pinned")),
            ("locked", "", gettext("locked")),
            ("hidden", " overdue", gettext("hidden")),
            ("solved", " done", gettext("solved")),
            ("new", " new", gettext("new")),
        )
    }
    thread_url = url_maker("forum:thread")
    category_link = once(
        lambda category: format_html(
            ' · <a href="{}">{}</a>',
            reverse("forum:category", args=[category.slug]),
            tr(category, "title"),
        )
    )
    replies = once(
        lambda n: ngettext("%(n)s reply", "%(n)s replies", n) % {"n": n}  # noqa: INT003
    )
    when = time_element()
    labels = author_labels()
    rows = []
    for thread in threads:
        unread = is_unread(thread)
        flags = (
            ("pinned", thread.pinned),
            ("locked", thread.locked),
            ("hidden", thread.hidden_at),
            ("solved", thread.solution_id),
            ("new", unread),
        )
        opening = getattr(thread, "opening_posts", None)
        rows.append(
            {
                "unread": unread,
                "badges": mark_safe(  # noqa: S308 - badges are built by format_html
                    " ".join(badge[key] for key, on in flags if on)
                ),
                "url": thread_url(thread.pk),
                "title": thread.title,
                "author": author_html(opening[0], **labels) if opening else "",
                "category": category_link(thread.category) if show_category else "",
                "replies": replies(thread.reply_count),
                "time": when(thread.last_post_at),
            }
        )
    return rows


def practice_cards(practices: Iterable) -> list[dict]:
    """What the library shows of each practice (from ``library_selectors.library``)."""
    detail = url_maker("library:detail")
    recommended = format_html(' <span class="badge done">{}</span>', gettext("recommended"))
    template = format_html(' <span class="badge">{}</span>', gettext("template"))
    step_label = once(lambda step: f"{step.number} {tr(step, 'title')} · " if step else "")
    helped = once(
        lambda n: (
            ngettext(  # noqa: INT003
                "%(n)s person found this helpful", "%(n)s people found this helpful", n
            )
            % {"n": n}
        )
    )
    cards = []
    for practice in practices:
        place = [practice.get_federal_state_display(), practice.get_town_size_display()]
        if practice.show_team:
            place.append(practice.team.name)
        cards.append(
            {
                "url": detail(practice.pk),
                "title": practice.title,
                "badges": mark_safe(  # noqa: S308 - badges are built by format_html
                    (recommended if practice.featured_at else "")
                    + (template if practice.template_text else "")
                ),
                "where": step_label(practice.step) + " · ".join(place),
                "helped": helped(practice.helped),
                "thumbs": practice.thumbs,
            }
        )
    return cards


def search_rows(results: Iterable) -> list[dict]:
    """What the search page shows of each result (``search.selectors.Result``)."""
    thread_url = url_maker("forum:thread")
    practice_url = url_maker("library:detail")
    forum, practice_label = gettext("Forum"), gettext("Best practice")
    solved = format_html(' · <span class="badge done">{}</span>', gettext("solved"))
    labels = author_labels()
    step_label = once(lambda step: f" · {step.number} {tr(step, 'title')}" if step else "")
    rows = []
    for result in results:
        if result.post is not None:
            post = result.post
            url = f"{thread_url(post.thread_id)}#post-{post.pk}"
            about = format_html(
                "{} · {} · {}{}",
                forum,
                tr(post.thread.category, "title"),
                author_html(post, **labels),
                solved if post.thread.solution_id else "",
            )
        else:
            practice = result.practice
            url = practice_url(practice.pk)
            about = format_html(
                "{}{} · {}{}",
                practice_label,
                step_label(practice.step),
                practice.get_federal_state_display(),
                f" · {practice.team.name}" if practice.show_team else "",
            )
        rows.append(
            {
                "url": url,
                "title": marked(result.title_parts),
                "about": about,
                "snippet": marked(result.snippet),
            }
        )
    return rows
