from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.actors.directory import rows, selectors, services
from klimapakete.actors.directory.forms import (
    INLINE_FIELDS,
    ActorFieldForm,
    ActorFilterForm,
    ActorForm,
    ConversationForm,
    DigestForm,
    QuickActorForm,
    RelationshipForm,
    SectorForm,
)
from klimapakete.actors.models import Actor, Conversation, DigestOptOut, Relationship, Sector
from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message
from klimapakete.teams.access import TeamRequest, team_object_or_404, team_queryset, team_view

# Actors per page of the list (a team can have thousands).
PAGE_SIZE = 50
CONVERSATIONS_PER_PAGE = 20


def _actor(request, actor_id: int) -> Actor:
    return team_object_or_404(
        request,
        Actor.objects.select_related("sector", "organisation", "owner", "unit"),
        pk=actor_id,
    )


QUICK_OPEN = "quick"


def _back_to_quick_add(team):
    """The list with the quick-add panel open: teams add several actors in a row."""
    url = reverse("actors:list", kwargs={"team_slug": team.slug})
    return redirect(f"{url}?{QUICK_OPEN}=1#quick-add")


@team_view()
def actor_list(request: TeamRequest):
    team = request.team
    filter_form = ActorFilterForm(request.GET or None, team=team)
    flt = selectors.ActorFilter()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        flt = selectors.ActorFilter(
            q=data["q"] or "",
            sector=data["sector"].pk if data["sector"] else None,
            kind=data["kind"] or "",
            stance=data["stance"],
            ladder=data["ladder"] or "",
            owner=data["owner"].pk if data["owner"] else None,
            power=data["power"],
            quadrant=data["quadrant"] or "",
        )
    page = Paginator(selectors.actor_queryset(team, flt), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    # Back from a quick add: the panel stays open, ready for the next name.
    quick_open = query.pop(QUICK_OPEN, None) is not None
    quick_form = QuickActorForm(team=team)
    if quick_open:
        quick_form.fields["name"].widget.attrs["autofocus"] = True
    context = {
        "page": page,
        "rows": rows.rows(team, page.object_list),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "filter_form": filter_form,
        "quick_form": quick_form,
        "quick_open": quick_open or not page.paginator.count,
        "query": query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", QUICK_OPEN)),
    }
    if request.htmx and request.htmx.target == "actor-rows":
        return render(request, "actors/actor_list.html#rows", context)
    return render(request, "actors/actor_list.html", context)


@team_view()
def actor_create(request: TeamRequest):
    team = request.team
    quick = request.POST.get("quick") == "1"
    form_class = QuickActorForm if quick else ActorForm
    form = form_class(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            actor = services.actor_create(team=team, user=request.user, **form.cleaned_data)
        except services.ActorRuleError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("“%(name)s” has been added.") % {"name": actor.name})
            if quick:
                return _back_to_quick_add(team)
            return redirect("actors:detail", team_slug=team.slug, actor_id=actor.pk)
    if quick:
        messages.error(
            request,
            _("The actor could not be added: %(errors)s")
            % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)},
        )
        return _back_to_quick_add(team)
    return render(request, "actors/actor_form.html", {"form": form, "actor": None})


@team_view()
def actor_detail(request: TeamRequest, actor_id: int):
    return _detail(request, _actor(request, actor_id))


def _detail(request, actor, *, relationship_form=None, status=200):
    context = {
        "actor": actor,
        "relationships": selectors.actor_relationships(actor),
        # The log grows with every conversation: newest first, a page at a time.
        "conversations": Paginator(
            actor.conversations.select_related("held_by", "next_step_owner").order_by(
                "-date", "-pk"
            ),
            CONVERSATIONS_PER_PAGE,
        ).get_page(request.GET.get("conversations")),
        "people": actor.people.select_related("sector")
        if actor.kind == Actor.Kind.ORGANISATION
        else [],
        "changes": actor.changes.select_related("user")[:30],
        "relationship_form": relationship_form or RelationshipForm(team=request.team, actor=actor),
        "conversation_form": ConversationForm(
            team=request.team, initial={"date": timezone.localdate(), "held_by": request.user}
        ),
        "today": timezone.localdate(),
    }
    return render(request, "actors/actor_detail.html", context, status=status)


@team_view()
def actor_edit(request: TeamRequest, actor_id: int):
    actor = _actor(request, actor_id)
    form = ActorForm(request.POST or None, instance=actor, team=request.team)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        actor.refresh_from_db()
        # The form carries every field: saving it over someone else's change made since
        # it was opened would silently undo that change. Show it instead.
        loaded = request.POST.get("loaded")
        if loaded and loaded != actor.updated_at.isoformat():
            form.add_error(
                None,
                _(
                    "Someone changed this actor while you were editing. Please check the "
                    "details on the actor page; saving again overwrites their change."
                ),
            )
        else:
            try:
                services.actor_update(actor=actor, user=request.user, **values)
            except services.ActorRuleError as error:
                form.add_error(None, error_message(error))
            else:
                messages.success(request, _("Saved."))
                return redirect("actors:detail", team_slug=request.team.slug, actor_id=actor.pk)
    context = {"form": form, "actor": actor, "loaded": actor.updated_at.isoformat()}
    return render(request, "actors/actor_form.html", context)


def _with_field_url(team, actor: Actor) -> Actor:
    """The address of the inline editor of the actor's cell (``#cell_editor``)."""
    actor.field_url = reverse("actors:field", args=[team.slug, actor.pk])
    return actor


@team_view()
def actor_field(request: TeamRequest, actor_id: int):
    """Inline editing of one field in the actor list (htmx): GET the editor, POST to save."""
    actor = _with_field_url(request.team, _actor(request, actor_id))
    field = request.GET.get("field") or request.POST.get("field")
    if field not in INLINE_FIELDS:
        return HttpResponse(_("This field cannot be edited here."), status=400)
    context = {"actor": actor, "field": field}
    if request.method == "POST":
        form = ActorFieldForm(request.POST, instance=Actor(), team=request.team, field=field)
        if form.is_valid():
            try:
                services.actor_update(
                    actor=actor, user=request.user, **{field: form.cleaned_data[field]}
                )
            except services.ActorRuleError as error:
                context["error"] = error_message(error)
            else:
                return HttpResponse(rows.cell(request.team, actor.pk, field))
        else:
            context["error"] = "; ".join(e for errs in form.errors.values() for e in errs)
    if request.GET.get("cancel"):
        return HttpResponse(rows.cell(request.team, actor.pk, field))
    context["form"] = ActorFieldForm(instance=actor, team=request.team, field=field)
    return render(request, "actors/actor_list.html#cell_editor", context)


@team_view()
def actor_delete(request: TeamRequest, actor_id: int):
    actor = _actor(request, actor_id)
    if request.method == "POST":
        name = actor.name
        redacted = services.person_erase(actor=actor)
        messages.success(
            request,
            _("“%(name)s” and everything stored about them have been deleted.") % {"name": name},
        )
        if redacted:
            messages.info(
                request,
                _("The name was also removed from %(count)s other conversation entries.")
                % {"count": redacted},
            )
        return redirect("actors:list", team_slug=request.team.slug)
    mentions = len(selectors.person_export(actor)["mentioned_in_conversations"])
    return render(request, "actors/actor_delete.html", {"actor": actor, "mentions": mentions})


@team_view()
def actor_personal_export(request: TeamRequest, actor_id: int):
    """Everything stored about one actor, as JSON (for requests under Art. 15 GDPR)."""
    actor = _actor(request, actor_id)
    data = selectors.person_export(actor)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return download_response(body, filename=f"actor-{actor.pk}.json", personal=True)


@team_view()
@require_POST
def relationship_create(request: TeamRequest, actor_id: int):
    actor = _actor(request, actor_id)
    form = RelationshipForm(request.POST, team=request.team, actor=actor)
    error = ""
    if form.is_valid():
        other = form.cleaned_data["other"]
        source, target = (
            (actor, other) if form.cleaned_data["direction"] == "out" else (other, actor)
        )
        try:
            services.relationship_create(
                team=request.team,
                source=source,
                target=target,
                kind=form.cleaned_data["kind"],
                strength=form.cleaned_data["strength"],
                note=form.cleaned_data["note"],
            )
        except services.ActorRuleError as rule_error:
            error = error_message(rule_error)
        else:
            if request.htmx:
                return _relationship_panel(request, actor, added=True)
            messages.success(request, _("The relationship has been recorded."))
            return redirect("actors:detail", team_slug=request.team.slug, actor_id=actor.pk)
    if request.htmx:
        # htmx swaps only successful responses: the panel comes back open with the problem.
        return _relationship_panel(request, actor, form=form, error=error)
    if error:
        messages.error(request, error)
        return redirect("actors:detail", team_slug=request.team.slug, actor_id=actor.pk)
    # Shown with the form: several actors matching the typed name are offered there.
    return _detail(request, actor, relationship_form=form, status=400)


def _relationship_panel(request, actor, *, form=None, added=False, error=""):
    """The relationships section alone, its form open: a fresh one with the focus back in
    the actor picker after an addition, else the entered values with the problem."""
    if form is None:
        form = RelationshipForm(team=request.team, actor=actor)
        form.fields["other"].widget.attrs["autofocus"] = True
    context = {
        "actor": actor,
        "relationships": selectors.actor_relationships(actor),
        "relationship_form": form,
        "relationship_open": True,
        "relationship_added": added,
        "relationship_error": error,
    }
    return render(request, "actors/actor_detail.html#relationships", context)


@team_view()
@require_POST
def relationship_delete(request: TeamRequest, relationship_id: int):
    relationship = team_object_or_404(request, Relationship, pk=relationship_id)
    back = request.POST.get("actor") or relationship.source_id
    services.relationship_delete(relationship=relationship)
    messages.success(request, _("The relationship has been removed."))
    actor = team_queryset(request, Actor).filter(pk=back).first()
    if actor is None:
        return redirect("actors:list", team_slug=request.team.slug)
    return redirect("actors:detail", team_slug=request.team.slug, actor_id=actor.pk)


@team_view()
def conversation_create(request: TeamRequest, actor_id: int):
    actor = _actor(request, actor_id)
    form = ConversationForm(
        request.POST or None,
        team=request.team,
        initial={"date": timezone.localdate(), "held_by": request.user},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_save(
                team=request.team, actor=actor, conversation=None, **form.cleaned_data
            )
        except services.ActorRuleError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("The conversation has been logged."))
            return redirect("actors:detail", team_slug=request.team.slug, actor_id=actor.pk)
    return render(
        request,
        "actors/conversation_form.html",
        {"form": form, "actor": actor, "conversation": None},
    )


@team_view()
def conversation_edit(request: TeamRequest, conversation_id: int):
    conversation = team_object_or_404(
        request, Conversation.objects.select_related("actor"), pk=conversation_id
    )
    form = ConversationForm(request.POST or None, instance=conversation, team=request.team)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_save(
                team=request.team,
                actor=conversation.actor,
                conversation=conversation,
                **form.cleaned_data,
            )
        except services.ActorRuleError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(
                "actors:detail", team_slug=request.team.slug, actor_id=conversation.actor_id
            )
    context = {"form": form, "actor": conversation.actor, "conversation": conversation}
    return render(request, "actors/conversation_form.html", context)


@team_view()
@require_POST
def conversation_step_done(request: TeamRequest, conversation_id: int):
    conversation = team_object_or_404(request, Conversation, pk=conversation_id)
    services.conversation_step_done(
        conversation=conversation, done=request.POST.get("done", "1") == "1"
    )
    messages.success(request, _("The next step is marked as done."))
    target = request.POST.get("next")
    if target == "dashboard":
        return redirect("teams:dashboard", team_slug=request.team.slug)
    return redirect("actors:detail", team_slug=request.team.slug, actor_id=conversation.actor_id)


@team_view()
@require_POST
def conversation_delete(request: TeamRequest, conversation_id: int):
    conversation = team_object_or_404(request, Conversation, pk=conversation_id)
    actor_id = conversation.actor_id
    services.conversation_delete(conversation=conversation)
    messages.success(request, _("The conversation entry has been deleted."))
    return redirect("actors:detail", team_slug=request.team.slug, actor_id=actor_id)


@team_view()
def sector_list(request: TeamRequest):
    team = request.team
    form = SectorForm(
        request.POST or None, initial={"order": team.sectors.count() + 1}, prefix="new"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sector_save(team=team, sector=None, **form.cleaned_data)
        except services.ActorRuleError as error:
            form.add_error("name", error_message(error))
        else:
            messages.success(request, _("The sector has been added."))
            return redirect("actors:sectors", team_slug=team.slug)
    sectors = team.sectors.annotate(actor_count=Count("actors"))
    return render(request, "actors/sectors.html", {"form": form, "sectors": sectors})


@team_view()
def sector_edit(request: TeamRequest, sector_id: int):
    sector = team_object_or_404(request, Sector, pk=sector_id)
    form = SectorForm(request.POST or None, instance=sector)
    if request.method == "POST" and form.is_valid():
        try:
            services.sector_save(team=request.team, sector=sector, **form.cleaned_data)
        except services.ActorRuleError as error:
            form.add_error("name", error_message(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("actors:sectors", team_slug=request.team.slug)
    return render(request, "actors/sector_form.html", {"form": form, "sector": sector})


@team_view()
@require_POST
def sector_delete(request: TeamRequest, sector_id: int):
    sector = team_object_or_404(request, Sector, pk=sector_id)
    services.sector_delete(sector=sector)
    messages.success(request, _("The sector has been removed; its actors keep their data."))
    return redirect("actors:sectors", team_slug=request.team.slug)


@team_view()
def digest_settings(request: TeamRequest):
    team, user = request.team, request.user
    opted_out = DigestOptOut.objects.filter(team=team, user=user).exists()
    data = request.POST if request.method == "POST" else None
    form = DigestForm(data, initial={"receive": not opted_out})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["receive"]:
            DigestOptOut.objects.filter(team=team, user=user).delete()
            messages.success(request, _("You will receive the weekly digest of this team."))
        else:
            DigestOptOut.objects.get_or_create(team=team, user=user)
            messages.success(request, _("You will no longer receive the weekly digest."))
        return redirect("actors:digest_settings", team_slug=team.slug)
    return render(request, "actors/digest_settings.html", {"form": form})
