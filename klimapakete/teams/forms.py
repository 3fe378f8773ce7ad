from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from klimapakete.teams.models import Membership, Team


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "municipality", "federal_state"]
        help_texts = {
            "name": _("For example “LocalZero Musterstadt”."),
            "municipality": _("The town or district your team works in."),
        }


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=14)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class HandOnForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("New coordinator"), queryset=Membership.objects.none()
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = membership.team.memberships.exclude(
            pk=membership.pk
        ).select_related("user")
        self.fields["successor"].label_from_instance = lambda m: m.user.name or m.user.email


class TeamDeleteForm(forms.Form):
    confirm_name = forms.CharField(label=_("Type the team's name to confirm"), max_length=200)

    def __init__(self, *args, team: Team, **kwargs):
        self.team = team
        super().__init__(*args, **kwargs)

    def clean_confirm_name(self):
        value = self.cleaned_data["confirm_name"].strip()
        if value != self.team.name:
            raise forms.ValidationError(_("The name does not match. Nothing was deleted."))
        return value
