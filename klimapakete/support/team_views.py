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
from klimapakete.support.forms import ProposalForm
from klimapakete.support.models import Round
from klimapakete.teams.access import team_view


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
