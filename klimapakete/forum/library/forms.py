from django import forms
from django.utils.translation import gettext_lazy as _

from klimapakete.core.templatetags.klimapakete import tr
from klimapakete.forum.library.services import PRACTICE_FIELDS
from klimapakete.forum.models import Practice, TownSize
from klimapakete.packages.models import Package, Step
from klimapakete.teams.models import FederalState, Team


class StepField(forms.ModelChoiceField):
    def label_from_instance(self, step):
        return f"{step.number} · {tr(step, 'title')}"


def _steps():
    return Step.objects.filter(archived=False, package__archived=False).select_related("package")


class PracticeForm(forms.ModelForm):
    step = StepField(queryset=_steps(), label=_("Package step"))
    what_we_did = forms.CharField(
        label=_("What we did"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )

    class Meta:
        model = Practice
        fields = list(PRACTICE_FIELDS)
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 4}),
            "what_did_not": forms.Textarea(attrs={"rows": 4}),
            "would_do_again": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "show_team": _("Otherwise others see only the federal state and the town's size."),
        }

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = _steps()
        if teams is not None:
            self.fields["team"] = forms.ModelChoiceField(
                queryset=teams, label=_("Published by"), empty_label=None
            )
            self.order_fields(["team"])


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"),
        help_text=_("PDF, image (PNG, JPEG, GIF, WebP), Word (DOCX) or OpenDocument text (ODT)."),
    )


class LibraryFilterForm(forms.Form):
    package = forms.ModelChoiceField(
        queryset=Package.objects.filter(archived=False),
        required=False,
        label=_("Package"),
        to_field_name="key",
    )
    step = StepField(queryset=_steps(), required=False, label=_("Step"))
    federal_state = forms.ChoiceField(
        choices=[("", "—"), *FederalState.choices], required=False, label=_("Federal state")
    )
    town_size = forms.ChoiceField(
        choices=[("", "—"), *TownSize.choices], required=False, label=_("Size of the town")
    )
    sort = forms.ChoiceField(
        choices=[("useful", _("most useful")), ("new", _("newest"))],
        required=False,
        label=_("Sort by"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = _steps()
        self.fields["package"].queryset = Package.objects.filter(archived=False)


class ShareRequestForm(forms.Form):
    team = forms.ModelChoiceField(queryset=None, label=_("Team"))
    step = StepField(queryset=_steps(), required=False, label=_("Package step"))
    message = forms.CharField(
        label=_("Message to the team's coordinators"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["step"].queryset = _steps()


class ShareForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    step = StepField(queryset=_steps(), required=False, label=_("Package step"))
    town_size = forms.ChoiceField(choices=TownSize.choices, label=_("Size of the town"))
    text = forms.CharField(
        label=_("Text to share"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=50000,
        help_text=_(
            "Names of people have been removed. Check the text and remove anything else "
            "that identifies people."
        ),
    )
    confirmed = forms.BooleanField(
        label=_("We have checked the text: it names no people and contains no personal data."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = _steps()
