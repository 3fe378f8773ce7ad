"""Forms of the Kompass editor, its look, the public page switch and the contact form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from klimapakete.core.clients import spam_verdict, started_token
from klimapakete.kompass.blocks import ASK_GUIDE, BLOCKS
from klimapakete.kompass.models import HEX_COLOUR, Design, Kompass

ASK_LENGTH = 160
ASK_PREFIX = "ask_"


def _guided(field: forms.Field, guide: int) -> forms.Field:
    """A text field with a length guide (a meter that fills as you type)."""
    field.guide = guide
    return field


class BlockForm(forms.Form):
    """The texts of one block. Initial values are what the team's data gives, unless the
    team has written its own."""

    def __init__(self, *args, block: str, initial_texts: dict, sectors=(), asks=None, **kw):
        super().__init__(*args, **kw)
        self.block = BLOCKS[block]
        for spec in self.block.fields:
            model_field = Kompass._meta.get_field(spec.name)
            if spec.name == "target_year":
                field = forms.IntegerField(
                    label=capfirst(model_field.verbose_name),
                    required=False,
                    min_value=2025,
                    max_value=2100,
                    help_text=_("Empty: from your definition of climate neutrality, if any."),
                )
            else:
                widget = forms.Textarea(attrs={"rows": spec.rows}) if spec.rows else None
                field = _guided(
                    forms.CharField(
                        label=capfirst(model_field.verbose_name),
                        required=False,
                        max_length=model_field.max_length,
                        widget=widget,
                        strip=True,
                    ),
                    spec.guide,
                )
            field.initial = initial_texts.get(spec.name, "")
            self.fields[spec.name] = field
        self.sectors = list(sectors)
        if block == "ask":
            for sector in self.sectors:
                field = _guided(
                    forms.CharField(
                        label=sector.name, required=False, max_length=ASK_LENGTH, strip=True
                    ),
                    ASK_GUIDE,
                )
                field.initial = (asks or {}).get(str(sector.pk), "")
                self.fields[f"{ASK_PREFIX}{sector.pk}"] = field

    def guided_fields(self) -> list[tuple]:
        """Each field with its length guide (None for the year)."""
        return [(self[name], getattr(field, "guide", None)) for name, field in self.fields.items()]

    def texts(self) -> dict:
        return {
            spec.name: self.cleaned_data.get(spec.name) or ""
            for spec in self.block.fields
            if spec.name != "target_year"
        } | (
            {"target_year": str(self.cleaned_data.get("target_year") or "")}
            if "target_year" in self.fields
            else {}
        )

    def asks(self) -> dict | None:
        if self.block.key != "ask":
            return None
        return {
            name[len(ASK_PREFIX) :]: value or ""
            for name, value in self.cleaned_data.items()
            if name.startswith(ASK_PREFIX)
        }


class ColourInput(forms.TextInput):
    input_type = "color"


class LookForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG, GIF or WebP, at most %(kb)s KB.")
        % {"kb": settings.KOMPASS_LOGO_MAX_BYTES // 1024},
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        ),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Kompass
        fields = ["design", "colour", "language"]
        widgets = {"design": forms.RadioSelect, "colour": ColourInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colour"].validators = [HEX_COLOUR]
        self.fields["design"].choices = Design.choices


class PublicForm(forms.Form):
    public = forms.BooleanField(label=_("The public alliance page is on"), required=False)
    indexing = forms.BooleanField(
        label=_("Search engines may list the page"),
        required=False,
        help_text=_("Until then the page asks search engines not to index it (noindex)."),
    )


CONTACT_SALT = "kompass-contact"


def contact_token() -> str:
    return started_token(CONTACT_SALT)


class ContactForm(forms.Form):
    """The public "interested? contact us" form. Outsiders are addressed with "Sie"."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation (if any)"), max_length=200, required=False)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=None, required=False, empty_label=_("(please choose)")
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    message = forms.CharField(
        label=_("Your message"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField()
    # Spam protection: a field people do not see, and the time the form was shown.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, sectors, consent_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors
        self.fields["consent"].label = consent_label
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        if not self.is_bound:
            self.fields["started"].initial = contact_token()

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Please give an e-mail address or a phone number."))
        return data

    def spam_verdict(self) -> str:
        """ "honeypot" when the invisible field was filled (a bot: pretend success), "early"
        when sent faster than a person can or with a broken or day-old token (ask to send
        again), else ""."""
        return spam_verdict(
            self.data, salt=CONTACT_SALT, min_seconds=settings.KOMPASS_CONTACT_MIN_SECONDS
        )
