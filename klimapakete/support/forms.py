from django import forms
from django.utils.translation import gettext_lazy as _

from klimapakete.forum.models import Category
from klimapakete.packages.models import Step
from klimapakete.support.models import AdviceRequest, Need, PartnerEvent, Round


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class StepChoice(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        queryset = Step.objects.filter(archived=False, package__archived=False).select_related(
            "package"
        )
        super().__init__(queryset=queryset.order_by("package__order", "order"), **kwargs)

    def label_from_instance(self, step):
        from klimapakete.core.templatetags.klimapakete import tr

        return f"{step.number} {tr(step, 'title')}"


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "title",
            "description",
            "opens_at",
            "closes_at",
            "voter",
            "dots_per_voter",
            "max_dots_per_need",
            "proposals_until",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "proposals_until": DateTimeInput(),
        }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens."))
        cap, dots = data.get("max_dots_per_need"), data.get("dots_per_voter")
        if cap and dots and cap > dots:
            self.add_error("max_dots_per_need", _("A need cannot take more dots than a voter has."))
        return data


class NeedForm(forms.ModelForm):
    step = StepChoice(label=_("package step"), required=False)

    class Meta:
        model = Need
        fields = ["topic", "title", "description", "step", "offline_dots"]


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["topic", "title", "description"]


class NeedActionForm(forms.ModelForm):
    forum_category = forms.ModelChoiceField(
        queryset=Category.objects.filter(archived=False), required=False, label=_("forum category")
    )
    event = forms.ModelChoiceField(
        queryset=PartnerEvent.objects.all(), required=False, label=_("partner workshop")
    )

    class Meta:
        model = Need
        fields = ["status", "forum_category", "event", "content_change"]


class AdviceRequestForm(forms.ModelForm):
    step = StepChoice(label=_("package step"), required=False, empty_label=_("(free topic)"))
    file = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, image, DOCX or ODT."),
    )

    class Meta:
        model = AdviceRequest
        fields = ["step", "topic", "question", "tried", "urgency", "contact"]
        widgets = {"urgency": forms.RadioSelect, "contact": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        if not data.get("step") and not (data.get("topic") or "").strip():
            self.add_error("topic", _("Choose a package step or name a topic."))
        return data


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    file = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, image, DOCX or ODT."),
    )


class MaterialsForm(forms.Form):
    file = forms.FileField(label=_("Materials (file)"), help_text=_("PDF, image, DOCX or ODT."))


class ShareForm(forms.Form):
    """Staff turn a consented request into a forum thread or a best-practice draft."""

    kind = forms.ChoiceField(
        label=_("Share as"),
        choices=[
            ("thread", _("a forum thread")),
            ("practice", _("a best-practice draft (the team checks and publishes it)")),
        ],
        widget=forms.RadioSelect,
        initial="thread",
    )
    category = forms.ModelChoiceField(
        label=_("Forum category"), queryset=None, required=False, empty_label=None
    )
    town_size = forms.ChoiceField(required=False, choices=[])
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Without names: check that no person, team or place can be recognised."),
    )

    def __init__(self, *args, **kwargs):
        from klimapakete.forum.models import Category, Practice, TownSize

        super().__init__(*args, **kwargs)
        self.fields["town_size"].label = Practice._meta.get_field("town_size").verbose_name
        self.fields["category"].queryset = Category.objects.filter(archived=False)
        self.fields["town_size"].choices = [("", "—"), *TownSize.choices]

    def clean(self):
        data = super().clean()
        if data.get("kind") == "thread" and not data.get("category"):
            self.add_error("category", _("Please choose a category."))
        if data.get("kind") == "practice" and not data.get("town_size"):
            self.add_error("town_size", _("Please choose the size of the town."))
        return data


class CloseForm(forms.Form):
    summary = forms.CharField(
        label=_("In one line: what came out of it?"), max_length=300, required=True
    )


class TeamCloseForm(CloseForm):
    share_consent = forms.BooleanField(
        label=_(
            "Other teams may learn from this exchange: the support organisation may turn it "
            "into a forum thread or best practice, with all names removed."
        ),
        required=False,
    )


class PartnerEventForm(forms.ModelForm):
    step = StepChoice(label=_("package step"), required=False)
    states = forms.MultipleChoiceField(
        label=_("federal states"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PartnerEvent
        fields = [
            "organisation",
            "title",
            "description",
            "format",
            "link",
            "address",
            "starts_at",
            "ends_at",
            "capacity",
            "registration_until",
            "audience",
            "states",
            "step",
            "materials_link",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_until": DateTimeInput(),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        from klimapakete.teams.models import FederalState

        super().__init__(*args, **kwargs)
        self.fields["states"].choices = FederalState.choices
        if organisations is not None:
            self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The workshop must end after it starts."))
        deadline = data.get("registration_until")
        if starts and deadline and deadline > starts:
            self.add_error("registration_until", _("Registration must end before the start."))
        fmt = data.get("format")
        if fmt == PartnerEvent.Format.ONLINE and not data.get("link"):
            self.add_error("link", _("An online workshop needs the link to its room."))
        if fmt == PartnerEvent.Format.IN_PERSON and not data.get("address"):
            self.add_error("address", _("A workshop in person needs an address."))
        audience = data.get("audience")
        if audience == PartnerEvent.Audience.STATES and not data.get("states"):
            self.add_error("states", _("Choose the federal states."))
        if audience == PartnerEvent.Audience.STEP and not data.get("step"):
            self.add_error("step", _("Choose the step."))
        return data


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was it? (1 = not at all, 5 = very)"),
        choices=[(str(i), str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label=_("What should we know?"), required=False, max_length=2000, widget=forms.Textarea
    )
