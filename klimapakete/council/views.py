"""Team pages of the climate-council builder (under /t/<team_slug>/council/)."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message
from klimapakete.documents import to_docx, to_pdf
from klimapakete.teams.access import COORDINATOR, TeamRequest, team_object_or_404, team_view

from . import chart, drafting, labels, selectors, services
from .diff import profile_diff
from .errors import CouncilError
from .forms import (
    PROBLEM_FIELDS,
    AdoptedTextForm,
    MeetingSeriesForm,
    MilestoneForm,
    ProfileForm,
    VersionForm,
    seat_formset,
)
from .messages import MESSAGES
from .models import Milestone, ProfileVersion
from .profile import Profile, profile_from_data, profile_problems, profile_warnings, seat_rows
from .rules import all_references, rules_for


def _to_profile(request, *, section: str = ""):
    return redirect(f"{_url(request, 'council:profile')}{section}")


def with_profile(view):
    """A view that needs the team's profile gets it as ``record``; without one, the team
    is sent to the start page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        record = selectors.profile_record(request.team)
        if record is None:
            return _to_profile(request)
        return view(request, record, *args, **kwargs)

    return wrapper


def _url(request, name: str) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"team_slug": request.team.slug})


def _problems(profile: Profile, rules) -> list:
    return profile_problems(profile, rules, max_seat_groups=settings.COUNCIL_MAX_SEAT_GROUPS)


def _sentences(codes) -> list[str]:
    return [MESSAGES.sentence(code, params) for code, params in codes]


def composition(profile: Profile, *, ident: str = "composition") -> dict:
    """The composition graphic and its legend for a template."""
    groups = chart.profile_groups(profile)
    title = _("Composition: %(seats)s, of which %(voting)s with a vote") % {
        "seats": labels.seats(profile.total_seats),
        "voting": profile.voting_seats,
    }
    legend = [
        {
            "swatch": index % len(chart.PALETTE),
            "seat": seat,
            "seats": count,
            "summary": labels.seat_summary(seat),
            "kind": labels.SEAT_GROUPS.get(seat.group, ""),
        }
        for index, (seat, count) in enumerate(seat_rows(profile))
    ]
    svg = chart.composition_svg(groups, title=title, ident=ident) if groups else ""
    return {"svg": mark_safe(svg), "title": title, "legend": legend}  # noqa: S308 - escaped


def _page(request, template: str, section: str, **context):
    context["section"] = section
    return render(request, template, context)


def _state_context(request) -> dict:
    rules = rules_for(request.team.federal_state)
    return {"rules": rules, "state": rules.state}


@team_view()
def profile(request: TeamRequest):
    record = selectors.profile_record(request.team)
    context = _state_context(request)
    if record is None:
        context["references"] = list(all_references().values())
        return _page(request, "council/start.html", "profile", **context)
    data = selectors.profile_of(record)
    milestones = selectors.milestones_of(record)
    path = selectors.status_path(record, milestones)
    context.update(
        record=record,
        profile=data,
        composition=composition(data),
        problems=_sentences(_problems(data, context["rules"])),
        warnings=_sentences(profile_warnings(data, context["rules"])),
        reference=all_references().get(data.reference),
        path=path,
        summary=labels.summary(data),
        references=list(all_references().values()),
    )
    return _page(request, "council/profile.html", "profile", **context)


@team_view()
@require_POST
def start(request: TeamRequest):
    reference = request.POST.get("reference", "")
    try:
        services.profile_start(team=request.team, user=request.user, reference=reference)
    except CouncilError as error:
        messages.error(request, error_message(error))
        return _to_profile(request)
    if reference:
        messages.success(
            request,
            _("Your profile starts from the example. Check every section and adapt it."),
        )
    return redirect("council:edit", team_slug=request.team.slug)


def _show_problems(form: ProfileForm, problems) -> list[str]:
    """Put each problem next to its field; return the ones that belong to no field."""
    general = []
    for code, params in problems:
        sentence = MESSAGES.sentence(code, params)
        field = PROBLEM_FIELDS.get(code)
        if field:
            form.add_error(field, sentence)
        else:
            general.append(sentence)
    return general


@team_view()
@with_profile
def edit(request: TeamRequest, record):
    rules = rules_for(request.team.federal_state)
    current = selectors.profile_of(record)
    general: list[str] = []
    if request.method == "POST":
        form = ProfileForm(request.POST, team=request.team)
        seats = seat_formset(data=request.POST)
        if form.is_valid() and seats.is_valid():
            data = form.to_profile(seats.seats(), reference=current.reference)
            try:
                services.profile_save(
                    record=record,
                    profile=data,
                    revision=form.cleaned_data["revision"],
                    user=request.user,
                    selection=form.cleaned_data["selection"],
                )
            except CouncilError as error:
                if error.code == "stale":
                    record.refresh_from_db()
                    posted = request.POST.copy()
                    posted["revision"] = str(record.revision)
                    form = ProfileForm(posted, team=request.team)
                    form.is_valid()
                    general = [error_message(error)]
                else:
                    general = _show_problems(form, error.problems)
            else:
                messages.success(request, _("The profile is saved."))
                return _to_profile(request)
        else:
            general = [_("Please correct the marked fields.")]
    else:
        initial = ProfileForm.initial_for(
            current, revision=record.revision, selection=record.selection_id
        )
        form = ProfileForm(initial=initial, team=request.team)
        seats = seat_formset(seats=current.seats)
        general = _show_problems(form, _problems(current, rules))
    context = {
        "record": record,
        "form": form,
        "seats": seats,
        "general": general,
        "rules": rules,
        "state": rules.state,
        "reference": all_references().get(current.reference),
        "hints": {
            key: selectors.reference_hints(key)
            for key in ("legal_form", "mandate", "composition", "chair", "term", "consultation")
        }
        | {"rhythm": selectors.reference_hints("rhythm")},
        "route_options": list(zip(form["route"], labels.ROUTE_HELP.values(), strict=True)),
    }
    return _page(request, "council/edit.html", "edit", **context)


# --------------------------------------------------------------------------- documents

DOCUMENT_FORMATS = {"pdf": to_pdf, "docx": to_docx}


def _document_state(request, record):
    """The profile, its rules, its problems and what each document still needs."""
    data = selectors.profile_of(record)
    rules = rules_for(request.team.federal_state)
    problems = _problems(data, rules)
    missing = {kind: drafting.missing_fields(kind, data) for kind in drafting.KINDS}
    return data, rules, problems, missing


@team_view()
@with_profile
def documents(request: TeamRequest, record):
    data, rules, problems, missing = _document_state(request, record)
    rows = []
    for kind in drafting.KINDS:
        title, description = labels.DOCUMENTS[kind]
        rows.append(
            {
                "kind": kind,
                "title": title,
                "description": description,
                "missing": [labels.FIELDS[name] for name in missing[kind]],
                "file": drafting.file_stem(kind, data, rules),
            }
        )
    context = {
        "record": record,
        "profile": data,
        "rows": rows,
        "problems": _sentences(problems),
        "outline": [
            (german, labels.CLAUSE_TITLES[key]) for key, german in drafting.statute_outline()
        ],
        "rules": rules,
    }
    return _page(request, "council/documents.html", "documents", **context)


@team_view()
def document(request: TeamRequest, kind: str, fmt: str):
    record = selectors.profile_record(request.team)
    if kind not in drafting.KINDS or record is None:
        raise Http404
    data, rules, problems, missing = _document_state(request, record)
    if problems or missing[kind]:
        messages.error(request, _("This document needs a complete profile first."))
        return redirect("council:documents", team_slug=request.team.slug)
    built = drafting.build(
        kind,
        data,
        rules,
        today=timezone.localdate(),
        team=request.team.name,
        place=request.team.municipality,
        references=tuple(all_references().values()),
    )
    body = DOCUMENT_FORMATS[fmt](built)
    filename = f"{drafting.file_stem(kind, data, rules)}.{fmt}"
    return download_response(body, filename=filename, personal=False)


# --------------------------------------------------------------------------- versions


@team_view()
@with_profile
def versions(request: TeamRequest, record):
    form = VersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_create(
                record=record, user=request.user, note=form.cleaned_data["note"]
            )
        except CouncilError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("Version %(number)s is kept.") % {"number": version.number})
            return redirect("council:versions", team_slug=request.team.slug)
    items = selectors.versions_of(record)
    draft = selectors.profile_of(record)
    rows = []
    for index, version in enumerate(items):
        data = profile_from_data(version.data)
        older = profile_from_data(items[index + 1].data) if index + 1 < len(items) else None
        rows.append(
            {
                "version": version,
                "changes": labels.change_sentences(profile_diff(older, data)) if older else [],
            }
        )
    unsaved = (
        labels.change_sentences(profile_diff(profile_from_data(items[0].data), draft))
        if items
        else []
    )
    context = {"record": record, "rows": rows, "form": form, "unsaved": unsaved}
    return _page(request, "council/versions.html", "versions", **context)


@team_view()
def version(request: TeamRequest, version_id: int):
    item = team_object_or_404(request, ProfileVersion, pk=version_id)
    record = item.profile
    data = profile_from_data(item.data)
    older = record.versions.filter(number__lt=item.number).order_by("-number").first()
    draft = selectors.profile_of(record)
    context = {
        "record": record,
        "version": item,
        "profile": data,
        "composition": composition(data, ident=f"composition-v{item.number}"),
        "older": older,
        "since_older": labels.change_sentences(profile_diff(profile_from_data(older.data), data))
        if older
        else [],
        "to_draft": labels.change_sentences(profile_diff(data, draft)),
        "summary": labels.summary(data),
    }
    return _page(request, "council/version.html", "versions", **context)


@team_view(COORDINATOR)
@require_POST
def version_delete(request: TeamRequest, version_id: int):
    item = team_object_or_404(request, ProfileVersion, pk=version_id)
    services.version_delete(version=item)
    messages.success(request, _("Version %(number)s is deleted.") % {"number": item.number})
    return redirect("council:versions", team_slug=request.team.slug)


# --------------------------------------------------------------------------- comparison, law


def _fact_cell(fact) -> dict:
    if not fact.known:
        return {"text": _("not found in the texts we read"), "status": "unknown"}
    text = f"{fact.value} ({fact.citation})" if fact.citation else fact.value
    return {"text": text, "status": fact.status.value}


def _reference_seats(council) -> dict:
    total = sum(s.count or 0 for s in council.seats)
    voting = sum(s.count or 0 for s in council.seats if s.voting is not False)
    text = _("%(seats)s, of which %(voting)s with a vote") % {
        "seats": labels.seats(total),
        "voting": voting,
    }
    if any(s.count is None for s in council.seats):
        text += " " + _("(plus seats per party group or left open)")
    return {"text": text, "status": "verified"}


def _reference_deadline(council) -> dict:
    if council.consultation_weeks is None:
        return {"text": _("no deadline found"), "status": "unknown"}
    text = labels.weeks(council.consultation_weeks)
    if council.consultation_min_days:
        text += ", " + _("at least %(days)s") % {"days": labels.days(council.consultation_min_days)}
    return {"text": text, "status": council.facts["consultation"].status.value}


def _team_cells(profile: Profile) -> dict[str, str]:
    summary = labels.summary(profile)
    deadline = (
        labels.weeks(profile.consultation_weeks)
        if profile.consultation and profile.consultation_weeks
        else _("no consultation right")
    )
    if profile.consultation and profile.consultation_min_days:
        deadline += ", " + _("at least %(days)s") % {
            "days": labels.days(profile.consultation_min_days)
        }
    return {
        "legal_form": str(summary["route"]),
        "seats": _("%(seats)s, of which %(voting)s with a vote")
        % {"seats": labels.seats(profile.total_seats), "voting": profile.voting_seats},
        "composition": "; ".join(
            f"{seat.label}: {labels.seat_summary(seat)}" for seat in profile.seats
        ),
        "chair": str(summary["chair"]),
        "term": summary["term"],
        "consultation": deadline,
        "rhythm": labels.meetings(profile.meetings_per_year or 0),
        "mandate": "; ".join(str(t) for t in summary["tasks"]),
    }


def comparison_rows(profile: Profile | None, councils) -> list[dict]:
    """Rows of the comparison table: the team's choice next to each reference council."""
    team = _team_cells(profile) if profile else {}
    spec = [
        ("legal_form", _("Legal form"), lambda c: _fact_cell(c.facts["legal_form"])),
        ("seats", _("Number of seats"), _reference_seats),
        ("composition", _("Composition"), lambda c: _fact_cell(c.facts["composition"])),
        ("chair", _("Chair"), lambda c: _fact_cell(c.facts["chair"])),
        ("term", _("Term of office"), lambda c: _fact_cell(c.facts["term"])),
        ("consultation", _("Consultation deadline"), _reference_deadline),
        ("rhythm", _("Meeting rhythm"), lambda c: _fact_cell(c.facts["rhythm"])),
        ("mandate", _("Tasks"), lambda c: _fact_cell(c.facts["mandate"])),
    ]
    return [
        {"label": label, "team": team.get(key, ""), "cells": [cell(c) for c in councils]}
        for key, label, cell in spec
    ]


@team_view()
def compare(request: TeamRequest):
    record = selectors.profile_record(request.team)
    councils = list(all_references().values())
    data = selectors.profile_of(record) if record else None
    context = {
        "record": record,
        "profile": data,
        "councils": councils,
        "rows": comparison_rows(data, councils),
    }
    return _page(request, "council/compare.html", "compare", **context)


@team_view()
def state_rules(request: TeamRequest):
    context = _state_context(request)
    context["record"] = selectors.profile_record(request.team)
    facts = context["rules"].facts
    context["facts"] = [(key, title, facts[key]) for key, title in labels.FACT_TITLES.items()]
    return _page(request, "council/rules.html", "rules", **context)


# --------------------------------------------------------------------------- status path


def _status_context(request, record, forms: dict | None = None) -> dict:
    milestones = selectors.milestones_of(record)
    path = selectors.status_path(record, milestones)
    data = selectors.profile_of(record)
    conversations = selectors.party_conversations(request.team)
    today = timezone.localdate()
    forms = forms or {}
    is_rejected = selectors.rejected(record, milestones)
    for stage in path:
        if stage.key in selectors.open_stages(path, is_rejected=is_rejected):
            stage.form = forms.get(stage.key) or MilestoneForm(
                initial={"stage": stage.key, "date": today}, conversations=conversations
            )
    return {
        "record": record,
        "profile": data,
        "path": path,
        "rejected": is_rejected,
        "adopted": selectors.adopted(record, milestones),
        "offers": selectors.offered_items(record, path, data),
        "has_conversations": conversations.exists(),
        "series_form": MeetingSeriesForm(),
        "text_form": AdoptedTextForm(),
    }


@team_view()
@with_profile
def status(request: TeamRequest, record):
    forms: dict = {}
    errors: list[str] = []
    if request.method == "POST":
        conversations = selectors.party_conversations(request.team)
        form = MilestoneForm(request.POST, request.FILES, conversations=conversations)
        if form.is_valid():
            values = form.cleaned_data
            try:
                services.milestone_record(
                    record=record,
                    user=request.user,
                    stage=values["stage"],
                    day=values["date"],
                    who=values["who"],
                    variant=values["variant"],
                    outcome=values["outcome"],
                    note=values["note"],
                    adopted_text=values["adopted_text"],
                    upload=values["upload"],
                    conversations=values["conversations"],
                )
            except CouncilError as error:
                errors.append(error_message(error))
            else:
                messages.success(request, _("The stage is recorded."))
                return redirect("council:status", team_slug=request.team.slug)
        else:
            errors.append(_("Please correct the marked fields."))
        if request.POST.get("stage") in Milestone.Stage.values:
            forms[request.POST["stage"]] = form
    context = _status_context(request, record, forms)
    context.update(errors=errors, error_stage=next(iter(forms), ""))
    return _page(request, "council/status.html", "status", **context)


@team_view()
@require_POST
def milestone_text(request: TeamRequest, milestone_id: int):
    milestone = team_object_or_404(request, Milestone.objects.defer("file_data"), pk=milestone_id)
    form = AdoptedTextForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.milestone_add_text(
                milestone=milestone,
                adopted_text=form.cleaned_data["adopted_text"],
                upload=form.cleaned_data["upload"],
            )
        except CouncilError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("The adopted text is saved."))
    else:
        messages.error(request, _("This change could not be saved."))
    return redirect("council:status", team_slug=request.team.slug)


@team_view()
def milestone_file(request: TeamRequest, milestone_id: int):
    milestone = team_object_or_404(request, Milestone, pk=milestone_id)
    if not milestone.file_name:
        raise Http404
    return download_response(
        bytes(milestone.file_data), filename=milestone.file_name, personal=False
    )


@team_view(COORDINATOR)
@require_POST
def milestone_delete(request: TeamRequest, milestone_id: int):
    milestone = team_object_or_404(request, Milestone.objects.defer("file_data"), pk=milestone_id)
    services.milestone_delete(milestone=milestone)
    messages.success(request, _("The entry is deleted."))
    return redirect("council:status", team_slug=request.team.slug)


@team_view()
@require_POST
@with_profile
def offers(request: TeamRequest, record):
    try:
        if "dismiss" in request.POST:
            services.offer_dismiss(record=record, item_id=int(request.POST["dismiss"]))
            messages.success(request, _("This item is no longer offered here."))
        else:
            ids = [int(i) for i in request.POST.getlist("items") if i.isdigit()]
            count = services.offers_confirm(record=record, user=request.user, item_ids=ids)
            messages.success(request, _("Checklist items ticked: %(n)s") % {"n": count})
    except (CouncilError, ValueError) as error:
        text = error_message(error) if isinstance(error, CouncilError) else None
        messages.error(request, text or _("This change could not be saved."))
    return redirect("council:status", team_slug=request.team.slug)


@team_view()
@require_POST
@with_profile
def meeting_series(request: TeamRequest, record):
    form = MeetingSeriesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date and time of the first meeting."))
        return redirect("council:status", team_slug=request.team.slug)
    try:
        series = services.meeting_series_create(record=record, **form.cleaned_data)
    except CouncilError as error:
        messages.error(request, error_message(error))
        return redirect("council:status", team_slug=request.team.slug)
    messages.success(request, _("The meeting series is created."))
    return redirect("workshops:roundtable", team_slug=request.team.slug, roundtable_id=series.pk)
