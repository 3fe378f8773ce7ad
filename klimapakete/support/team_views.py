"""The support organisation as a team sees it: rounds to vote in, advisory requests,
partner workshops. Every view goes through ``teams.access.team_view``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.core.attachments import attachment_response
from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message, error_messages
from klimapakete.errors import DomainError
from klimapakete.support import selectors, services
from klimapakete.support.calendar import calendar_event, feed_token
from klimapakete.support.errors import SupportError
from klimapakete.support.forms import (
    AdviceRequestForm,
    FeedbackForm,
    MessageForm,
    ProposalForm,
    TeamCloseForm,
)
from klimapakete.support.models import (
    AdviceAttachment,
    AdviceRequest,
    EventMaterial,
    PartnerEvent,
    Registration,
    Round,
)
from klimapakete.teams.access import TeamRequest, team_object_or_404, team_queryset, team_view
from klimapakete.workshops import ical


def _round_or_404(support_round_id: int) -> Round:
    return get_object_or_404(selectors.rounds_for_teams(), pk=support_round_id)


@team_view()
def rounds(request: TeamRequest):
    all_rounds = list(selectors.rounds_for_teams())
    voted = selectors.team_voted([r.pk for r in all_rounds], request.team)
    return render(request, "support/team/rounds.html", {"rounds": all_rounds, "voted": voted})


def _posted_allocations(request, needs) -> tuple[dict[int, int], bool]:
    allocations, valid = {}, True
    for need in needs:
        raw = request.POST.get(f"need-{need.pk}", "").strip() or "0"
        try:
            allocations[need.pk] = int(raw)
        except ValueError:
            valid = False
    return allocations, valid


@team_view()
def round_detail(request: TeamRequest, support_round_id: int):
    round_ = _round_or_404(support_round_id)
    needs = selectors.round_needs(round_)
    ballot = services.ballot_for(round_=round_, team=request.team, user=request.user)
    allocations = selectors.ballot_allocations(ballot)
    problems: list[str] = []
    if request.method == "POST":
        posted, valid = _posted_allocations(request, needs)
        if not valid:
            problems = [_("Please enter whole numbers of dots.")]
        else:
            try:
                services.ballot_cast(
                    round_=round_, team=request.team, user=request.user, allocations=posted
                )
            except SupportError as error:
                problems = error_messages(error)
            else:
                messages.success(request, _("Your dots are saved."))
                return redirect("support_team:round", request.team.slug, round_.pk)
        allocations = posted if valid else allocations
    for need in needs:
        need.my_dots = allocations.get(need.pk, 0)
    used = sum(max(0, n) for n in allocations.values())
    context = {
        "round": round_,
        "needs": needs,
        "used": used,
        "remaining": round_.dots_per_voter - used,
        "problems": problems,
        "results": selectors.round_results(round_),
        "proposal_form": ProposalForm(prefix="proposal") if round_.takes_proposals() else None,
    }
    return render(request, "support/team/round.html", context, status=400 if problems else 200)


@team_view()
@require_POST
def need_propose(request: TeamRequest, support_round_id: int):
    round_ = _round_or_404(support_round_id)
    form = ProposalForm(request.POST, prefix="proposal")
    if not form.is_valid():
        messages.error(request, _("Please name the need and its topic."))
    else:
        try:
            services.need_propose(round_=round_, team=request.team, **form.cleaned_data)
        except SupportError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("The need is part of the round now."))
    return redirect("support_team:round", request.team.slug, round_.pk)


# Advisory requests


@team_view()
def advice_list(request: TeamRequest):
    initial = {}
    step_id = request.GET.get("step")
    if step_id and step_id.isdigit():
        initial["step"] = step_id
    form = AdviceRequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            advice = services.advice_create(
                team=request.team, user=request.user, upload=fields.pop("file"), **fields
            )
        except DomainError as error:
            form.add_error("file", error_message(error))
        else:
            messages.success(request, _("Your request has been sent to the support organisation."))
            return redirect("support_team:advice", request.team.slug, advice.pk)
    requests = team_queryset(request, selectors.advice_requests())
    return render(
        request,
        "support/team/advice_list.html",
        {"form": form, "requests": requests},
        status=400 if form.errors else 200,
    )


@team_view()
def advice_detail(request: TeamRequest, advice_id: int):
    advice = team_object_or_404(request, selectors.advice_requests(), pk=advice_id)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_reply(
                upload=form.cleaned_data["file"],
                request=advice,
                user=request.user,
                text=form.cleaned_data["text"],
                from_staff=False,
            )
        except DomainError as error:
            messages.error(request, error_message(error))
        return redirect("support_team:advice", request.team.slug, advice.pk)
    context = {
        "advice": advice,
        "thread": selectors.advice_thread(advice),
        "form": form,
        "close_form": TeamCloseForm(),
        "attachments": advice.attachments.all(),
    }
    return render(request, "support/team/advice.html", context)


@team_view()
def advice_file(request: TeamRequest, advice_id: int, advice_file_id: int):
    """A file of one of the team's requests, as a download (core/attachments.py)."""
    attachment = team_object_or_404(
        request, AdviceAttachment, pk=advice_file_id, request_id=advice_id
    )
    return attachment_response(attachment)


@team_view()
@require_POST
def advice_close(request: TeamRequest, advice_id: int):
    advice = team_object_or_404(request, AdviceRequest, pk=advice_id)
    form = TeamCloseForm(request.POST)
    if form.is_valid():
        services.advice_close(
            request=advice,
            summary=form.cleaned_data["summary"],
            share_consent=form.cleaned_data["share_consent"],
            from_staff=False,
        )
        messages.success(request, _("Thank you. The request is closed."))
    else:
        messages.error(request, _("Please sum up in one line what came out of it."))
    return redirect("support_team:advice", request.team.slug, advice.pk)


# Partner workshops


@team_view()
def events(request: TeamRequest):
    now = timezone.now()
    context = {
        "events": selectors.events_for_team(request.team, request.user, now),
        "past": selectors.past_events_of(request.user, now),
        "feed_url": request.build_absolute_uri(
            reverse("support:event_feed", args=[feed_token(request.user)])
        ),
    }
    return render(request, "support/team/events.html", context)


def _visible_event(request, event_id: int, events=None):
    """An event meant for the team, or one the person registered for; else 404."""
    events = PartnerEvent.objects.all() if events is None else events
    event = get_object_or_404(events, pk=event_id)
    registration = Registration.objects.filter(event=event, user=request.user).first()
    steps = selectors.team_current_steps(request.team)
    if registration is None and not services.event_fits(event, request.team, steps):
        raise Http404  # not meant for this team
    return event, registration, steps


@team_view()
def event_materials(request: TeamRequest, past_partner_event_id: int):
    """The materials file of a past workshop, for those who may see the workshop."""
    event, _registration, _steps = _visible_event(request, past_partner_event_id)
    if event.ends_at > timezone.now():
        raise Http404
    return attachment_response(get_object_or_404(EventMaterial, event=event))


@team_view()
def event_detail(request: TeamRequest, partner_event_id: int):
    event, registration, steps = _visible_event(
        request, partner_event_id, selectors.with_fill(PartnerEvent.objects.all())
    )
    now = timezone.now()
    problems: list[str] = []
    feedback_form = FeedbackForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "register":
                if not request.POST.get("consent"):
                    problems.append(
                        _("Please agree that the organisers see your name and your team.")
                    )
                else:
                    services.registration_create(
                        event=event, user=request.user, team=request.team, current_steps=steps
                    )
            elif action == "cancel" and registration is not None:
                services.registration_cancel(registration=registration)
            elif action == "feedback" and registration is not None:
                if feedback_form.is_valid():
                    services.feedback_give(registration=registration, **feedback_form.cleaned_data)
                else:
                    problems.append(_("Please choose a rating from 1 to 5."))
        except SupportError as error:
            problems += error_messages(error)
        if not problems:
            return redirect("support_team:event", request.team.slug, event.pk)
    registered = registration is not None and registration.status == Registration.Status.REGISTERED
    context = {
        "event": event,
        "registration": registration,
        "registered": registered,
        "calendar_event": calendar_event(event, registered=registered),
        "open": now < event.registration_until,
        "is_over": event.ends_at <= now,
        "feedback_form": feedback_form,
        "problems": problems,
        "material": EventMaterial.objects.filter(event=event).first(),
    }
    return render(request, "support/team/event.html", context, status=400 if problems else 200)


@team_view()
def event_ics(request: TeamRequest, partner_event_id: int):
    event = get_object_or_404(
        PartnerEvent.objects.select_related("organisation"), pk=partner_event_id
    )
    registered = Registration.objects.filter(
        event=event, user=request.user, status=Registration.Status.REGISTERED
    ).exists()
    body = ical.calendar(
        name=event.title, events=[calendar_event(event, registered=registered)], now=timezone.now()
    )
    return download_response(body, filename=f"{event.title}.ics", personal=registered)
