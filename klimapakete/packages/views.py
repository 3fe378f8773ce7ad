from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.packages import evidence, selectors, services
from klimapakete.packages.forms import ItemPlanForm
from klimapakete.packages.models import ChecklistItem, ItemProgress, Package, Step
from klimapakete.packages.panels import panels_for as step_panels
from klimapakete.teams.access import COORDINATOR, TeamRequest, team_view


def _package(key: str) -> Package:
    # Package content is shared by all teams; only progress is team-owned.
    return get_object_or_404(Package, key=key, archived=False)


def tool_url(step: Step, team) -> str:
    """The link to a step's tool, or "" while that tool does not exist yet."""
    if not step.tool:
        return ""
    try:
        return reverse(step.tool, kwargs={"team_slug": team.slug})
    except NoReverseMatch:
        return ""


@team_view()
def package_list(request: TeamRequest):
    progress = selectors.team_package_progress(request.team)
    return render(request, "packages/package_list.html", {"progress": progress})


@team_view()
def package_detail(request: TeamRequest, package_key: str):
    package = _package(package_key)
    progress = next(
        p for p in selectors.team_package_progress(request.team) if p.package.pk == package.pk
    )
    context = {"package": package, "progress": progress}
    return render(request, "packages/package_detail.html", context)


@team_view(COORDINATOR)
@require_POST
def package_adopt(request: TeamRequest, package_key: str):
    package = _package(package_key)
    services.package_adopt(team=request.team, package=package, user=request.user)
    messages.success(request, _("Your team now follows this package."))
    return redirect("packages:detail", team_slug=request.team.slug, package_key=package.key)


@team_view(COORDINATOR)
@require_POST
def package_drop(request: TeamRequest, package_key: str):
    package = _package(package_key)
    services.package_drop(team=request.team, package=package)
    messages.success(request, _("Your team no longer follows this package. Ticked items are kept."))
    return redirect("packages:list", team_slug=request.team.slug)


@team_view()
def step_detail(request: TeamRequest, package_key: str, step_key: str):
    package = _package(package_key)
    step = get_object_or_404(Step, package=package, key=step_key, archived=False)
    steps = list(package.steps.filter(archived=False))
    position = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    context = {
        "package": package,
        "step": step,
        "steps": steps,
        "previous_step": steps[position - 1] if position > 0 else None,
        "next_step": steps[position + 1] if position + 1 < len(steps) else None,
        "rows": _with_evidence(request.team, selectors.step_items(request.team, step)),
        "tool_url": tool_url(step, request.team),
        "adopted": package.adoptions.filter(team=request.team).exists(),
        "resources": step.resources.all(),
        "today": timezone.localdate(),
        "panels": step_panels(request, step),
    }
    return render(request, "packages/step_detail.html", context)


def _with_evidence(team, rows):
    """Marks each item whose tool already shows it done (``item.evidence``)."""
    found = evidence.evidence_for(team, [item for item, _progress in rows])
    for item, _progress in rows:
        item.evidence = found.get(item.pk)
    return rows


def _team_item(request, item_id: int) -> ChecklistItem:
    """Checklist items are shared content; a team may only touch those of its packages."""
    item = (
        ChecklistItem.objects.select_related("step__package")
        .filter(pk=item_id, archived=False, step__package__adoptions__team=request.team)
        .first()
    )
    if item is None:
        raise Http404
    return item


def _item_response(request, item: ChecklistItem):
    if request.htmx:
        progress = (
            ItemProgress.objects.filter(team=request.team, item=item)
            .select_related("done_by", "assignee")
            .first()
        )
        _with_evidence(request.team, [(item, progress)])
        context = {
            "item": item,
            "progress": progress,
            "today": timezone.localdate(),
            "adopted": True,
        }
        return render(request, "packages/step_detail.html#item", context)
    url = reverse(
        "packages:step",
        kwargs={
            "team_slug": request.team.slug,
            "package_key": item.step.package.key,
            "step_key": item.step.key,
        },
    )
    return redirect(f"{url}#item-{item.pk}")


@team_view()
@require_POST
def item_done(request: TeamRequest, item_id: int):
    item = _team_item(request, item_id)
    done = request.POST.get("done") == "1"
    services.item_set_done(team=request.team, item=item, user=request.user, done=done)
    return _item_response(request, item)


@team_view()
@require_POST
def item_plan(request: TeamRequest, item_id: int):
    item = _team_item(request, item_id)
    form = ItemPlanForm(request.POST, team=request.team)
    if form.is_valid():
        services.item_plan(team=request.team, item=item, **form.cleaned_data)
        if not request.htmx:
            messages.success(request, _("Saved."))
    else:
        messages.error(
            request,
            _("Please check the values: %(errors)s")
            % {"errors": "; ".join(e for errors in form.errors.values() for e in errors)},
        )
    return _item_response(request, item)
