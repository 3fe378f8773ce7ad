"""Forum pages: categories, threads, posts. Moderation and search have their own modules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.core.errors import error_message
from klimapakete.errors import DomainError
from klimapakete.forum import rows, selectors, services
from klimapakete.forum.access import forum_view
from klimapakete.forum.forms import EditForm, ReplyForm, ThreadForm
from klimapakete.forum.mentions import quote
from klimapakete.forum.models import Category, Reaction


def _display_name(post) -> str:
    return post.author.name if post.author_id else _("Former member")


@forum_view
def index(request):
    recent = selectors.with_list_data(
        selectors.visible_threads(request.user).order_by("-last_post_at", "-pk"), request.user
    )[:10]
    context = {
        "groups": selectors.category_index(),
        "recent": rows.thread_rows(recent, show_category=True),
    }
    return render(request, "forum/index.html", context)


@forum_view
def category_detail(request, slug: str):
    category = get_object_or_404(Category.objects.select_related("step__package"), slug=slug)
    threads = selectors.with_list_data(
        selectors.visible_threads(request.user).filter(category=category), request.user
    )
    page = Paginator(threads, selectors.THREADS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"category": category, "page": page, "rows": rows.thread_rows(page.object_list)}
    return render(request, "forum/category.html", context)


@forum_view
def thread_new(request, slug: str):
    category = get_object_or_404(Category, slug=slug, archived=False)
    form = ThreadForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                user=request.user, category=category, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            return redirect("forum:thread", thread_id=thread.pk)
    return render(request, "forum/thread_new.html", {"category": category, "form": form})


def _thread_context(request, thread, reply_form=None) -> dict:
    read_at = selectors.read_marker(thread, request.user)
    page = Paginator(selectors.thread_posts(thread), selectors.POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    posts = list(page)
    solution = None
    if thread.solution_id and not thread.solution.is_hidden:
        solution = selectors.post_views([thread.solution], request.user)[0]
    if reply_form is None:
        initial = {}
        quoted_id = request.GET.get("quote", "")
        if quoted_id.isdigit():
            quoted = thread.posts.filter(pk=int(quoted_id), hidden_at__isnull=True).select_related(
                "author"
            )
            for post in quoted:
                heading = _("%(name)s wrote:") % {"name": _display_name(post)}
                initial["body"] = quote(post.body, heading=heading)
        reply_form = ReplyForm(user=request.user, initial=initial)
    last = posts[-1] if posts else None
    return {
        "thread": thread,
        "category": thread.category,
        "page": page,
        "posts": selectors.post_views(posts, request.user, read_at=read_at),
        "solution": solution,
        "following": selectors.is_following(thread, request.user),
        "reply_form": reply_form,
        "may_reply": not (thread.locked or thread.hidden_at) or request.is_moderator,
        "may_mark_solution": thread.author_id == request.user.pk or request.is_moderator,
        "unread": read_at is None or (last is not None and last.created_at > read_at),
        "read_until": last.created_at.isoformat() if last else "",
    }


@forum_view
def thread_detail(request, thread_id: int):
    thread = selectors.thread_or_404(request.user, thread_id)
    return render(request, "forum/thread.html", _thread_context(request, thread))


@forum_view
@require_POST
def reply(request, thread_id: int):
    thread = selectors.thread_or_404(request.user, thread_id)
    form = ReplyForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            post = services.post_create(user=request.user, thread=thread, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            url = services.thread_url(thread)
            last_page = -(-(thread.reply_count + 2) // selectors.POSTS_PER_PAGE)
            return redirect(f"{url}?page={last_page}#post-{post.pk}")
    context = _thread_context(request, thread, reply_form=form)
    return render(request, "forum/thread.html", context, status=400)


def _own_post(request, post_id: int):
    post = selectors.post_or_404(request.user, post_id)
    if post.author_id != request.user.pk:
        raise PermissionDenied
    return post


@forum_view
def post_edit(request, post_id: int):
    post = _own_post(request, post_id)
    initial = {"body": post.body, "title": post.thread.title}
    form = EditForm(request.POST or None, initial=initial, opening=post.is_opening)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                user=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
            )
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(services.thread_url(post.thread, post))
    return render(request, "forum/post_edit.html", {"post": post, "form": form})


@forum_view
def post_history(request, post_id: int):
    post = selectors.post_or_404(request.user, post_id)
    # Earlier versions may hold what the author took out: only they and the moderation see it.
    if not (post.author_id == request.user.pk or request.is_moderator):
        raise Http404
    context = {"post": post, "revisions": list(selectors.revisions(post))}
    return render(request, "forum/post_history.html", context)


@forum_view
@require_POST
def post_react(request, post_id: int):
    post = selectors.post_or_404(request.user, post_id)
    emoji = request.POST.get("emoji", "")
    if emoji not in Reaction.Emoji.values:
        return HttpResponse(status=400)
    try:
        services.reaction_toggle(user=request.user, post=post, emoji=emoji)
    except DomainError as error:
        messages.error(request, error_message(error))
    if request.htmx:
        view = selectors.post_reactions(post, request.user)
        return render(request, "forum/thread.html#reactions", {"view": view})
    return redirect(services.thread_url(post.thread, post))


@forum_view
@require_POST
def solution(request, post_id: int):
    post = selectors.post_or_404(request.user, post_id)
    thread = post.thread
    unmark = request.POST.get("unmark") == "1"
    try:
        services.solution_set(user=request.user, thread=thread, post=None if unmark else post)
    except DomainError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            _("The solution has been taken back.") if unmark else _("Marked as the solution."),
        )
    return redirect(services.thread_url(thread))


@forum_view
@require_POST
def follow(request, thread_id: int):
    thread = selectors.thread_or_404(request.user, thread_id)
    following = request.POST.get("follow") == "1"
    services.follow_set(user=request.user, thread=thread, follow=following)
    messages.success(
        request,
        _("You follow this thread now.") if following else _("You no longer follow this thread."),
    )
    return redirect(services.thread_url(thread))


@forum_view
@require_POST
def mark_read(request, thread_id: int):
    """Move the read marker up to the newest post the page showed (htmx does it on load)."""
    thread = selectors.thread_or_404(request.user, thread_id)
    try:
        until = parse_datetime(request.POST.get("until", ""))
    except ValueError:
        until = None
    if until is not None and timezone.is_naive(until):
        until = None
    services.thread_mark_read(user=request.user, thread=thread, until=until)
    if request.htmx:
        return render(request, "forum/thread.html#read-state", {"unread": False})
    return redirect(services.thread_url(thread))
