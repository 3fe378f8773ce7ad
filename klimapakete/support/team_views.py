"""The support organisation as a team sees it: rounds to vote in, advisory requests,
partner workshops. Every view goes through ``teams.access.team_view``."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.core.errors import error_message, error_messages
from klimapakete.support import selectors, services
from klimapakete.support.errors import SupportError
from klimapakete.support.forms import AdviceRequestForm, MessageForm, ProposalForm, TeamCloseForm
from klimapakete.support.models import AdviceRequest, Round
from klimapakete.teams.access import team_object_or_404, team_queryset, team_view


def _round_or_404(support_round_id: int) -> Round:
    return get_object_or_404(selectors.rounds_for_teams(), pk=support_round_id)


@team_view()
def rounds(request):
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
def round_detail(request, support_round_id: int):
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
def need_propose(request, support_round_id: int):
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
def advice_list(request):
    initial = {}
    step_id = request.GET.get("step")
    if step_id and step_id.isdigit():
        initial["step"] = step_id
    form = AdviceRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        advice = services.advice_create(team=request.team, user=request.user, **form.cleaned_data)
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
def advice_detail(request, advice_id: int):
    advice = team_object_or_404(request, selectors.advice_requests(), pk=advice_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advice_reply(
                request=advice, user=request.user, text=form.cleaned_data["text"], from_staff=False
            )
        except SupportError as error:
            messages.error(request, error_message(error))
        return redirect("support_team:advice", request.team.slug, advice.pk)
    context = {
        "advice": advice,
        "thread": selectors.advice_thread(advice),
        "form": form,
        "close_form": TeamCloseForm(),
    }
    return render(request, "support/team/advice.html", context)


@team_view()
@require_POST
def advice_close(request, advice_id: int):
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
