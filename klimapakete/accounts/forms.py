from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from klimapakete.accounts import services
from klimapakete.accounts.models import User, normalize_email
from klimapakete.core.clients import client_address
from klimapakete.core.mail import email_enqueue


class SignupForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not too common, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Repeat password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["name", "email"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def validate_unique(self):
        """A taken address is not an error here: the page must not reveal it (the owner
        gets a mail instead, see ``services.signup_request``)."""

    def signup_request(self, *, request, invitation_token: str = "") -> None:
        services.signup_request(
            name=self.cleaned_data["name"],
            email=self.cleaned_data["email"],
            password=self.cleaned_data["password1"],
            language=(translation.get_language() or "de")[:2],
            address=client_address(request),
            invitation_token=invitation_token,
        )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        if p1:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        user.language = (translation.get_language() or "de")[:2]
        if commit:
            user.save()
        return user


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        address = client_address(self.request) if self.request is not None else ""
        known = self.request is not None and services.device_is_known(
            token=self.request.COOKIES.get(services.DEVICE_COOKIE, ""), email=email
        )
        if services.login_is_throttled(email=email, address=address, known_device=known):
            raise forms.ValidationError(
                ngettext(
                    "Too many failed attempts for this address. Please wait %(minutes)s "
                    "minute or reset your password.",
                    "Too many failed attempts for this address. Please wait %(minutes)s "
                    "minutes or reset your password.",
                    settings.LOGIN_FAILURE_WINDOW_MINUTES,
                ),
                params={"minutes": settings.LOGIN_FAILURE_WINDOW_MINUTES},
                code="throttled",
            )
        user = authenticate(self.request, email=normalize_email(email), password=password)
        if user is None:
            services.login_failure_record(email=email, address=address)
            raise forms.ValidationError(
                _("E-mail address or password is not correct."), code="invalid_login"
            )
        services.login_failures_clear(email=email, address=address)
        self.user = user
        return self.cleaned_data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, but the mail goes out through the task worker, at most
    PASSWORD_RESET_MAILS_PER_DAY per address (the page says the same either way)."""

    def save(self, *args, request=None, **kwargs):
        address = client_address(request) if request is not None else ""
        if services.password_reset_allowed(email=self.cleaned_data["email"], address=address):
            return super().save(*args, request=request, **kwargs)
        return None

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            subject = loader.render_to_string(subject_template_name, context)
            body = loader.render_to_string(email_template_name, context)
        email_enqueue(to=[to_email], subject=subject, body=body)


class SetPasswordForm(DjangoSetPasswordForm):
    """Django's form for the reset link; the new password also lifts the login throttle,
    as the throttling message promises."""

    def save(self, commit=True):
        user = super().save(commit)
        services.login_failures_clear(email=user.email)
        return user
