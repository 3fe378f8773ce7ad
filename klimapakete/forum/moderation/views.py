"""Moderation pages: the report queue, hiding, pinning, locking, moving; general categories.
Reporting a post is open to every forum reader."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.core.errors import error_message
from klimapakete.errors import DomainError
from klimapakete.forum import selectors
from klimapakete.forum import services as forum_services
from klimapakete.forum.access import forum_view, moderator_view
from klimapakete.forum.forms import CategoryForm, HideForm, MoveForm, ReportForm
from klimapakete.forum.models import Category, Report
from klimapakete.forum.moderation import services


@forum_view
def report(request, post_id: int):
    post = selectors.post_or_404(request.user, post_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(user=request.user, post=post, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("Thank you. The moderation will look at the post."))
            return redirect(forum_services.thread_url(post.thread, post))
    return render(request, "forum/report.html", {"post": post, "form": form})


@moderator_view
def queue(request):
    reports = list(selectors.open_reports()[:200])
    return render(request, "forum/moderation_queue.html", {"reports": reports})


@moderator_view
@require_POST
def report_dismiss(request, report_id: int):
    item = get_object_or_404(Report, pk=report_id)
    services.report_dismiss(moderator=request.user, report=item)
    messages.success(request, _("The report has been closed without action."))
    return redirect("forum:moderation")


@moderator_view
def hide(request, post_id: int):
    post = selectors.post_or_404(request.user, post_id)
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(moderator=request.user, post=post, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("The post is hidden; its author has been told why."))
            return redirect(forum_services.thread_url(post.thread, post))
    return render(request, "forum/hide.html", {"post": post, "form": form})


@moderator_view
@require_POST
def unhide(request, post_id: int):
    post = selectors.post_or_404(request.user, post_id)
    services.post_unhide(post=post)
    messages.success(request, _("The post is visible again."))
    return redirect(forum_services.thread_url(post.thread, post))


@moderator_view
@require_POST
def pin(request, thread_id: int):
    thread = selectors.thread_or_404(request.user, thread_id)
    services.thread_pin(thread=thread, pinned=request.POST.get("pinned") == "1")
    return redirect(forum_services.thread_url(thread))


@moderator_view
@require_POST
def lock(request, thread_id: int):
    thread = selectors.thread_or_404(request.user, thread_id)
    services.thread_lock(thread=thread, locked=request.POST.get("locked") == "1")
    return redirect(forum_services.thread_url(thread))


@moderator_view
def move(request, thread_id: int):
    thread = selectors.thread_or_404(request.user, thread_id)
    form = MoveForm(request.POST or None, initial={"category": thread.category})
    if request.method == "POST" and form.is_valid():
        services.thread_move(thread=thread, category=form.cleaned_data["category"])
        messages.success(request, _("The thread has been moved."))
        return redirect(forum_services.thread_url(thread))
    return render(request, "forum/move.html", {"thread": thread, "form": form})


@moderator_view
def categories(request):
    general = Category.objects.filter(kind=Category.Kind.GENERAL).order_by("order", "pk")
    return render(request, "forum/categories.html", {"categories": general})


@moderator_view
def category_edit(request, category_id: int | None = None):
    category = (
        get_object_or_404(Category, pk=category_id, kind=Category.Kind.GENERAL)
        if category_id
        else None
    )
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        forum_services.general_category_save(category=category, **form.cleaned_data)
        messages.success(request, _("The category has been saved."))
        return redirect("forum:categories")
    return render(request, "forum/category_form.html", {"form": form, "category": category})
