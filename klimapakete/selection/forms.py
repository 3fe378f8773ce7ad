from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, validate_email
from django.utils.translation import gettext_lazy as _

from klimapakete.core.clients import spam_verdict, started_token
from klimapakete.core.widgets import DateInput
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
        widget=DateInput(),
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

    special_categories = forms.ModelMultipleChoiceField(
        label=_("Categories with special-category data (Art. 9 GDPR)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For example migration background: it may reveal ethnic origin. Residents "
            "then have to consent to these answers explicitly."
        ),
    )
    route = forms.ChoiceField(
        label=_("Route to the addresses"),
        choices=Selection.Route.choices,
        initial=Selection.Route.CITY,
        required=False,
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=160,
        required=False,
        help_text=_(
            "The team is no legal entity: a named person or the partner organisation asks "
            "the administration and answers residents' questions."
        ),
    )
    partner_organisation = forms.CharField(
        label=_("Partner organisation (optional)"), max_length=160, required=False
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    event_date = forms.DateField(
        label=_("Date of the first meeting"),
        required=False,
        widget=DateInput(),
    )
    event_place = forms.CharField(label=_("Place"), max_length=200, required=False)
    event_duration = forms.CharField(
        label=_("Duration"),
        max_length=200,
        required=False,
        help_text=_("For example: three Saturdays, 10 a.m. to 4 p.m."),
    )
    allowance = forms.CharField(
        label=_("Expense allowance"),
        max_length=200,
        required=False,
        help_text=_("For example: 50 euros per meeting day. Leave empty if there is none."),
    )
    reply_deadline = forms.DateField(
        label=_("Reply deadline"),
        required=False,
        widget=DateInput(),
    )
    minimum_age = forms.IntegerField(
        label=_("Minimum age"), min_value=14, max_value=99, initial=16, required=False
    )
    codes_per_letter = forms.BooleanField(
        label=_("One registration per letter code"),
        required=False,
        help_text=_(
            "Each letter of an address draw gets its own code, and each code registers one "
            "person. Only while registration is open and before addresses are drawn."
        ),
    )

    def clean_route(self) -> str:
        return self.cleaned_data["route"] or Selection.Route.CITY

    def clean_minimum_age(self) -> int:
        age = self.cleaned_data["minimum_age"]
        return 16 if age is None else age

    def __init__(self, *args, selection: Selection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stratify_by"].queryset = selection.categories.all()
        self.fields["special_categories"].queryset = selection.categories.all()


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

    def __init__(self, *args, categories, consent_label: str, letter_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        if letter_code:
            # one registration per letter: the code printed on it comes first
            self.fields = {
                "letter_code": forms.CharField(
                    label=_("Code from your letter"),
                    max_length=40,
                    help_text=_("For example 3K7M 9QXE. Upper or lower case does not matter."),
                ),
                **self.fields,
            }
        if not self.is_bound:
            self.fields["started"].initial = started_token(REGISTRATION_SALT)
        self.category_fields = []
        special = []
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
            if getattr(category, "special", False):
                special.append(key)
        self.special_fields = special
        self.fields["consent"] = forms.BooleanField(label=consent_label, required=True)
        self.fields["consent"].error_messages["required"] = _(
            "Please confirm that you agree to the use of your data."
        )
        if special:
            # Art. 9(2)(a) GDPR: explicit consent for answers that may reveal e.g. ethnic
            # origin; without it the resident can still answer "prefer not to say".
            self.fields["special_consent"] = forms.BooleanField(
                label=_(
                    "I expressly agree that my answers to the questions marked “sensitive” "
                    "(%(names)s) are used for the draw (Art. 9(2)(a) GDPR). Without this "
                    "consent, please choose “prefer not to say” there."
                )
                % {"names": ", ".join(c.name for c in categories if c.special)},
                required=False,
            )
            for key in special:
                self.fields[key].help_text = _("Sensitive: needs your express consent below.")

    def clean(self):
        data = super().clean()
        answered = [
            key for key in self.special_fields if data.get(key) not in (None, "", NO_ANSWER_CHOICE)
        ]
        if answered and not data.get("special_consent"):
            self.add_error(
                "special_consent",
                _(
                    "Please agree expressly to the use of your sensitive answers, or choose "
                    "“prefer not to say”."
                ),
            )
        return data

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
