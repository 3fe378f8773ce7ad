from django import forms
from django.utils.translation import gettext_lazy as _

from klimapakete.notifications.models import MailPreference


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail me about mentions and replies"),
        choices=MailPreference.Frequency.choices,
        widget=forms.RadioSelect,
    )
