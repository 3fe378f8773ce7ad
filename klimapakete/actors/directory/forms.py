from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from klimapakete.actors.models import (
    SECTOR_COLOURS,
    Actor,
    Conversation,
    Ladder,
    Relationship,
    Sector,
    Stance,
)
from klimapakete.core.pickers import SearchChoiceField
from klimapakete.core.sorting import by_name
from klimapakete.core.widgets import DateInput, LongSelect

SENSITIVE_HINT = _(
    "Record only what you need for your work with this actor. Do not record health, "
    "religion, political opinions beyond public office, sexual orientation, ethnic origin, "
    "union membership or similar sensitive details."
)


def _members(team):
    return team.members.order_by(by_name())


def _member_label(user) -> str:
    return user.name or user.email


class ActorForm(forms.ModelForm):
    class Meta:
        model = Actor
        fields = [
            "kind",
            "name",
            "organisation",
            "position",
            "sector",
            "stance",
            "power",
            "ease",
            "ladder",
            "is_team_contact",
            "public_consent",
            "public_consent_on",
            "interests",
            "tags",
            "owner",
            "contact_rhythm_days",
            "email",
            "phone",
            "notes",
            "unit",
        ]
        widgets = {
            "interests": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "power": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "ease": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "public_consent_on": DateInput(),
            "sector": LongSelect(),
        }

    def clean(self):
        data = super().clean()
        # The consent's date: today unless given; none without consent.
        if data.get("public_consent"):
            data["public_consent_on"] = data.get("public_consent_on") or timezone.localdate()
        else:
            data["public_consent_on"] = None
        return data

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = team.actors.organisations()
        if self.instance.pk:
            organisations = organisations.exclude(pk=self.instance.pk)
        self.fields["organisation"].queryset = organisations
        self.fields["sector"].queryset = team.sectors.all()
        self.fields["owner"].queryset = _members(team)
        self.fields["owner"].label_from_instance = _member_label
        self.fields["unit"].queryset = team.admin_units.all()
        self.fields["notes"].help_text = SENSITIVE_HINT


class QuickActorForm(forms.ModelForm):
    class Meta:
        model = Actor
        fields = ["name", "kind", "sector", "stance", "power"]
        widgets = {"power": forms.NumberInput(attrs={"min": 1, "max": 5}), "sector": LongSelect()}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = team.sectors.all()


# The power/stance grid's quadrants (analysis.algorithms.grid_quadrant), as a list filter.
QUADRANT_CHOICES = [
    ("", "—"),
    ("key_allies", _("Key allies")),
    ("persuade", _("Persuade")),
    ("mobilise", _("Mobilise")),
    ("monitor", _("Watch")),
]


class ActorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=None, required=False, widget=LongSelect
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "—"), *Actor.Kind.choices]
    )
    stance = forms.TypedChoiceField(
        label=_("Stance"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *Stance.choices],
    )
    power = forms.TypedChoiceField(
        label=_("Power"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *((p, str(p)) for p in range(5, 0, -1))],
    )
    quadrant = forms.ChoiceField(label=_("Quadrant"), required=False, choices=QUADRANT_CHOICES)
    ladder = forms.ChoiceField(
        label=_("Ladder"), required=False, choices=[("", "—"), *Ladder.choices]
    )
    owner = forms.ModelChoiceField(label=_("Contact owner"), queryset=None, required=False)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = team.sectors.all()
        self.fields["owner"].queryset = _members(team)
        self.fields["owner"].label_from_instance = _member_label


class SectorForm(forms.ModelForm):
    colour = forms.ChoiceField(
        label=_("Colour"), choices=[(c, c) for c in SECTOR_COLOURS], widget=forms.RadioSelect
    )

    class Meta:
        model = Sector
        fields = ["name", "colour", "order"]


class RelationshipForm(forms.ModelForm):
    # A search, not a select: a team can have thousands of actors (issue 12).
    other = SearchChoiceField("actors", label=_("Other actor"))
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("out", _("this actor → the other")), ("in", _("the other → this actor"))],
        initial="out",
    )

    class Meta:
        model = Relationship
        fields = ["kind", "strength", "note"]

    def __init__(self, *args, team, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = team.actors.exclude(pk=actor.pk)
        self.fields["other"].bind(team, exclude=actor)
        self.order_fields(["other", "kind", "direction", "strength", "note"])


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = [
            "date",
            "held_by",
            "interests_heard",
            "ask",
            "answer",
            "next_step",
            "next_step_due",
            "next_step_owner",
        ]
        widgets = {
            "date": DateInput(),
            "next_step_due": DateInput(),
            "interests_heard": forms.Textarea(attrs={"rows": 3}),
            "ask": forms.Textarea(attrs={"rows": 2}),
            "answer": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "interests_heard": _("What matters to them? What did you hear between the lines?"),
            "ask": _("The concrete commitment you asked for."),
        }

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("held_by", "next_step_owner"):
            self.fields[name].queryset = _members(team)
            self.fields[name].label_from_instance = _member_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("next_step_due") and not cleaned.get("next_step"):
            self.add_error("next_step", _("Describe the next step that has this due date."))
        return cleaned


INLINE_FIELDS = ["stance", "power", "ease", "ladder", "sector", "owner"]


class ActorFieldForm(forms.ModelForm):
    """Edits one field of an actor in place (htmx)."""

    class Meta:
        model = Actor
        fields = INLINE_FIELDS

    def __init__(self, *args, team, field: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != field:
                del self.fields[name]
        if field == "sector":
            self.fields["sector"].queryset = team.sectors.all()
            self.fields["sector"].widget = LongSelect(choices=self.fields["sector"].choices)
        if field == "owner":
            self.fields["owner"].queryset = _members(team)
            self.fields["owner"].label_from_instance = _member_label


class DigestForm(forms.Form):
    receive = forms.BooleanField(
        required=False,
        label=gettext_lazy("Send me the weekly digest of this team"),
        help_text=gettext_lazy(
            "Once a week: due next steps from conversations and contacts going cold. "
            "Sent only when there is something to report."
        ),
    )
