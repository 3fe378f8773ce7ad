from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from klimapakete.forum.models import Category, Report
from klimapakete.teams.models import Team

EDITOR_NOTICE = _(
    "Markdown works (e.g. **bold**, lists, > quotes). Mention people with @name. Please do "
    "not write personal data of third parties (names, contact details, private matters of "
    "people outside the forum) — everyone in the forum can read it."
)


class _TeamChoice(forms.ModelChoiceField):
    def label_from_instance(self, team):
        return team.name


def _with_team_field(form, user, initial_team=None) -> None:
    teams = Team.objects.filter(memberships__user=user).order_by("name")
    form.fields["team"] = _TeamChoice(
        queryset=teams,
        required=False,
        label=_("Post as member of"),
        empty_label=_("(without a team name)"),
        initial=initial_team or teams.first(),
        help_text=_("Your name is always shown; the team name only if you choose one."),
    )


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Text"))
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        kwargs.setdefault("help_text", EDITOR_NOTICE)
        super().__init__(max_length=settings.FORUM_POST_MAX_CHARS, **kwargs)


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = BodyField(label=_("Your question or topic"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _with_team_field(self, user)


class ReplyForm(forms.Form):
    body = BodyField(label=_("Your answer"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _with_team_field(self, user)


class EditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = BodyField()

    def __init__(self, *args, opening: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not opening:
            del self.fields["title"]
        else:
            self.fields["title"].required = True


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"), choices=Report.Reason.choices
    )
    note = forms.CharField(
        label=_("Note for the moderation (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the author sees it)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.filter(archived=False), label=_("Move to category")
    )


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "title_de",
            "title_en",
            "description_de",
            "description_en",
            "order",
            "archived",
        ]
        widgets = {
            "description_de": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }
