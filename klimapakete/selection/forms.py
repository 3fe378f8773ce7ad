from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, validate_email
from django.utils.translation import gettext_lazy as _

from klimapakete.core.clients import spam_verdict, started_token
from klimapakete.selection.models import Selection


class SelectionCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    panel_size = forms.IntegerField(label=_("Panel size (people)"), min_value=1, max_value=1000)


class SelectionSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    panel_size = forms.IntegerField(label=_("Panel size (people)"), min_value=1, max_value=1000)
    letter_multiplier = forms.IntegerField(
        label=_("Letters per seat at a 10 % response rate"), min_value=1, max_value=100
    )
    retention_days = forms.IntegerField(
        label=_("Days to keep personal data of people not selected after the draw"),
        min_value=0,
        max_value=365,
    )
    members_kept_until = forms.DateField(
        label=_("Keep the data of panel members and reserves until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The day of the event, or the end of the council's term. Their names and "
            "contact details are deleted the day after (or when the selection is closed)."
        ),
    )
    stratify_by = forms.ModelChoiceField(
        label=_("Strata for the letters"),
        queryset=None,
        required=False,
        help_text=_("A category the population register knows, e.g. age group or district."),
    )

    def __init__(self, *args, selection: Selection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stratify_by"].queryset = selection.categories.all()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file (.csv, .xlsx)"),
        help_text=_("OpenDocument spreadsheets (.ods) work too."),
    )


class AddressDrawForm(UploadForm):
    column = forms.CharField(
        label=_("Column of the extract with the stratum"),
        max_length=60,
        help_text=_("Its values must be the values of the stratum category."),
    )


REGISTRATION_SALT = "selection-registration"
NO_ANSWER_CHOICE = "-"  # the form's value for "prefer not to say" ("—" is: nothing chosen)
PHONE = re.compile(r"^\+?[0-9 ()/.\-]{5,40}$")


def contact_clean(text: str) -> str:
    """An e-mail address (checked by Django's validator) or a phone number."""
    text = text.strip()
    if "@" in text:
        validate_email(text)
    elif not (PHONE.match(text) and sum(ch.isdigit() for ch in text) >= 5):
        raise forms.ValidationError(
            _("Please enter an e-mail address or a phone number."), code="contact"
        )
    return text


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    contact = forms.CharField(label=_("E-mail address or phone number"), max_length=200)
    # Spam protection: a field people do not see, and the time the form was shown.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, categories, consent_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        if not self.is_bound:
            self.fields["started"].initial = started_token(REGISTRATION_SALT)
        self.category_fields = []
        for category in categories:
            key = f"category_{category.pk}"
            self.fields[key] = forms.ChoiceField(
                label=category.name,
                choices=[
                    ("", "—"),
                    *((v.name, v.name) for v in category.values.all()),
                    (NO_ANSWER_CHOICE, _("prefer not to say")),
                ],
            )
            self.category_fields.append((key, category.name))
        self.fields["consent"] = forms.BooleanField(label=consent_label, required=True)
        self.fields["consent"].error_messages["required"] = _(
            "Please confirm that you agree to the use of your data."
        )

    def clean_contact(self) -> str:
        return contact_clean(self.cleaned_data["contact"])

    def features(self) -> dict[str, str]:
        """The answers; "prefer not to say" becomes the stored no-answer value ("")."""
        return {
            name: "" if self.cleaned_data[key] == NO_ANSWER_CHOICE else self.cleaned_data[key]
            for key, name in self.category_fields
        }

    def spam_verdict(self) -> str:
        return spam_verdict(
            self.data,
            salt=REGISTRATION_SALT,
            min_seconds=settings.SELECTION_REGISTRATION_MIN_SECONDS,
        )


class RoundForm(forms.Form):
    panels = forms.IntegerField(
        label=_("Number of equally likely panels (M)"),
        min_value=2,
        initial=1000,
        help_text=_(
            "1,000 can be drawn with three ten-sided dice (hundreds, tens, ones) or three "
            "urns of balls numbered 0–9."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panels"].max_value = settings.SELECTION_LOTTERY_MAX_PANELS
        self.fields["panels"].validators.append(
            MaxValueValidator(settings.SELECTION_LOTTERY_MAX_PANELS)
        )


class SeedForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Seed source"),
        choices=Selection.SeedKind.choices,
        widget=forms.RadioSelect,
    )
    declaration = forms.CharField(
        label=_("Declared public random value, or how the physical draw takes place"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: the Lotto 6aus49 numbers drawn on 2 May 2026, in the order drawn. "
            "The draw reads the value as its numbers in the order written, without leading "
            "zeros: “03, 14, 15” becomes “3 14 15”."
        ),
    )
    panels = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Selection.SeedKind.PUBLIC and not data.get("declaration"):
            self.add_error("declaration", _("Please describe the public value and its date."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal (published)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DrawForm(forms.Form):
    public_value = forms.CharField(
        label=_("The public random value, as declared"), max_length=200, required=False
    )
    drawn_number = forms.CharField(
        label=_("The number rolled or drawn"),
        max_length=20,
        required=False,
        help_text=_("Digits only, e.g. 042 for the dice 0, 4 and 2."),
    )
