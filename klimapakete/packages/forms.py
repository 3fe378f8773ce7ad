from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from klimapakete.core.sorting import by_name
from klimapakete.core.widgets import DateInput


class ItemPlanForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=None, required=False)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team.members.order_by(by_name())
        self.fields["assignee"].label_from_instance = lambda user: user.name or user.email
