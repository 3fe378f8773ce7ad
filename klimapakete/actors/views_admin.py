"""The city administration map, the approach plan for a climate council, digest settings."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from klimapakete.actors import admin_services as svc
from klimapakete.actors.models import Actor, AdminUnit, ApproachStep, DigestOptOut
from klimapakete.teams.access import team_object_or_404, team_view

# --------------------------------------------------------------------------- forms


class UnitForm(forms.ModelForm):
    class Meta:
        model = AdminUnit
        fields = ["name", "kind", "parent", "order"]
        labels = {"order": gettext_lazy("position among its neighbours")}
        widgets = {"order": forms.NumberInput(attrs={"min": 0})}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdminUnit.objects.filter(team=team).order_by("order", "name")
        if self.instance.pk:
            units = units.exclude(pk__in=_subtree_ids(team, self.instance.pk))
        self.fields["parent"].queryset = units
        self.fields["parent"].empty_label = gettext_lazy("— top level —")
        self.fields["parent"].required = False


def _subtree_ids(team, root_id: int) -> set[int]:
    """The unit and all its parts (they cannot become its parent)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in AdminUnit.objects.filter(team=team).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    out, stack = set(), [root_id]
    while stack:
        pk = stack.pop()
        if pk not in out:
            out.add(pk)
            stack.extend(children.get(pk, []))
    return out


class PlaceForm(forms.Form):
    actor = forms.ModelChoiceField(queryset=Actor.objects.none(), label=gettext_lazy("Actor"))
    unit = forms.ModelChoiceField(
        queryset=AdminUnit.objects.none(),
        label=gettext_lazy("Place in the administration"),
        required=False,
        empty_label=gettext_lazy("— not placed —"),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = Actor.objects.filter(team=team).order_by("name")
        self.fields["unit"].queryset = AdminUnit.objects.filter(team=team).order_by("order", "name")


class StepForm(forms.Form):
    status = forms.ChoiceField(choices=ApproachStep.Status.choices, required=False)
    note = forms.CharField(max_length=300, required=False, label=gettext_lazy("Note"))
    move = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    has_note = forms.BooleanField(required=False, widget=forms.HiddenInput)


class DigestForm(forms.Form):
    receive = forms.BooleanField(
        required=False,
        label=gettext_lazy("Send me the weekly digest of this team"),
        help_text=gettext_lazy(
            "Once a week: due next steps from conversations and contacts going cold. "
            "Sent only when there is something to report."
        ),
    )


# --------------------------------------------------------------------------- administration


@team_view()
def administration(request):
    team = request.team
    roots = svc.unit_tree(team)
    nodes = svc.tree_flat(roots)
    context = {
        "roots": roots,
        "nodes": nodes,
        "has_party_group": any(n.unit.kind == AdminUnit.Kind.PARTY_GROUP for n in nodes),
        "unit_form": UnitForm(team=team, prefix="new", initial={"order": 0}),
        "place_form": PlaceForm(team=team, prefix="place") if nodes else None,
        "climate_log": svc.climate_office_log(team),
        "climate_people": [p for n in nodes if n.unit.kind == "climate_office" for p in n.actors],
    }
    return render(request, "actors/administration.html", context)


@team_view()
@require_POST
def administration_template(request):
    try:
        count = svc.units_create_default(
            team=request.team, language=translation.get_language() or "de"
        )
    except svc.AdminRuleError as error:
        messages.error(request, svc.rule_message(error))
    else:
        messages.success(
            request,
            _("The default structure with %(count)s units has been created. Adapt it to your town.")
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
                saved = svc.unit_save(team=team, unit=unit, **form.cleaned_data)
            except svc.AdminRuleError as error:
                form.add_error("parent", svc.rule_message(error))
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
def unit_create(request):
    return _unit_form_page(request, None)


@team_view()
def unit_edit(request, unit_id: int):
    unit = team_object_or_404(request, AdminUnit, pk=unit_id)
    return _unit_form_page(request, unit)


@team_view()
@require_POST
def unit_delete(request, unit_id: int):
    unit = team_object_or_404(request, AdminUnit, pk=unit_id)
    name = unit.name
    svc.unit_delete(unit=unit)
    messages.success(
        request,
        _("“%(name)s” has been removed; its parts moved up one level.") % {"name": name},
    )
    return redirect("actors:administration", team_slug=request.team.slug)


@team_view()
@require_POST
def unit_place(request):
    form = PlaceForm(request.POST, team=request.team, prefix="place")
    if form.is_valid():
        actor, unit = form.cleaned_data["actor"], form.cleaned_data["unit"]
        svc.actor_place(team=request.team, user=request.user, actor=actor, unit=unit)
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


# --------------------------------------------------------------------------- approach plan


@team_view()
def approach(request):
    team = request.team
    rows = svc.approach_rows(team)
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
        "climate_log": svc.climate_office_log(team),
        "climate_people": svc.climate_office_people(team),
    }
    return render(request, "actors/approach.html", context)


@team_view()
@require_POST
def approach_generate(request):
    svc.approach_generate(team=request.team)
    messages.success(request, _("The approach plan has been updated from your maps."))
    return redirect("actors:approach", team_slug=request.team.slug)


@team_view()
@require_POST
def approach_step(request, step_id: int):
    step = team_object_or_404(request, ApproachStep, pk=step_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The step could not be changed."))
    else:
        data = form.cleaned_data
        if data["move"]:
            svc.approach_step_move(step=step, direction=data["move"])
        note = data["note"] if data["has_note"] else None
        svc.approach_step_update(step=step, status=data["status"] or None, note=note)
    url = redirect("actors:approach", team_slug=request.team.slug).url
    return redirect(f"{url}#step-{step.pk}")


# --------------------------------------------------------------------------- digest


@team_view()
def digest_settings(request):
    team, user = request.team, request.user
    opted_out = DigestOptOut.objects.filter(team=team, user=user).exists()
    data = request.POST if request.method == "POST" else None
    form = DigestForm(data, initial={"receive": not opted_out})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["receive"]:
            DigestOptOut.objects.filter(team=team, user=user).delete()
            messages.success(request, _("You will receive the weekly digest of this team."))
        else:
            DigestOptOut.objects.get_or_create(team=team, user=user)
            messages.success(request, _("You will no longer receive the weekly digest."))
        return redirect("actors:digest_settings", team_slug=team.slug)
    return render(request, "actors/digest_settings.html", {"form": form})


urlpatterns = [
    path("administration/", administration, name="administration"),
    path("administration/template/", administration_template, name="administration_template"),
    path("administration/units/new/", unit_create, name="unit_create"),
    path("administration/units/<int:unit_id>/", unit_edit, name="unit_edit"),
    path("administration/units/<int:unit_id>/delete/", unit_delete, name="unit_delete"),
    path("administration/place/", unit_place, name="unit_place"),
    path("approach/", approach, name="approach"),
    path("approach/generate/", approach_generate, name="approach_generate"),
    path("approach/steps/<int:step_id>/", approach_step, name="approach_step"),
    path("digest/", digest_settings, name="digest_settings"),
]
