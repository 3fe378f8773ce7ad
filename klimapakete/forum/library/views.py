"""The best-practice library: open to every forum reader; drafts only for their team."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.core import attachments
from klimapakete.core.errors import error_message
from klimapakete.errors import DomainError
from klimapakete.forum import rows
from klimapakete.forum.access import forum_view, moderator_view
from klimapakete.forum.library import selectors, services, sharing
from klimapakete.forum.library.forms import (
    AttachmentForm,
    LibraryFilterForm,
    PracticeForm,
    ShareForm,
    ShareRequestForm,
)
from klimapakete.forum.models import PracticeReaction
from klimapakete.packages.models import Step
from klimapakete.teams.access import TeamRequest, team_view
from klimapakete.teams.models import Team


def _user_teams(user):
    return Team.objects.filter(memberships__user=user).order_by("name")


@forum_view
def library_index(request):
    form = LibraryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    practices = selectors.library(
        package=filters.get("package"),
        step=filters.get("step"),
        federal_state=filters.get("federal_state", ""),
        town_size=filters.get("town_size", ""),
        sort=filters.get("sort") or "useful",
    )
    page = Paginator(practices, selectors.PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "cards": rows.practice_cards(page.object_list),
        "query": query.urlencode(),
        "drafts": selectors.drafts_of(request.user),
        "teams": list(_user_teams(request.user)),
    }
    return render(request, "forum/library/index.html", context)


@forum_view
def practice_new(request):
    teams = _user_teams(request.user)
    if not teams.exists():
        raise PermissionDenied
    initial = {}
    if slug := request.GET.get("team"):
        team = teams.filter(slug=slug).first()
        if team is not None:
            initial.update(team=team, federal_state=team.federal_state)
    else:
        initial["federal_state"] = teams.first().federal_state
    if (step_id := request.GET.get("step", "")).isdigit():
        initial["step"] = Step.objects.filter(pk=int(step_id), archived=False).first()
    form = PracticeForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        team = values.pop("team")
        try:
            practice = services.practice_create(user=request.user, team=team, **values)
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(
                request,
                _("Saved as a draft. Add attachments if you like, then publish it."),
            )
            return redirect("library:detail", practice_id=practice.pk)
    return render(request, "forum/library/form.html", {"form": form, "practice": None})


@forum_view
def practice_detail(request, practice_id: int):
    practice = selectors.practice_or_404(request.user, practice_id)
    may_edit = selectors.may_edit(request.user, practice)
    context = {
        "practice": practice,
        "attachments": list(practice.attachments.all()),
        "may_edit": may_edit,
        "attachment_form": AttachmentForm() if may_edit else None,
        "mine": selectors.my_reactions(practice, request.user),
        "reaction_kinds": PracticeReaction.Kind,
    }
    return render(request, "forum/library/detail.html", context)


def _editable(request, practice_id: int):
    practice = selectors.practice_or_404(request.user, practice_id)
    if not selectors.may_edit(request.user, practice):
        raise PermissionDenied
    return practice


@forum_view
def practice_edit(request, practice_id: int):
    practice = _editable(request, practice_id)
    form = PracticeForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        services.practice_update(practice=practice, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("library:detail", practice_id=practice.pk)
    return render(request, "forum/library/form.html", {"form": form, "practice": practice})


@forum_view
@require_POST
def practice_publish(request, practice_id: int):
    practice = _editable(request, practice_id)
    publish = request.POST.get("publish") == "1"
    services.practice_publish(practice=practice, publish=publish)
    if publish:
        messages.success(request, _("Published. Every team can read it now."))
    else:
        messages.success(request, _("Withdrawn. Only your team sees it now."))
    return redirect("library:detail", practice_id=practice.pk)


@forum_view
@require_POST
def attachment_upload(request, practice_id: int):
    practice = _editable(request, practice_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                user=request.user, practice=practice, upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("The attachment has been added."))
    else:
        messages.error(request, _("Please choose a file."))
    return redirect("library:detail", practice_id=practice.pk)


@forum_view
def attachment_download(request, attachment_id: int):
    attachment = selectors.attachment_or_404(request.user, attachment_id)
    return attachments.attachment_response(attachment)


@forum_view
@require_POST
def attachment_delete(request, attachment_id: int):
    attachment = selectors.attachment_or_404(request.user, attachment_id)
    practice = attachment.practice
    if not selectors.may_edit(request.user, practice):
        raise PermissionDenied
    services.attachment_delete(attachment=attachment)
    messages.success(request, _("The attachment has been removed."))
    return redirect("library:detail", practice_id=practice.pk)


@forum_view
@require_POST
def practice_react(request, practice_id: int):
    practice = selectors.practice_or_404(request.user, practice_id)
    kind = request.POST.get("kind", "")
    if kind in PracticeReaction.Kind.values and practice.is_published:
        services.practice_react(user=request.user, practice=practice, kind=kind)
    return redirect("library:detail", practice_id=practice.pk)


@moderator_view
@require_POST
def practice_feature(request, practice_id: int):
    practice = selectors.practice_or_404(request.user, practice_id)
    featured = request.POST.get("featured") == "1"
    services.practice_feature(moderator=request.user, practice=practice, featured=featured)
    messages.success(request, _("Featured.") if featured else _("No longer featured."))
    return redirect("library:detail", practice_id=practice.pk)


@moderator_view
def share_request_new(request):
    form = ShareRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.share_request_create(moderator=request.user, **form.cleaned_data)
        messages.success(request, _("The team's coordinators have been asked."))
        return redirect("library:index")
    return render(request, "forum/library/share_request.html", {"form": form})


# Sharing a generated document (team pages, /t/<team>/library/share/)


@team_view()
def share_list(request: TeamRequest):
    context = {"sources": sharing.shareable(request.team)}
    return render(request, "forum/library/share_list.html", context)


@team_view()
def share_confirm(request: TeamRequest, source: str, object_id: int):
    found = sharing.document(request.team, source, object_id)
    if found is None:
        raise Http404
    share_source, document = found
    initial = {
        "title": document.title,
        "text": services.shared_text(request.team, document),
        "step": Step.objects.filter(pk=document.step_id).first() if document.step_id else None,
    }
    form = ShareForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.document_share(
                user=request.user,
                team=request.team,
                source_key=share_source.key,
                object_id=object_id,
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("Shared. Every team can use it as a template now."))
            return redirect("library:detail", practice_id=practice.pk)
    context = {"form": form, "source": share_source, "document": document}
    return render(request, "forum/library/share_confirm.html", context)
