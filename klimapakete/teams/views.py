from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.accounts.forms import SignupForm
from klimapakete.core.dashboard import panels_for as dashboard_panels
from klimapakete.core.downloads import download_response
from klimapakete.packages import selectors as package_selectors
from klimapakete.teams import services
from klimapakete.teams.access import COORDINATOR, TeamRequest, team_object_or_404, team_view
from klimapakete.teams.exports import team_export_file
from klimapakete.teams.forms import HandOnForm, InvitationForm, RoleForm, TeamDeleteForm, TeamForm
from klimapakete.teams.models import Invitation, Membership

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@login_required
def team_list(request):
    memberships = request.user.memberships.select_related("team").order_by("team__name")
    return render(request, "teams/team_list.html", {"memberships": memberships})


@login_required
def team_create(request):
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        team = services.team_create(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your team has been created. Invite your members next."))
        return redirect("teams:members", team_slug=team.slug)
    return render(request, "teams/team_form.html", {"form": form, "creating": True})


@team_view()
def dashboard(request: TeamRequest):
    team = request.team
    request.session["last_team"] = team.slug
    context = {
        "progress": package_selectors.team_package_progress(team, adopted_only=True),
        "next_items": package_selectors.team_next_items(team),
        "overdue": package_selectors.team_overdue(team),
        "mine": package_selectors.team_assigned_to(team, request.user),
        "today": timezone.localdate(),
        "panels": dashboard_panels(request),
    }
    return render(request, "teams/dashboard.html", context)


@team_view(COORDINATOR)
def team_settings(request: TeamRequest):
    form = TeamForm(request.POST or None, instance=request.team)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("teams:settings", team_slug=request.team.slug)
    return render(request, "teams/team_form.html", {"form": form, "creating": False})


@team_view()
def members(request: TeamRequest):
    team = request.team
    memberships = team.memberships.select_related("user").order_by("user__name")
    context = {"memberships": memberships, "Role": Membership.Role}
    if request.membership.is_coordinator:
        context["invitations"] = team.invitations.usable().select_related("created_by")
        context["invitation_form"] = InvitationForm()
        context["hand_on_form"] = HandOnForm(membership=request.membership)
        context["site_url"] = request.build_absolute_uri("/").rstrip("/")
    return render(request, "teams/members.html", context)


@team_view(COORDINATOR)
@require_POST
def invitation_create(request: TeamRequest):
    form = InvitationForm(request.POST)
    if form.is_valid():
        services.invitation_create(
            team=request.team,
            role=form.cleaned_data["role"],
            created_by=request.user,
            days=form.cleaned_data["days"],
        )
        messages.success(request, _("A new invitation link has been created. Share it with care."))
    else:
        messages.error(request, _("The invitation could not be created. Please check the values."))
    return redirect("teams:members", team_slug=request.team.slug)


@team_view(COORDINATOR)
@require_POST
def invitation_revoke(request: TeamRequest, invitation_id: int):
    invitation = team_object_or_404(request, Invitation, pk=invitation_id)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation link has been revoked and no longer works."))
    return redirect("teams:members", team_slug=request.team.slug)


@team_view(COORDINATOR)
@require_POST
def member_role(request: TeamRequest, membership_id: int):
    membership = team_object_or_404(request, Membership, pk=membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(membership=membership, role=form.cleaned_data["role"])
            messages.success(request, _("The role has been changed."))
        except services.TeamRuleError:
            messages.error(
                request, _("The team needs at least one coordinator. Appoint another one first.")
            )
    else:
        messages.error(request, _("Please choose a valid role."))
    return redirect("teams:members", team_slug=request.team.slug)


@team_view(COORDINATOR)
@require_POST
def member_remove(request: TeamRequest, membership_id: int):
    membership = team_object_or_404(request, Membership, pk=membership_id)
    try:
        services.membership_remove(membership=membership)
    except services.TeamRuleError:
        messages.error(
            request, _("The team needs at least one coordinator. Appoint another one first.")
        )
        return redirect("teams:members", team_slug=request.team.slug)
    if membership.user_id == request.user.pk:
        messages.success(request, _("You have left the team."))
        return redirect("home")
    messages.success(request, _("The member has been removed from the team."))
    return redirect("teams:members", team_slug=request.team.slug)


@team_view(COORDINATOR)
@require_POST
def hand_on(request: TeamRequest):
    form = HandOnForm(request.POST, membership=request.membership)
    if form.is_valid():
        services.coordinator_hand_on(
            current=request.membership, successor=form.cleaned_data["successor"]
        )
        messages.success(request, _("The coordinator role has been handed on."))
    else:
        messages.error(request, _("Please choose who takes over."))
    return redirect("teams:members", team_slug=request.team.slug)


@team_view()
def leave(request: TeamRequest):
    blocked = (
        request.membership.is_coordinator
        and not request.team.memberships.filter(role=Membership.Role.COORDINATOR)
        .exclude(pk=request.membership.pk)
        .exists()
    )
    if request.method == "POST" and not blocked:
        services.membership_remove(membership=request.membership)
        messages.success(request, _("You have left the team."))
        return redirect("home")
    return render(request, "teams/leave.html", {"blocked": blocked}, status=200)


def _chunks(handle, size: int = 64 * 1024):
    """The open file in pieces, closed at the end (a streamed download)."""
    with handle:
        while chunk := handle.read(size):
            yield chunk


@team_view(COORDINATOR)
def export(request: TeamRequest):
    if request.method == "POST":
        archive = team_export_file(request.team)
        size = archive.seek(0, 2)
        archive.seek(0)
        stamp = timezone.localdate().isoformat()
        name = f"Klimapakete – {request.team.name} – {stamp}.zip"
        response = download_response(_chunks(archive), filename=name, personal=True)
        response["Content-Length"] = str(size)
        return response
    return render(request, "teams/export.html")


@team_view(COORDINATOR)
def delete(request: TeamRequest):
    form = TeamDeleteForm(request.POST or None, team=request.team)
    if request.method == "POST" and form.is_valid():
        name = request.team.name
        services.team_delete(team=request.team)
        request.session.pop("last_team", None)
        messages.success(
            request,
            _("The team “%(name)s” and all its data have been deleted.") % {"name": name},
        )
        return redirect("home")
    return render(request, "teams/delete.html", {"form": form})


def invitation(request, token: str):
    """The page behind an invitation link: join, or sign up and join."""
    # Tokens are URL-safe base64; anything else (e.g. a NUL byte, which PostgreSQL
    # rejects) cannot be one of ours.
    invitation = None
    if _TOKEN_RE.fullmatch(token):
        invitation = Invitation.objects.select_related("team").filter(token=token).first()
    if invitation is None:
        return render(request, "teams/invitation_invalid.html", {"reason": "unknown"}, status=404)
    if not invitation.is_usable:
        reason = "revoked" if invitation.is_revoked else "expired"
        return render(request, "teams/invitation_invalid.html", {"reason": reason}, status=410)

    team = invitation.team
    if request.user.is_authenticated:
        if request.user.memberships.filter(team=team).exists():
            messages.info(request, _("You are already a member of this team."))
            return redirect("teams:dashboard", team_slug=team.slug)
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=request.user)
            messages.success(request, _("Welcome to %(team)s!") % {"team": team.name})
            return redirect("teams:dashboard", team_slug=team.slug)
        return render(request, "teams/invitation.html", {"invitation": invitation})

    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same page for a new and a taken address; the team is joined from the mail.
        form.signup_request(request=request, invitation_token=invitation.token)
        return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]})
    login_url = f"{reverse('accounts:login')}?next={request.path}"
    return render(
        request,
        "teams/invitation.html",
        {"invitation": invitation, "form": form, "login_url": login_url},
    )
