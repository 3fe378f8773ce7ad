"""Forms of the administration map and the approach plan."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from klimapakete.actors.administration.selectors import subtree_ids as _subtree_ids
from klimapakete.actors.models import Actor, AdminUnit, ApproachStep
from klimapakete.core.sorting import by_name


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
        self.fields["actor"].queryset = Actor.objects.filter(team=team).order_by(by_name())
        self.fields["unit"].queryset = AdminUnit.objects.filter(team=team).order_by("order", "name")


class StepForm(forms.Form):
    status = forms.ChoiceField(choices=ApproachStep.Status.choices, required=False)
    note = forms.CharField(max_length=300, required=False, label=gettext_lazy("Note"))
    move = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    has_note = forms.BooleanField(required=False, widget=forms.HiddenInput)
