from __future__ import annotations

import json
import time

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from klimapakete.core import pickers
from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message
from klimapakete.core.mail import MailLimitError, outsider_mail_allow
from klimapakete.core.sender import sender_for
from klimapakete.documents import render_typst
from klimapakete.teams.access import COORDINATOR, TeamRequest, team_object_or_404, team_view
from klimapakete.workshops import ical, invitees, selectors, services
from klimapakete.workshops.forms import (
    ActionItemForm,
    ActorPickForm,
    AgendaBlockForm,
    GuestForm,
    InviteForm,
    MeetingForm,
    ParticipantForm,
    ParticipantsStatusForm,
    PlanForm,
    ReplanForm,
    ResultsForm,
    RoundTableForm,
    SwapForm,
    WorkshopForm,
)
from klimapakete.workshops.models import (
    ActionItem,
    AgendaBlock,
    CalendarFeed,
    Meeting,
    Participant,
    RoundTable,
    Workshop,
)

# The solver's error codes as sentences (the solver's own messages are English only).
PLAN_MESSAGES = {
    "no_participants": gettext_lazy(
        "Nobody is taking part yet. Add participants before planning the tables."
    ),
    "zero_rounds": gettext_lazy("Please plan at least one round."),
    "group_size_too_small": gettext_lazy(
        "A table needs at least 2 people; a group size of %(group_size)s is too small."
    ),
    "group_size_too_large": gettext_lazy(
        "The group size %(group_size)s is larger than the number of people taking part "
        "(%(participants)s)."
    ),
    "num_groups_invalid": gettext_lazy(
        "The number of tables (%(groups)s) does not fit the number of people taking part "
        "(%(participants)s)."
    ),
    "sector_too_large": gettext_lazy(
        "The sector “%(sector)s” has more people (%(members)s) than there are tables "
        "(%(groups)s), so some table gets two of them. Choose smaller tables, invite fewer "
        "people from this sector, or allow several people of a sector at one table."
    ),
    "too_many_hosts": gettext_lazy(
        "There are more table hosts (%(hosts)s) than tables (%(groups)s). Remove some host "
        "marks or choose smaller tables."
    ),
    "host_absent": gettext_lazy("A table host has cancelled. Remove the host mark first."),
    "too_many_held_rounds": gettext_lazy("More rounds are marked as held than the plan has."),
    "held_rounds_invalid": gettext_lazy("More rounds are marked as held than the plan has."),
}
PLAN_FALLBACK = gettext_lazy(
    "The tables could not be planned with these settings. Please check the rounds, the group "
    "size and the participants."
)
RULE_MESSAGES = {
    "no_such_round": gettext_lazy("This round does not exist in the plan."),
    "round_held": gettext_lazy("This round has already been held and stays as it was."),
    "not_seated": gettext_lazy("Both people must have a seat in this round."),
    "same_table": gettext_lazy("These two people already sit at the same table in this round."),
    "owner_not_member": gettext_lazy("Please choose a member of your team."),
    "foreign_sector": gettext_lazy("Please choose one of your team's sectors."),
    "participants_foreign": gettext_lazy(
        "Please choose participants of this workshop and a status; nothing changed."
    ),
}


def plan_message(error: services.PlanRuleError) -> str:
    template = PLAN_MESSAGES.get(error.code)
    if template is None:
        return str(PLAN_FALLBACK)
    try:
        return str(template) % error.params
    except (KeyError, TypeError):
        return str(PLAN_FALLBACK)


def _rule_message(error: services.WorkshopRuleError) -> str:
    return str(RULE_MESSAGES.get(error.code, PLAN_FALLBACK))


def _language() -> str:
    return translation.get_language() or "de"


def _workshop(request, workshop_id: int) -> Workshop:
    return team_object_or_404(request, Workshop, pk=workshop_id)


def _back(workshop: Workshop, name: str = "workshops:detail"):
    return redirect(name, team_slug=workshop.team.slug, workshop_id=workshop.pk)


# --- Workshops ---------------------------------------------------------------------------


@team_view()
def workshop_list(request: TeamRequest):
    context = {
        "workshops": selectors.workshops_of(request.team),
        "form": WorkshopForm(initial={"date": timezone.localdate()}),
    }
    return render(request, "workshops/workshop_list.html", context)


@team_view()
def workshop_create(request: TeamRequest):
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workshop = services.workshop_create(team=request.team, **form.cleaned_data)
        messages.success(request, _("The workshop has been created with the usual agenda."))
        return _back(workshop)
    status = 400 if request.method == "POST" else 200
    return render(request, "workshops/workshop_form.html", {"form": form}, status=status)


@team_view()
def workshop_detail(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    participants = selectors.participants_of(workshop)
    plan = selectors.plan_of(workshop)
    timed = selectors.agenda_with_times(workshop)
    counts = {
        status: sum(1 for p in participants if p.status == status)
        for status in Participant.Status.values
    }
    context = {
        "workshop": workshop,
        "participants": participants,
        "counts": counts,
        "plan": plan,
        "agenda": timed,
    }
    return render(request, "workshops/workshop_detail.html", context)


@team_view()
def workshop_edit(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    form = WorkshopForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        services.workshop_update(workshop=_workshop(request, workshop_id), **values)
        messages.success(request, _("Saved."))
        return _back(workshop)
    return render(request, "workshops/workshop_form.html", {"form": form, "workshop": workshop})


@team_view(COORDINATOR)
def workshop_delete(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    if request.method == "POST":
        services.workshop_delete(workshop=workshop)
        messages.success(
            request,
            _("The workshop, its participants and their personal links have been deleted."),
        )
        return redirect("workshops:list", team_slug=request.team.slug)
    return render(request, "workshops/workshop_delete.html", {"workshop": workshop})


# --- Participants ------------------------------------------------------------------------


@team_view()
def participants(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    people = selectors.participants_of(workshop)
    # People of the map who are not taking part yet: a search, never the whole map (a
    # large map has thousands); at most PICKER_RESULTS are offered at a time.
    invited = workshop.participants.filter(actor__isnull=False).values("actor_id")
    candidates = (
        request.team.actors.filter(kind="person").exclude(pk__in=invited).select_related("sector")
    )
    query = request.GET.get("q", "").strip()[:100]
    order = ("sector__order", "sector__name", "name", "pk")
    limit = pickers.limit()
    if query:
        found = pickers.search(candidates, ("name", "position", "sector__name"), order, query)
    else:
        found = list(candidates.order_by(*order)[: limit + 1])
    by_sector: dict = {}
    for actor in found[:limit]:
        by_sector.setdefault(actor.sector, []).append(actor)
    context = {
        "workshop": workshop,
        "participants": people,
        "actor_groups": [
            {"sector": sector, "actors": group} for sector, group in by_sector.items()
        ],
        "actor_query": query,
        "actor_more": len(found) > limit,
        "actor_shown": min(len(found), limit),
        "actor_total": candidates.count() if len(found) > limit else min(len(found), limit),
        "has_people": query or found or request.team.actors.filter(kind="person").exists(),
        "guest_form": GuestForm(team=request.team),
        "statuses": Participant.Status.choices,
        "today": timezone.localdate(),
    }
    if request.htmx and request.htmx.target == "actor-candidates":
        return render(request, "workshops/participants.html#candidates", context)
    return render(request, "workshops/participants.html", context)


@team_view()
@require_POST
def participants_add(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    form = ActorPickForm(request.POST, team=request.team)
    if form.is_valid():
        added = services.participants_add_actors(
            workshop=workshop, actors=form.cleaned_data["actors"]
        )
        messages.success(
            request,
            ngettext("%(count)s participant added.", "%(count)s participants added.", added)
            % {"count": added},
        )
    else:
        messages.error(request, _("Please choose at least one actor."))
    return _back(workshop, "workshops:participants")


@team_view()
def guest_add(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    form = GuestForm(request.POST or None, team=request.team)
    if request.method == "POST" and form.is_valid():
        try:
            guest = services.participant_add_guest(workshop=workshop, **form.cleaned_data)
        except services.WorkshopRuleError as error:
            form.add_error(None, _rule_message(error))
        else:
            messages.success(request, _("“%(name)s” has been added.") % {"name": guest.name})
            return _back(workshop, "workshops:participants")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "workshops/guest_form.html", {"form": form, "workshop": workshop}, status=status
    )


@team_view()
@require_POST
def participant_update(request: TeamRequest, participant_id: int):
    participant = team_object_or_404(
        request, Participant.objects.select_related("workshop__team"), pk=participant_id
    )
    form = ParticipantForm(request.POST, instance=Participant())
    if form.is_valid():
        services.participant_update(
            participant=participant,
            status=form.cleaned_data["status"],
            is_host=form.cleaned_data["is_host"],
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Please choose a status."))
    return _back(participant.workshop, "workshops:participants")


@team_view()
@require_POST
def participants_status(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    form = ParticipantsStatusForm(request.POST, workshop=workshop)
    if not form.is_valid():
        messages.error(request, str(RULE_MESSAGES["participants_foreign"]))
        return _back(workshop, "workshops:participants")
    try:
        changed = services.participants_set_status(
            workshop=workshop,
            participants=form.cleaned_data["participants"],
            status=form.cleaned_data["status"],
        )
    except services.WorkshopRuleError as error:
        messages.error(request, _rule_message(error))
    else:
        messages.success(
            request,
            ngettext(
                "Status set for %(count)s participant.",
                "Status set for %(count)s participants.",
                changed,
            )
            % {"count": changed},
        )
    return _back(workshop, "workshops:participants")


@team_view()
def participant_delete(request: TeamRequest, participant_id: int):
    participant = team_object_or_404(
        request, Participant.objects.select_related("workshop__team"), pk=participant_id
    )
    workshop = participant.workshop
    if request.method == "POST":
        name = participant.name
        services.participant_erase(participant=participant)
        messages.success(
            request,
            _("“%(name)s” and their personal data have been deleted from this workshop.")
            % {"name": name},
        )
        return _back(workshop, "workshops:participants")
    plan = selectors.plan_of(workshop)
    context = {
        "participant": participant,
        "workshop": workshop,
        "stored": json.dumps(
            selectors.participant_export(participant, plan),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        ),
    }
    return render(request, "workshops/participant_delete.html", context)


def _waiting_message(addresses: list[str]) -> str:
    return ngettext(
        "Not invited yet, waiting for confirmation: %(addresses)s. This address is not "
        "known to the team, so it got one mail asking to confirm; invite again once it "
        "has confirmed.",
        "Not invited yet, waiting for confirmation: %(addresses)s. These addresses are not "
        "known to the team, so each got one mail asking to confirm; invite again once they "
        "have confirmed.",
        len(addresses),
    ) % {"addresses": ", ".join(addresses)}


def address_confirm(request, token: str):
    """The link from the confirmation mail: someone agrees to get a team's invitations."""
    confirmation = invitees.confirmation_read(token)
    if confirmation is None:
        raise Http404
    done = confirmation.confirmed_at is not None
    if request.method == "POST":
        invitees.confirmation_confirm(confirmation=confirmation)
        done = True
    context = {"done": done, "team_name": confirmation.team.name, "email": confirmation.email}
    return render(request, "workshops/address_confirm.html", context)


@team_view()
@require_POST
def invitations_send(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    try:
        sent = services.invitations_send(
            workshop=workshop,
            language=_language(),
            sender=sender_for(request.team, request.user),
            user=request.user,
        )
    except MailLimitError as error:
        messages.error(request, error_message(error))
        return _back(workshop, "workshops:participants")
    waiting = invitees.unconfirmed(
        team=request.team,
        emails=list(
            workshop.participants.taking_part()
            .filter(invited_at__isnull=True)
            .exclude(email="")
            .values_list("email", flat=True)
        ),
    )
    if waiting:
        messages.warning(request, _waiting_message(waiting))
    if sent:
        messages.success(
            request,
            ngettext(
                "%(count)s invitation is being sent.", "%(count)s invitations are being sent.", sent
            )
            % {"count": sent},
        )
    else:
        messages.info(request, _("Everybody with an e-mail address has been invited already."))
    return _back(workshop, "workshops:participants")


# --- Agenda --------------------------------------------------------------------------------


@team_view()
def agenda(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    context = {
        "workshop": workshop,
        "agenda": selectors.agenda_with_times(workshop),
        "form": AgendaBlockForm(initial={"minutes": 15, "kind": AgendaBlock.Kind.OTHER}),
    }
    if request.htmx:
        return render(request, "workshops/agenda.html#blocks", context)
    return render(request, "workshops/agenda.html", context)


@team_view()
def agenda_add(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    form = AgendaBlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.agenda_block_add(workshop=workshop, **form.cleaned_data)
        return _back(workshop, "workshops:agenda")
    context = {"workshop": workshop, "agenda": selectors.agenda_with_times(workshop), "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "workshops/agenda.html", context, status=status)


def _block(request, block_id: int) -> AgendaBlock:
    return team_object_or_404(
        request, AgendaBlock.objects.select_related("workshop__team"), pk=block_id
    )


def _agenda_response(request, workshop: Workshop):
    if request.htmx:
        context = {"workshop": workshop, "agenda": selectors.agenda_with_times(workshop)}
        return render(request, "workshops/agenda.html#blocks", context)
    return _back(workshop, "workshops:agenda")


@team_view()
@require_POST
def agenda_block_edit(request: TeamRequest, block_id: int):
    block = _block(request, block_id)
    form = AgendaBlockForm(request.POST, instance=AgendaBlock())
    if form.is_valid():
        services.agenda_block_update(block=block, **form.cleaned_data)
    else:
        messages.error(request, _("Please give a title and a duration of 1 to 600 minutes."))
    return _agenda_response(request, block.workshop)


@team_view()
@require_POST
def agenda_block_move(request: TeamRequest, block_id: int):
    block = _block(request, block_id)
    services.agenda_block_move(block=block, direction=request.POST.get("direction", "down"))
    return _agenda_response(request, block.workshop)


@team_view()
@require_POST
def agenda_block_delete(request: TeamRequest, block_id: int):
    block = _block(request, block_id)
    services.agenda_block_delete(block=block)
    return _agenda_response(request, block.workshop)


# --- Breakout plan ---------------------------------------------------------------------------


def _plan_context(workshop: Workshop, **extra) -> dict:
    participants = selectors.participants_of(workshop)
    view = selectors.plan_view(workshop, participants)
    rounds = len(view.plan.rounds) if view.plan else 0
    context = {
        "workshop": workshop,
        "participants": participants,
        "taking_part": sum(1 for p in participants if p.taking_part),
        "view": view,
        "metrics": view.plan.metrics if view.plan else {},
        "plan_form": PlanForm(
            initial={
                "rounds": rounds or sum(1 for b in workshop.agenda.all() if b.kind == "round") or 4,
                "group_size": view.plan.group_size if view.plan else 5,
            }
        ),
        "swap_form": SwapForm(workshop=workshop, participants=participants),
        "replan_form": ReplanForm(
            rounds=rounds, initial={"held_rounds": view.plan.held_rounds if view.plan else 0}
        ),
    }
    context.update(extra)
    return context


@team_view()
def plan(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                services.plan_generate(workshop=workshop, **form.cleaned_data)
            except services.PlanRuleError as error:
                form.add_error(None, plan_message(error))
            else:
                messages.success(request, _("The tables have been planned."))
                return _back(workshop, "workshops:plan")
        context = _plan_context(workshop, plan_form=form)
        return render(request, "workshops/plan.html", context, status=400)
    return render(request, "workshops/plan.html", _plan_context(workshop))


def _stored_plan(request, workshop: Workshop):
    plan = selectors.plan_of(workshop)
    if plan is None:
        messages.error(request, _("Plan the tables first."))
    return plan


@team_view()
@require_POST
def plan_swap(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    plan = _stored_plan(request, workshop)
    if plan is None:
        return _back(workshop, "workshops:plan")
    form = SwapForm(request.POST, workshop=workshop)
    if form.is_valid():
        try:
            services.plan_swap(
                plan=plan,
                round_number=form.cleaned_data["round_number"],
                first=form.cleaned_data["first"],
                second=form.cleaned_data["second"],
            )
        except services.WorkshopRuleError as error:
            messages.error(request, _rule_message(error))
        else:
            messages.success(request, _("Swapped. The figures below are updated."))
            return _back(workshop, "workshops:plan")
    else:
        messages.error(request, _("Please choose a round and two people."))
    return render(request, "workshops/plan.html", _plan_context(workshop), status=400)


@team_view()
@require_POST
def plan_replan(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    plan = _stored_plan(request, workshop)
    if plan is None:
        return _back(workshop, "workshops:plan")
    form = ReplanForm(request.POST, rounds=len(plan.rounds))
    if form.is_valid():
        try:
            plan = services.plan_replan(plan=plan, held_rounds=form.cleaned_data["held_rounds"])
        except services.PlanRuleError as error:
            messages.error(request, plan_message(error))
        else:
            moved = len({m["id"] for m in plan.moves})
            messages.success(
                request,
                ngettext(
                    "The open rounds have been re-planned; %(count)s person changed tables.",
                    "The open rounds have been re-planned; %(count)s people changed tables.",
                    moved,
                )
                % {"count": moved},
            )
            return _back(workshop, "workshops:plan")
    context = _plan_context(workshop, replan_form=form)
    return render(request, "workshops/plan.html", context, status=400)


# --- Printables ------------------------------------------------------------------------------

PRINT_NAMES = {
    "tables": gettext_lazy("Table plan"),
    "cards": gettext_lazy("Name cards"),
    "schedules": gettext_lazy("Personal schedules"),
}


def _printable(request, workshop_id: int, document: str):
    workshop = _workshop(request, workshop_id)
    data = selectors.print_data(workshop, _language())
    started = time.perf_counter()
    pdf = render_typst(f"workshops/typst/{document}.typ", data)
    name = f"{PRINT_NAMES[document]} – {workshop.title} – {workshop.date:%Y-%m-%d}.pdf"
    # Names of the participants: personal data.
    response = download_response(pdf, filename=name, personal=True)
    response["Server-Timing"] = f"typst;dur={(time.perf_counter() - started) * 1000:.0f}"
    return response


@team_view()
def print_tables(request: TeamRequest, workshop_id: int):
    return _printable(request, workshop_id, "tables")


@team_view()
def print_cards(request: TeamRequest, workshop_id: int):
    return _printable(request, workshop_id, "cards")


@team_view()
def print_schedules(request: TeamRequest, workshop_id: int):
    return _printable(request, workshop_id, "schedules")


# --- Results -----------------------------------------------------------------------------------


@team_view()
def results(request: TeamRequest, workshop_id: int):
    workshop = _workshop(request, workshop_id)
    form = ResultsForm(request.POST or None, instance=workshop)
    if request.method == "POST" and form.is_valid():
        services.results_save(workshop=_workshop(request, workshop_id), **form.cleaned_data)
        messages.success(request, _("The results have been saved."))
        return _back(workshop, "workshops:results")
    return render(request, "workshops/results.html", {"workshop": workshop, "form": form})


# --- Personal link (no account) ------------------------------------------------------------------


def personal(request, token: str):
    participant = (
        Participant.objects.select_related("workshop__team", "sector")
        .filter(token=token[:64])
        .first()
    )
    if participant is None:
        return render(request, "workshops/personal_invalid.html", {"expired": False}, status=404)
    workshop = participant.workshop
    if timezone.localdate() > workshop.links_expire_on:
        return render(request, "workshops/personal_invalid.html", {"expired": True}, status=410)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer in ("accept", "decline"):
            services.participant_respond(participant=participant, accept=answer == "accept")
            if answer == "accept":
                messages.success(request, _("Thank you! You have accepted the invitation."))
            else:
                messages.info(request, _("Thank you for letting us know. You have declined."))
            return redirect("workshop_personal", token=participant.token)
    plan = selectors.plan_of(workshop)
    blocks = list(workshop.agenda.all())
    starts = selectors.round_starts(workshop, blocks)
    context = {
        "participant": participant,
        "workshop": workshop,
        "team": workshop.team,
        "sender": sender_for(workshop.team),
        "schedule": (
            selectors.schedule_lines(plan, participant, starts) if participant.taking_part else []
        ),
        "planned": plan is not None,
        "agenda": selectors.agenda_with_times(workshop, blocks),
    }
    response = render(request, "workshops/personal.html", context)
    # Same-origin: the token never leaks to other sites, and form posts keep their Origin.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Round tables ------------------------------------------------------------------------------


@team_view()
def round_tables(request: TeamRequest):
    form = RoundTableForm(request.POST or None, initial={"first_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        table = services.round_table_create(team=request.team, **form.cleaned_data)
        messages.success(request, _("The round table has been created."))
        return redirect("workshops:roundtable", team_slug=request.team.slug, roundtable_id=table.pk)
    feed = services.calendar_feed_for(request.team)
    context = {
        "tables": selectors.round_tables_of(request.team),
        "form": form,
        "feed_url": selectors.feed_url(feed),
        "now": timezone.now(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "workshops/roundtables.html", context, status=status)


def _round_table(request, roundtable_id: int) -> RoundTable:
    return team_object_or_404(request, RoundTable, pk=roundtable_id)


@team_view()
def round_table(request: TeamRequest, roundtable_id: int):
    table = _round_table(request, roundtable_id)
    meetings = list(table.meetings.all())
    upcoming = services.occurrences(
        table, start=max(table.first_date, timezone.localdate()), count=4
    )
    open_items = list(
        table.action_items.exclude(status=ActionItem.Status.DONE).select_related("owner", "meeting")
    )
    context = {
        "table": table,
        "meetings": meetings,
        "upcoming": upcoming,
        "open_items": open_items,
        "feed_url": selectors.feed_url(services.calendar_feed_for(request.team)),
        "now": timezone.now(),
    }
    return render(request, "workshops/roundtable.html", context)


@team_view()
def round_table_edit(request: TeamRequest, roundtable_id: int):
    table = _round_table(request, roundtable_id)
    form = RoundTableForm(request.POST or None, instance=table)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        services.round_table_update(round_table=_round_table(request, roundtable_id), **values)
        messages.success(request, _("Saved."))
        return redirect("workshops:roundtable", team_slug=request.team.slug, roundtable_id=table.pk)
    return render(request, "workshops/roundtable_form.html", {"form": form, "table": table})


@team_view()
def round_table_delete(request: TeamRequest, roundtable_id: int):
    table = _round_table(request, roundtable_id)
    if request.method == "POST":
        table.delete()
        messages.success(request, _("The round table and its meetings have been deleted."))
        return redirect("workshops:roundtables", team_slug=request.team.slug)
    return render(request, "workshops/roundtable_delete.html", {"table": table})


@team_view()
@require_POST
def meeting_create(request: TeamRequest, roundtable_id: int):
    table = _round_table(request, roundtable_id)
    meeting = services.meeting_create(round_table=table)
    return redirect("workshops:meeting", team_slug=request.team.slug, meeting_id=meeting.pk)


def _meeting(request, meeting_id: int) -> Meeting:
    return team_object_or_404(
        request, Meeting.objects.select_related("round_table__team"), pk=meeting_id
    )


@team_view()
def meeting(request: TeamRequest, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_update(
            meeting=_meeting(request, meeting_id),
            place=form.cleaned_data["place"],
            minutes=form.cleaned_data["minutes"],
        )
        messages.success(request, _("The minutes have been saved."))
        return redirect("workshops:meeting", team_slug=request.team.slug, meeting_id=meeting.pk)
    new_items = list(meeting.action_items.select_related("owner"))
    context = {
        "meeting": meeting,
        "table": meeting.round_table,
        "form": form,
        "carried_over": selectors.open_items_before(meeting),
        "new_items": new_items,
        "item_form": ActionItemForm(team=request.team),
        "invite_form": InviteForm(),
        "statuses": ActionItem.Status.choices,
        "today": timezone.localdate(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "workshops/meeting.html", context, status=status)


@team_view()
def meeting_delete(request: TeamRequest, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    table = meeting.round_table
    if request.method == "POST":
        services.meeting_delete(meeting=meeting)
        messages.success(request, _("The meeting has been deleted."))
        return redirect("workshops:roundtable", team_slug=request.team.slug, roundtable_id=table.pk)
    return render(request, "workshops/meeting_delete.html", {"meeting": meeting, "table": table})


@team_view()
@require_POST
def action_item_add(request: TeamRequest, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    form = ActionItemForm(request.POST, team=request.team)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.action_item_create(
                meeting=meeting,
                title=data["title"],
                owner=data["owner"],
                due=data["due"],
                public=data["public"],
            )
            if data["status"] != item.status:
                services.action_item_update(item=item, status=data["status"])
        except services.WorkshopRuleError as error:
            messages.error(request, _rule_message(error))
        else:
            messages.success(request, _("The action item has been added."))
    else:
        messages.error(request, _("Please describe the action item."))
    return redirect("workshops:meeting", team_slug=request.team.slug, meeting_id=meeting.pk)


@team_view()
@require_POST
def action_item_update(request: TeamRequest, action_id: int):
    item = team_object_or_404(
        request, ActionItem.objects.select_related("round_table__team"), pk=action_id
    )
    status = request.POST.get("status")
    if status in ActionItem.Status.values:
        services.action_item_update(item=item, status=status, public="public" in request.POST)
        messages.success(request, _("Status updated."))
    else:
        messages.error(request, _("Please choose a status."))
    target = request.POST.get("meeting")
    meeting_id = int(target) if target and target.isdigit() else item.meeting_id
    meeting = Meeting.objects.filter(round_table=item.round_table, pk=meeting_id).first()
    return redirect(
        "workshops:meeting", team_slug=request.team.slug, meeting_id=(meeting or item.meeting).pk
    )


@team_view()
@require_POST
def meeting_invite(request: TeamRequest, meeting_id: int):
    meeting = _meeting(request, meeting_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        recipients = list(form.cleaned_data["addresses"])
        if form.cleaned_data["members"]:
            recipients += list(request.team.members.values_list("email", flat=True))
        recipients = list(dict.fromkeys(r for r in recipients if r))
        members = set(request.team.members.values_list("email", flat=True))
        # Typed-in strangers first confirm; they get a confirmation mail, not the invitation.
        waiting = invitees.unconfirmed(team=request.team, emails=recipients)
        asking = invitees.confirmations_to_send(team=request.team, emails=waiting)
        recipients = [r for r in recipients if r not in waiting]
        feed = services.calendar_feed_for(request.team)
        sender = sender_for(request.team, request.user)
        try:
            outsider_mail_allow(
                team=request.team,
                user=request.user,
                count=sum(1 for r in recipients if r not in members) + len(asking),
            )
        except MailLimitError as error:
            messages.error(request, error_message(error))
            return redirect("workshops:meeting", team_slug=request.team.slug, meeting_id=meeting.pk)
        invitees.confirmations_request(
            team=request.team, emails=asking, sender=sender, language=_language()
        )
        count = services.meeting_invite(
            meeting=meeting,
            recipients=recipients,
            language=_language(),
            feed_url=selectors.feed_url(feed),
            sender=sender,
        )
        messages.success(
            request,
            ngettext(
                "%(count)s invitation is being sent.",
                "%(count)s invitations are being sent.",
                count,
            )
            % {"count": count},
        )
        if waiting:
            messages.warning(request, _waiting_message(waiting))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("workshops:meeting", team_slug=request.team.slug, meeting_id=meeting.pk)


@team_view(COORDINATOR)
@require_POST
def calendar_feed_reset(request: TeamRequest):
    services.calendar_feed_reset(team=request.team)
    messages.success(request, _("The calendar has a new address; the old one no longer works."))
    return redirect("workshops:roundtables", team_slug=request.team.slug)


def ical_feed(request, token: str):
    feed = get_object_or_404(CalendarFeed.objects.select_related("team"), token=token[:64])
    team = feed.team
    body = ical.calendar(
        name=_("%(team)s – meetings") % {"team": team.name},
        events=selectors.calendar_events(team),
        now=timezone.now(),
    )
    response = download_response(body, filename="klimapakete.ics", inline=True, personal=False)
    response["X-Robots-Tag"] = "noindex"
    return response
