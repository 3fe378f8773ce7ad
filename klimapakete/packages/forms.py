from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from klimapakete.core.pickers import SearchChoiceField
from klimapakete.core.widgets import DateInput


class ItemPlanForm(forms.Form):
    # A search among the team's members (core/pickers.py), not a list of all of them.
    assignee = SearchChoiceField("members", label=_("Assigned to"), required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team.members.all()
        self.fields["assignee"].bind(team)
