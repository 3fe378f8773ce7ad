"""The support organisation's pages (staff only; partner organisations see their events)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.accounts.models import User
from klimapakete.core.attachments import attachment_response
from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message
from klimapakete.errors import DomainError
from klimapakete.packages.selectors import support_overview
from klimapakete.support import selectors, services
from klimapakete.support.access import events_for, organisations_for, partner_view, support_view
from klimapakete.support.calendar import calendar_event, feed_user_id
from klimapakete.support.errors import SupportError
from klimapakete.support.forms import (
    CloseForm,
    MaterialsForm,
    MessageForm,
    NeedActionForm,
    NeedForm,
    PartnerEventForm,
    RoundForm,
    ShareForm,
)
from klimapakete.support.models import (
    AdviceAttachment,
    AdviceRequest,
    EventMaterial,
    Need,
    Registration,
    Round,
)
from klimapakete.tables import write_csv
from klimapakete.workshops import ical


@support_view
def dashboard(request):
    packages, teams, stuck_steps = support_overview()
    rows = [{"team": team, "cells": [team.packages.get(p.pk) for p in packages]} for team in teams]
    context = {
        "packages": packages,
        "rows": rows,
        "stuck_steps": stuck_steps,
        **selectors.staff_dashboard(),
    }
    return render(request, "support/dashboard.html", context)


@support_view
def rounds(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        round_ = services.round_create(created_by=request.user, **form.cleaned_data)
        return redirect("support:round", round_.pk)
    all_rounds = Round.objects.all()
    return render(request, "support/rounds.html", {"rounds": all_rounds, "form": form})


@support_view
def round_detail(request, round_id: int):
    round_ = get_object_or_404(Round, pk=round_id)
    need_form = NeedForm(request.POST or None, prefix="need")
    if request.method == "POST" and need_form.is_valid():
        services.need_add(round_=round_, **need_form.cleaned_data)
        return redirect("support:round", round_.pk)
    results = selectors.round_results(round_)
    needs = selectors.round_needs(round_)
    context = {
        "round": round_,
        "needs": needs,
        "need_form": need_form,
        "results": results,
        "participation": selectors.round_participation(round_),
    }
    for row in results.rows if results else []:
        row.need.action_form = NeedActionForm(instance=row.need, prefix=f"n{row.need.pk}")
    return render(request, "support/round.html", context)


@support_view
@require_POST
def round_close(request, round_id: int):
    round_ = get_object_or_404(Round, pk=round_id)
    try:
        services.round_close(round_=round_)
    except SupportError as error:
        messages.error(request, error_message(error))
    return redirect("support:round", round_.pk)


@support_view
@require_POST
def need_act(request, need_id: int):
    need = get_object_or_404(Need.objects.select_related("round"), pk=need_id)
    if not need.round.is_closed():
        raise Http404
    form = NeedActionForm(request.POST, instance=need, prefix=f"n{need.pk}")
    if form.is_valid():
        services.need_act(need=need, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("This could not be saved."))
    return redirect("support:round", need.round_id)


@support_view
def round_results_csv(request, round_id: int):
    round_ = get_object_or_404(Round, pk=round_id)
    results = selectors.round_results(round_)
    if results is None:
        raise Http404  # nothing to download before the round has closed
    header = [_("Rank"), _("Topic"), _("Need"), _("Dots"), _("Status")]
    rows = [
        [row.rank, row.need.topic, row.need.title, row.dots, row.need.get_status_display()]
        for row in results.rows
    ]
    return download_response(
        write_csv(header, rows), filename=f"{round_.title}.csv", personal=False
    )


# Advisory requests: the inbox


@support_view
def inbox(request):
    state = request.GET.get("state", "open")
    requests = selectors.advice_requests().order_by("created_at", "pk")
    if state == "open":
        requests = requests.exclude(state=AdviceRequest.State.DONE)
    elif state in AdviceRequest.State.values:
        requests = requests.filter(state=state)
    context = {
        "requests": requests,
        "state": state,
        "states": AdviceRequest.State.choices,
        "figures": selectors.service_figures(),
        "now": timezone.now(),
    }
    return render(request, "support/inbox.html", context)


@support_view
def advice_detail(request, advice_id: int):
    advice = get_object_or_404(selectors.advice_requests(), pk=advice_id)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_reply(
                upload=form.cleaned_data["file"],
                request=advice,
                user=request.user,
                text=form.cleaned_data["text"],
                from_staff=True,
            )
        except DomainError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("Your answer has been sent to the team."))
        return redirect("support:advice", advice.pk)
    context = {
        "advice": advice,
        "thread": selectors.advice_thread(advice),
        "form": form,
        "close_form": CloseForm(),
        "attachments": advice.attachments.all(),
        "staff_side": True,
        "staff": User.objects.filter(is_support_staff=True, is_active=True).order_by("name"),
    }
    return render(request, "support/advice.html", context)


@support_view
def advice_file(request, advice_file_id: int):
    """A file of a request, for support staff (the team has its own address)."""
    return attachment_response(get_object_or_404(AdviceAttachment, pk=advice_file_id))


@support_view
def advice_share(request, advice_id: int):
    """Turn a closed request whose team consented into a forum thread or a best-practice
    draft; the text comes without names and staff check it before posting."""
    from klimapakete.forum.models import Category

    advice = get_object_or_404(
        AdviceRequest.objects.select_related("team", "step"),
        pk=advice_id,
        state=AdviceRequest.State.DONE,
        share_consent=True,
    )
    category = (
        Category.objects.filter(archived=False, step=advice.step).first() if advice.step else None
    ) or Category.objects.filter(archived=False, kind=Category.Kind.GENERAL).first()
    initial = {
        "title": str(advice)[:200],
        "body": selectors.share_text(advice),
        "category": category,
    }
    form = ShareForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shared = services.advice_share(
                request=advice,
                user=request.user,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                category=data["category"],
                town_size=data["town_size"],
            )
        except DomainError as error:
            messages.error(request, error_message(error))
            return redirect("support:advice", advice.pk)
        if data["kind"] == "thread":
            messages.success(request, _("The forum thread has been posted."))
            return redirect("forum:thread", thread_id=shared.pk)
        messages.success(request, _("The draft is waiting for the team to check and publish it."))
        return redirect("support:advice", advice.pk)
    context = {"advice": advice, "form": form}
    return render(request, "support/advice_share.html", context, status=400 if form.errors else 200)


@support_view
@require_POST
def advice_assign(request, advice_id: int):
    advice = get_object_or_404(AdviceRequest, pk=advice_id)
    assignee = User.objects.filter(
        is_support_staff=True, is_active=True, pk=request.POST.get("assignee") or 0
    ).first()
    services.advice_assign(request=advice, assignee=assignee or request.user)
    return redirect("support:advice", advice.pk)


@support_view
@require_POST
def advice_close(request, advice_id: int):
    advice = get_object_or_404(AdviceRequest, pk=advice_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        services.advice_close(request=advice, summary=form.cleaned_data["summary"], from_staff=True)
    else:
        messages.error(request, _("Please sum up in one line what came out of it."))
    return redirect("support:advice", advice.pk)


# Partner workshops: staff and partner organisations


@partner_view
def events(request):
    organisations = organisations_for(request.user)
    form = PartnerEventForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.created_by = request.user
        event.save()
        return redirect("support:event", event.pk)
    context = {
        "events": selectors.with_fill(events_for(request.user)).order_by("-starts_at"),
        "form": form,
        "has_organisation": organisations.exists(),
    }
    return render(request, "support/events.html", context, status=400 if form.errors else 200)


@partner_view
def event_detail(request, event_id: int):
    event = get_object_or_404(selectors.with_fill(events_for(request.user)), pk=event_id)
    form = PartnerEventForm(
        request.POST or None, instance=event, organisations=organisations_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("support:event", event.pk)
    registrations = event.registrations.exclude(
        status=Registration.Status.CANCELLED
    ).select_related("user", "team")
    context = {
        "event": event,
        "form": form,
        "registrations": registrations,
        "feedback": selectors.feedback_summary(event),
        "comments": event.registrations.exclude(feedback="").values_list("rating", "feedback"),
        "is_over": event.ends_at <= timezone.now(),
        "material": EventMaterial.objects.filter(event=event).first(),
        "materials_form": MaterialsForm(),
    }
    return render(request, "support/event.html", context, status=400 if form.errors else 200)


@partner_view
def event_materials(request, event_id: int):
    """GET: the materials file as a download; POST: upload it (replacing an earlier one)."""
    event = get_object_or_404(events_for(request.user), pk=event_id)
    if request.method == "POST":
        form = MaterialsForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Please choose a file."))
        else:
            try:
                services.materials_upload(
                    event=event, user=request.user, upload=form.cleaned_data["file"]
                )
            except DomainError as error:
                messages.error(request, error_message(error))
            else:
                messages.success(request, _("The materials have been uploaded."))
        return redirect("support:event", event.pk)
    return attachment_response(get_object_or_404(EventMaterial, event=event))


@partner_view
@require_POST
def event_attendance(request, event_id: int):
    event = get_object_or_404(events_for(request.user), pk=event_id)
    attended = {int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()}
    services.attendance_record(event=event, attended_ids=attended)
    messages.success(request, _("Attendance saved."))
    return redirect("support:event", event.pk)


def event_feed(request, token: str):
    """A person's registered workshops as a calendar feed (the token is signed, no login)."""
    user_id = feed_user_id(token)
    if user_id is None:
        raise Http404
    registrations = Registration.objects.filter(
        user_id=user_id, status=Registration.Status.REGISTERED
    ).select_related("event__organisation")
    body = ical.calendar(
        name=_("Partner workshops"),
        events=[calendar_event(r.event, registered=True) for r in registrations],
        now=timezone.now(),
    )
    response = download_response(body, filename="workshops.ics", inline=True, personal=True)
    response["X-Robots-Tag"] = "noindex"
    return response
