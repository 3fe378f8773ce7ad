from __future__ import annotations

from django import forms
from django.core.validators import validate_email
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from klimapakete.core.pickers import SearchChoiceField
from klimapakete.core.widgets import DateInput, TimeInput
from klimapakete.workshops.models import (
    ActionItem,
    AgendaBlock,
    Meeting,
    Participant,
    RoundTable,
    Workshop,
)


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "date", "start_time", "place", "facilitators"]
        widgets = {"date": DateInput(), "start_time": TimeInput()}


class ResultsForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["shared_goal", "decisions", "goal_adopted"]
        widgets = {
            "shared_goal": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 8}),
        }


def _sector_choices(team):
    return team.sectors.order_by("order", "name")


class GuestForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "sector", "email"]

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = _sector_choices(team)


class IdChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids beyond the database's integer range before querying (SQLite overflows)."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(pk) > 2**62:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class ActorPickForm(forms.Form):
    actors = IdChoiceField(label=_("Actors"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actors"].queryset = team.actors.filter(kind="person").select_related("sector")


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["status", "is_host"]


class ParticipantsStatusForm(forms.Form):
    """One status for several participants of one workshop; ids of other workshops are
    invalid choices, so the whole change is refused."""

    participants = IdChoiceField(
        label=_("Participants"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label=_("New status"), choices=Participant.Status.choices)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = workshop.participants.all()


class AgendaBlockForm(forms.ModelForm):
    class Meta:
        model = AgendaBlock
        fields = ["kind", "title", "minutes", "notes"]


class PlanForm(forms.Form):
    # Zero and one are allowed here so that the solver's own clear messages explain them.
    rounds = forms.IntegerField(label=_("Rounds"), min_value=0, max_value=20, initial=4)
    group_size = forms.IntegerField(
        label=_("People per table"), min_value=0, max_value=100, initial=5
    )
    strict_sectors = forms.BooleanField(
        label=_("Strictly one person per sector at each table"),
        required=False,
        help_text=_(
            "Then nobody sits with someone of their own sector, even if some people meet "
            "twice; every sector needs at most as many people as there are tables. Without "
            "this, avoiding repeated meetings comes first and sectors are spread as evenly "
            "as possible."
        ),
    )


class SwapForm(forms.Form):
    round_number = forms.IntegerField(label=_("Round"), min_value=1)
    first = forms.ModelChoiceField(label=_("Person"), queryset=None)
    second = forms.ModelChoiceField(label=_("swaps seats with"), queryset=None)

    def __init__(self, *args, workshop, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = workshop.participants.all()
        self.fields["first"].queryset = queryset
        self.fields["second"].queryset = queryset
        if participants is not None:
            # Reuse the page's participant list instead of a query per select.
            choices = [("", "---------")] + [(p.pk, p.name) for p in participants if p.taking_part]
            self.fields["first"].choices = choices
            self.fields["second"].choices = choices


class ReplanForm(forms.Form):
    held_rounds = forms.IntegerField(
        label=_("Rounds already held"),
        min_value=0,
        initial=0,
        help_text=_("These rounds stay as they were; only the later rounds are re-planned."),
    )

    def __init__(self, *args, rounds: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_rounds"].max_value = rounds
        self.fields["held_rounds"].widget.attrs["max"] = rounds
        from django.core.validators import MaxValueValidator

        self.fields["held_rounds"].validators.append(MaxValueValidator(rounds))


class RoundTableForm(forms.ModelForm):
    class Meta:
        model = RoundTable
        fields = [
            "title",
            "place",
            "frequency",
            "interval",
            "first_date",
            "start_time",
            "duration_minutes",
            "description",
        ]
        widgets = {
            "first_date": DateInput(),
            "start_time": TimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["place", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 12})}


class ActionItemForm(forms.ModelForm):
    # A search among the team's members (core/pickers.py), not a list of all of them.
    owner = SearchChoiceField(
        "members", label=capfirst(ActionItem._meta.get_field("owner").verbose_name), required=False
    )

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due", "status", "public"]
        widgets = {"due": DateInput()}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team.members.all()
        self.fields["owner"].bind(team)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)


class InviteForm(forms.Form):
    members = forms.BooleanField(label=_("All members of the team"), required=False, initial=True)
    addresses = forms.CharField(
        label=_("Further e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas."),
    )

    def clean_addresses(self) -> list[str]:
        raw = self.cleaned_data["addresses"].replace(",", "\n").split()
        for address in raw:
            try:
                validate_email(address)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(address)s” is not an e-mail address."), params={"address": address}
                ) from None
        return raw
