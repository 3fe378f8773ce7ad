from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from klimapakete.accounts import personal_data, services
from klimapakete.accounts.forms import AccountDeleteForm, LoginForm, ProfileForm, SignupForm
from klimapakete.core.downloads import download_response


def _safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=False,
    )


@sensitive_post_parameters("password")
def login_view(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = LoginForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        translation.activate(form.user.language)
        response = HttpResponseRedirect(_safe_next(request))
        _set_language_cookie(response, form.user.language)
        # This browser may log in even while others hammer the account (services).
        response.set_cookie(
            services.DEVICE_COOKIE,
            services.device_token(form.user),
            max_age=services.DEVICE_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request, "")})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have been logged out."))
    return redirect("home")


@sensitive_post_parameters("password1", "password2")
def signup_view(request):
    if not settings.OPEN_SIGNUP:
        raise Http404
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.signup_request(request=request)
        return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


def signup_confirm_view(request, token: str):
    """The link from the sign-up mail: a button activates the account (no write on GET)."""
    found = services.signup_pending_user(token)
    if found is None:
        return render(request, "accounts/signup_confirm.html", {"invalid": True}, status=404)
    user, invitation_token = found
    if request.method != "POST":
        return render(request, "accounts/signup_confirm.html", {"pending": user})
    services.signup_confirm(user=user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if invitation_token:
        from klimapakete.teams.models import Invitation
        from klimapakete.teams.services import invitation_accept

        invitation = Invitation.objects.select_related("team").filter(token=invitation_token)
        invitation = invitation.first()
        if invitation is not None and invitation.is_usable:
            invitation_accept(invitation=invitation, user=user)
            messages.success(request, _("Welcome to %(team)s!") % {"team": invitation.team.name})
            return redirect("teams:dashboard", team_slug=invitation.team.slug)
    messages.success(request, _("Welcome! Create your team or open an invitation link."))
    return redirect("teams_list")


@login_required
def profile_view(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        _set_language_cookie(response, user.language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@sensitive_post_parameters()
def password_change_view(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@sensitive_post_parameters("password")
def delete_view(request):
    blocking = services.account_blocking_teams(user=request.user)
    form = AccountDeleteForm(request.user, request.POST or None)
    if request.method == "POST" and not blocking and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    sole_teams = [
        m.team
        for m in request.user.memberships.select_related("team")
        if m.team.memberships.count() == 1
    ]
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "blocking": blocking, "sole_teams": sole_teams},
    )


@login_required
def export_view(request):
    """Everything stored about the person, as a zip (their own data across all apps)."""
    data = personal_data.personal_export_zip(request.user)
    stamp = timezone.localdate().isoformat()
    return download_response(data, filename=f"Klimapakete – {stamp}.zip", personal=True)


@require_POST
def set_language(request):
    """Switch the UI language; a logged-in user's preference is saved too."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(_safe_next(request))
    _set_language_cookie(response, language)
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
