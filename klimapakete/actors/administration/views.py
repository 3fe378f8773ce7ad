"""Pages of the city administration: the administration map (units and the actors placed in
them) and the approach plan for a climate council.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from klimapakete.actors.administration import selectors, services
from klimapakete.actors.administration.forms import PlaceForm, StepForm, UnitForm
from klimapakete.actors.models import AdminUnit, ApproachStep
from klimapakete.core.errors import error_message
from klimapakete.teams.access import TeamRequest, team_object_or_404, team_view


@team_view()
def administration(request: TeamRequest):
    team = request.team
    roots = selectors.unit_tree(team)
    nodes = selectors.tree_flat(roots)
    context = {
        "roots": roots,
        "nodes": nodes,
        "has_party_group": any(n.unit.kind == AdminUnit.Kind.PARTY_GROUP for n in nodes),
        "unit_form": UnitForm(team=team, prefix="new", initial={"order": 0}),
        "place_form": PlaceForm(team=team, prefix="place") if nodes else None,
        "climate_log": selectors.climate_office_log(team),
        "climate_people": [p for n in nodes if n.unit.kind == "climate_office" for p in n.actors],
    }
    return render(request, "actors/administration.html", context)


@team_view()
@require_POST
def administration_template(request: TeamRequest):
    try:
        count = services.units_create_default(
            team=request.team, language=translation.get_language() or "de"
        )
    except services.AdminRuleError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            ngettext(
                "The default structure with %(count)s unit has been created. Adapt it "
                "to your town.",
                "The default structure with %(count)s units has been created. Adapt it "
                "to your town.",
                count,
            )
            % {"count": count},
        )
    return redirect("actors:administration", team_slug=request.team.slug)


def _unit_form_page(request, unit: AdminUnit | None):
    team = request.team
    initial = {}
    if unit is None:
        initial["order"] = 0
        parent_id = request.GET.get("parent", "")
        if parent_id.isdigit():
            initial["parent"] = AdminUnit.objects.filter(team=team, pk=parent_id).first()
    form = UnitForm(
        request.POST if request.method == "POST" else None,
        instance=unit,
        team=team,
        prefix="new" if unit is None else None,
        initial=initial,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.unit_save(team=team, unit=unit, **form.cleaned_data)
            except services.AdminRuleError as error:
                form.add_error("parent", error_message(error))
            else:
                if unit is None:
                    messages.success(request, _("“%(name)s” has been added.") % {"name": saved})
                else:
                    messages.success(request, _("Saved."))
                return redirect("actors:administration", team_slug=team.slug)
        response = render(request, "actors/unit_form.html", {"form": form, "unit": unit})
        response.status_code = 400
        return response
    return render(request, "actors/unit_form.html", {"form": form, "unit": unit})


@team_view()
def unit_create(request: TeamRequest):
    return _unit_form_page(request, None)


@team_view()
def unit_edit(request: TeamRequest, unit_id: int):
    unit = team_object_or_404(request, AdminUnit, pk=unit_id)
    return _unit_form_page(request, unit)


@team_view()
@require_POST
def unit_delete(request: TeamRequest, unit_id: int):
    unit = team_object_or_404(request, AdminUnit, pk=unit_id)
    name = unit.name
    services.unit_delete(unit=unit)
    messages.success(
        request,
        _("“%(name)s” has been removed; its parts moved up one level.") % {"name": name},
    )
    return redirect("actors:administration", team_slug=request.team.slug)


@team_view()
@require_POST
def unit_place(request: TeamRequest):
    form = PlaceForm(request.POST, team=request.team, prefix="place")
    if form.is_valid():
        actor, unit = form.cleaned_data["actor"], form.cleaned_data["unit"]
        services.actor_place(team=request.team, user=request.user, actor=actor, unit=unit)
        if unit is None:
            messages.success(
                request,
                _("“%(name)s” is no longer placed in the administration.") % {"name": actor},
            )
        else:
            messages.success(
                request,
                _("“%(name)s” has been placed in “%(unit)s”.") % {"name": actor, "unit": unit},
            )
    else:
        messages.error(request, _("Please choose an actor of your team and a unit."))
    return redirect("actors:administration", team_slug=request.team.slug)


@team_view()
def approach(request: TeamRequest):
    team = request.team
    rows = selectors.approach_rows(team)
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["phase"] != row.phase:
            groups.append({"phase": row.phase, "label": row.phase_label, "rows": []})
        groups[-1]["rows"].append(row)
    context = {
        "groups": groups,
        "has_steps": bool(rows),
        "done": sum(1 for r in rows if r.step.status == ApproachStep.Status.DONE),
        "total": len(rows),
        "has_units": AdminUnit.objects.filter(team=team).exists(),
        "climate_log": selectors.climate_office_log(team),
        "climate_people": selectors.climate_office_people(team),
    }
    return render(request, "actors/approach.html", context)


@team_view()
@require_POST
def approach_generate(request: TeamRequest):
    services.approach_generate(team=request.team)
    messages.success(request, _("The approach plan has been updated from your maps."))
    return redirect("actors:approach", team_slug=request.team.slug)


@team_view()
@require_POST
def approach_step(request: TeamRequest, step_id: int):
    step = team_object_or_404(request, ApproachStep, pk=step_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The step could not be changed."))
    else:
        data = form.cleaned_data
        if data["move"]:
            services.approach_step_move(step=step, direction=data["move"])
        note = data["note"] if data["has_note"] else None
        services.approach_step_update(step=step, status=data["status"] or None, note=note)
    url = redirect("actors:approach", team_slug=request.team.slug).url
    return redirect(f"{url}#step-{step.pk}")
