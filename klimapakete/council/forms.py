"""Forms of the council builder. The profile form only parses input; which combinations
are impossible is decided by ``profile.profile_problems`` (one place, also for the
documents), and its sentences are put next to the fields they concern."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from klimapakete.core.widgets import DateInput, TimeInput
from klimapakete.selection.models import Selection

from . import labels
from .models import Milestone
from .profile import MAX_TERM_YEARS, TEXT_LIMITS, Profile, SeatGroup, profile_to_data

# Where a problem's sentence appears in the form (the rest above the form).
PROBLEM_FIELDS: dict[str, str] = {
    "name_missing": "name",
    "town_missing": "town",
    "no_tasks": "tasks",
    "too_many_extra_tasks": "tasks_extra",
    "party_groups_missing": "party_groups",
    "consultation_weeks_zero": "consultation_weeks",
    "consultation_weeks_too_long": "consultation_weeks",
    "consultation_min_days_zero": "consultation_min_days",
    "consultation_min_days_too_long": "consultation_min_days",
    "meetings_zero": "meetings_per_year",
    "meetings_too_many": "meetings_per_year",
    "term_too_long": "term_years",
    "quorum_missing": "quorum_number",
    "quorum_zero": "quorum_number",
    "quorum_too_large": "quorum_number",
    "chair_needs_council_seat": "chair",
    "mandate_months_zero": "mandate_months",
    "budget_negative": "budget",
    "committee_not_allowed": "route",
    "committee_advisory_only": "route",
    "committee_council_majority": "route",
    "committee_needs_council": "route",
    "hauptsatzung_required": "route",
}
NUMBER = forms.NumberInput(attrs={"class": "short"})


def _text(name: str, *, required: bool = False, rows: int = 0, **kwargs) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=labels.FIELDS[name],
        max_length=TEXT_LIMITS[name],
        required=required,
        widget=widget,
        **kwargs,
    )


def _flag(name: str, **kwargs) -> forms.BooleanField:
    return forms.BooleanField(label=labels.FIELDS[name], required=False, **kwargs)


def _number(name: str, *, max_value: int = 999, **kwargs) -> forms.IntegerField:
    # No minimum above 0 here: a 0 gets the profile's own, clearer sentence.
    return forms.IntegerField(
        label=labels.FIELDS[name],
        required=False,
        min_value=0,
        max_value=max_value,
        widget=NUMBER,
        **kwargs,
    )


def _choice(name: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=labels.FIELDS[name],
        choices=labels.choices(labels.CHOICE_LABELS[name]),
        widget=forms.RadioSelect,
        **kwargs,
    )


class ProfileForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    # 1. Name and purpose
    name = _text("name", required=True)
    reason = _text(
        "reason",
        rows=5,
        help_text=_(
            "Two or three sentences for the Steckbrief and the motion's justification: the "
            "town's climate target, what is missing today, what the council would change."
        ),
    )
    tasks = forms.MultipleChoiceField(
        label=labels.FIELDS["tasks"],
        choices=labels.choices(labels.TASKS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tasks_extra = _text("tasks_extra", rows=2, help_text=_("One task per line."))
    # 2. Legal form
    route = _choice("route")
    # 3. Composition
    party_groups = _number(
        "party_groups",
        max_value=30,
        help_text=_("Needed for seats given per party group."),
    )
    chair = _choice("chair")
    term_years = forms.TypedChoiceField(
        label=labels.FIELDS["term_years"],
        coerce=int,
        choices=[(n, labels.term(n)) for n in range(MAX_TERM_YEARS + 1)],
    )
    selection = forms.ModelChoiceField(
        label=_("Citizen selection for the seats drawn by lot"),
        queryset=Selection.objects.none(),
        required=False,
        help_text=_("The panel drawn there fills the seats; its reserve list refills them."),
    )
    # 4. Rights
    consultation = _flag("consultation")
    consultation_weeks = _number("consultation_weeks", help_text=_("Weeks before the vote."))
    consultation_min_days = _number(
        "consultation_min_days",
        help_text=_("Optional: the shortest deadline in urgent cases, in days."),
    )
    agenda_proposals = _flag("agenda_proposals")
    speaking_rights = _flag("speaking_rights")
    document_access = _flag("document_access")
    publish_statements = _flag("publish_statements")
    justify_deviations = _flag("justify_deviations")
    # 5. Working rules
    meetings_per_year = _number("meetings_per_year", help_text=_("Meetings a year."))
    public = forms.ChoiceField(
        label=labels.FIELDS["public"],
        choices=[
            ("yes", _("Public, unless a matter must be confidential")),
            ("no", _("Not public")),
        ],
        widget=forms.RadioSelect,
    )
    quorum = _choice("quorum")
    quorum_number = _number("quorum_number", help_text=_("Only for a fixed number."))
    majority = _choice("majority")
    written_procedure = _flag("written_procedure")
    allowance = _choice("allowance")
    secretariat = _text(
        "secretariat",
        help_text=_(
            "The unit of the administration that runs the office, e.g. the climate office."
        ),
    )
    budget = _number(
        "budget", max_value=10_000_000, help_text=_("Euros a year; leave empty for none.")
    )
    # 6. For the documents
    town = _text(
        "town", required=True, help_text=_("As in official texts, e.g. Stadt Musterstadt.")
    )
    council_body = _text(
        "council_body",
        required=True,
        help_text=_("Rat, Stadtrat, Gemeinderat, Stadtverordnetenversammlung, …"),
    )
    committee = _text(
        "committee", help_text=_("Optional: the committee that discusses the motion first.")
    )
    motion_mode = _choice("motion_mode")
    mandate_months = _number("mandate_months", max_value=24, help_text=_("Months."))
    proposers = _text(
        "proposers",
        rows=2,
        help_text=_("For the party groups' motion: one party group per line."),
    )
    lead_unit = _text("lead_unit", help_text=_("For the administration's draft resolution."))
    representatives = _text(
        "representatives",
        rows=2,
        help_text=_("For the resident motion: name and address, one person per line."),
    )
    recipient = _text("recipient", rows=3, help_text=_("The address lines of the motion."))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selection"].queryset = Selection.objects.filter(team=team)

    @classmethod
    def initial_for(cls, profile: Profile, *, revision: int, selection) -> dict:
        data = profile_to_data(profile)
        data.pop("seats")
        data["public"] = "yes" if profile.public else "no"
        data["revision"] = revision
        data["selection"] = selection
        return data

    def to_profile(self, seats: tuple[SeatGroup, ...], *, reference: str) -> Profile:
        values = dict(self.cleaned_data)
        for key in ("revision", "selection"):
            values.pop(key)
        values["public"] = values["public"] == "yes"
        values["tasks"] = tuple(values["tasks"])
        values["term_years"] = values["term_years"] or 0
        return Profile(**values, seats=seats, reference=reference)


class SeatForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Kind"), choices=labels.choices(labels.SEAT_GROUPS), initial="other"
    )
    label = forms.CharField(label=_("Seat group"), max_length=TEXT_LIMITS["seat_label"])
    count = forms.IntegerField(
        label=_("Number of seats"), min_value=0, max_value=99, required=False, widget=NUMBER
    )
    per_party_group = forms.BooleanField(label=_("per party group"), required=False)
    voting = forms.BooleanField(label=_("vote"), required=False, initial=True)
    deputies = forms.BooleanField(label=_("deputies"), required=False, initial=True)
    nominated_by = forms.CharField(
        label=_("nominated by"), max_length=TEXT_LIMITS["nominated_by"], required=False
    )

    def to_seat(self) -> SeatGroup:
        values = {k: v for k, v in self.cleaned_data.items() if k != "DELETE"}
        return SeatGroup(**values)


class BaseSeatFormSet(forms.BaseFormSet):
    def seats(self) -> tuple[SeatGroup, ...]:
        """The filled-in rows that are not marked for deletion, in order."""
        seats = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if data and not data.get("DELETE"):
                seats.append(form.to_seat())
        return tuple(seats)


def seat_formset(*, data=None, seats: tuple[SeatGroup, ...] = ()):
    formset_class = forms.formset_factory(
        SeatForm,
        formset=BaseSeatFormSet,
        extra=2,
        can_delete=True,
        max_num=settings.COUNCIL_MAX_SEAT_GROUPS,
        validate_max=True,
    )
    initial = [
        {
            "group": s.group,
            "label": s.label,
            "count": s.count,
            "per_party_group": s.per_party_group,
            "voting": s.voting,
            "deputies": s.deputies,
            "nominated_by": s.nominated_by,
        }
        for s in seats
    ]
    return formset_class(data=data, initial=initial, prefix="seats")


class VersionForm(forms.Form):
    note = forms.CharField(
        label=_("What is this version?"),
        max_length=200,
        required=False,
        help_text=_("E.g. “shown to the party groups” or “after the talk with the SPD”."),
    )


class MilestoneForm(forms.Form):
    stage = forms.ChoiceField(choices=Milestone.Stage.choices, widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    who = forms.CharField(label=_("Who or which body"), max_length=200, required=False)
    variant = forms.ChoiceField(
        label=_("Which motion"), choices=Milestone.Variant.choices, required=False
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=Milestone.Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    conversations = forms.ModelMultipleChoiceField(
        label=_("Conversations from the actor map"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    adopted_text = forms.CharField(
        label=_("Adopted text (paste)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    upload = forms.FileField(label=_("… or upload it (PDF, DOCX, ODT, TXT)"), required=False)

    def __init__(self, *args, conversations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conversations"].queryset = conversations
        self.fields["conversations"].label_from_instance = lambda c: (
            f"{c.actor.unit.name if c.actor.unit_id else ''}: {c.actor.name}, "
            + date_format(c.date, "SHORT_DATE_FORMAT")
        )


class AdoptedTextForm(forms.Form):
    adopted_text = forms.CharField(
        label=_("Adopted text (paste)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    upload = forms.FileField(label=_("… or upload it (PDF, DOCX, ODT, TXT)"), required=False)


class MeetingSeriesForm(forms.Form):
    first_date = forms.DateField(label=_("First meeting"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), initial="17:00", widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
