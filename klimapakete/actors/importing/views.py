"""Import actors and relationships from CSV/TSV/XLSX/ODS (upload → column mapping → preview →
all-or-nothing import), and export them to CSV and XLSX.

Between the steps the parsed table lives in the user's session (database-backed, so it
never touches a public place on disk), under a key per team, for at most an hour; it is
removed as soon as the import is done or cancelled.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from klimapakete.actors.directory import selectors
from klimapakete.actors.directory.forms import ActorFilterForm
from klimapakete.actors.importing import plan as import_plan
from klimapakete.actors.importing import services as import_services
from klimapakete.actors.importing.forms import (
    TARGET_LABELS,
    MappingForm,
    SectorMappingForm,
    UploadForm,
    ValueMappingForm,
)
from klimapakete.actors.messages import IMPORT_MESSAGES
from klimapakete.actors.models import Actor, Ladder, Relationship, Stance
from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message
from klimapakete.core.tables import read_upload, warning_messages
from klimapakete.tables import Table, TableError, csv_lines, xlsx_file
from klimapakete.teams.access import TeamRequest, team_view

SESSION_TTL = 3600  # seconds an uploaded table is kept between the steps


PREVIEW_ROWS = 20


MAX_ERRORS_SHOWN = 1000


WHAT = ("actors", "relationships")


STRENGTH_LABELS = {1: gettext_lazy("weak"), 2: gettext_lazy("medium"), 3: gettext_lazy("strong")}


SCALE_LABELS = {
    1: gettext_lazy("1 – very low"),
    2: gettext_lazy("2 – low"),
    3: gettext_lazy("3 – medium"),
    4: gettext_lazy("4 – high"),
    5: gettext_lazy("5 – very high"),
}


def _value_choices() -> dict[str, list]:
    """The valid values of each column whose other words the preview maps."""
    scale = list(SCALE_LABELS.items())
    return {"stance": list(Stance.choices), "power": scale, "ease": scale}


def _session_key(team) -> str:
    return f"actors_import:{team.pk}"


def _stored(request) -> dict | None:
    """The upload in progress for this team, or None (also when it has expired)."""
    data = request.session.get(_session_key(request.team))
    if data and time.time() - data.get("at", 0) > SESSION_TTL:
        _discard(request)
        messages.info(
            request, _("The uploaded file was discarded after an hour. Please upload it again.")
        )
        return None
    return data


def _store(request, data: dict) -> None:
    request.session[_session_key(request.team)] = data


def _discard(request) -> None:
    request.session.pop(_session_key(request.team), None)


def _both_languages(labels) -> list[str]:
    """Labels in the user's language and in English (files come in either)."""
    out = [str(label) for label in labels]
    with translation.override("en"):
        out += [str(label) for label in labels]
    return out


def _choice_words(choices) -> dict[str, object]:
    """Choice labels in the user's language and in English, mapped to their values."""
    words = {str(label): value for value, label in choices}
    with translation.override("en"):
        words.update({str(label): value for value, label in choices})
    return words


def _words(what: str) -> dict[str, dict]:
    if what == "actors":
        return {
            "kind": _choice_words(Actor.Kind.choices),
            "stance": _choice_words(Stance.choices),
            "ladder": _choice_words(Ladder.choices),
        }
    return {
        "kind": _choice_words(Relationship.Kind.choices),
        "strength": _choice_words(STRENGTH_LABELS.items()),
    }


def _guess(table: Table, what: str) -> list[str]:
    extra = {target: _both_languages([label]) for target, label in TARGET_LABELS[what].items()}
    return import_plan.guess_mapping(table.header, what, extra)


def _allowed(code: str, context) -> str:
    if code == "bad_stance":
        labels = [str(label) for _v, label in Stance.choices]
        return ", ".join(["-2 … 2", "--", "-", "0", "+", "++", *labels])
    if code == "bad_ladder":
        return ", ".join(["1 … 6", *(str(label) for _v, label in Ladder.choices)])
    if code == "unknown_kind":
        return ", ".join(str(label) for _v, label in Actor.Kind.choices)
    if code == "unknown_sector":
        return ", ".join(context.sector_names) or "—"
    if code == "bad_relationship_kind":
        return ", ".join(str(label) for _v, label in Relationship.Kind.choices)
    if code == "bad_strength":
        return ", ".join(["1 … 3", *(str(label) for label in STRENGTH_LABELS.values())])
    return ""


def _error_text(error: import_plan.RowError, what: str, context) -> str:
    params = {
        **error.params,
        "field": str(TARGET_LABELS[what].get(error.target, error.target)),
        "allowed": _allowed(error.code, context),
    }
    return IMPORT_MESSAGES.sentence(error.code, params)


@team_view()
def import_start(request: TeamRequest):
    team = request.team
    initial = {"what": request.GET.get("what")} if request.GET.get("what") in WHAT else {}
    form = UploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_upload(upload, sheet=form.cleaned_data["sheet"].strip())
        except TableError as error:
            form.add_error("file", error_message(error))
        else:
            what = form.cleaned_data["what"]
            _store(
                request,
                {
                    "what": what,
                    "filename": (upload.name or "")[:200],
                    "table": table.to_dict(),
                    "mapping": _guess(table, what),
                    "duplicates": "skip",
                    "create_sectors": False,
                    "at": time.time(),
                },
            )
            return redirect("actors:import_map", team_slug=team.slug)
    return render(
        request,
        "actors/import.html",
        {"form": form, "pending": _stored(request), "query": request.GET.urlencode()},
    )


@team_view()
def import_map(request: TeamRequest):
    data = _stored(request)
    if data is None:
        return redirect("actors:import", team_slug=request.team.slug)
    table = Table.from_dict(data["table"])
    what = data["what"]
    initial = {"duplicates": data["duplicates"], "create_sectors": data["create_sectors"]}
    form = MappingForm(
        request.POST or None,
        table=table,
        what=what,
        initial_mapping=data["mapping"],
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data.update(
            mapping=form.cleaned_data["mapping"],
            duplicates=form.cleaned_data["duplicates"],
            create_sectors=bool(form.cleaned_data.get("create_sectors")),
        )
        _store(request, data)
        return redirect("actors:import_preview", team_slug=request.team.slug)
    return render(
        request,
        "actors/import_map.html",
        {"form": form, "data": data, "table": table, "what": what},
        status=400 if form.is_bound else 200,
    )


def _plan(team, data: dict):
    """Check the stored table against the team's data (a few queries)."""
    table = Table.from_dict(data["table"])
    what = data["what"]
    if what == "actors":
        context = import_services.actor_context(team=team, words=_words(what))
        plan = import_plan.plan_actors(
            table,
            data["mapping"],
            context,
            create_sectors=data["create_sectors"],
            duplicates=data["duplicates"],
            sector_choices=data.get("sector_choices"),
            value_choices=data.get("value_choices"),
        )
    else:
        context = import_services.relationship_context(team=team, words=_words(what))
        plan = import_plan.plan_relationships(
            table, data["mapping"], context, duplicates=data["duplicates"]
        )
    return plan, context


def _display(target: str, value, what: str) -> str:
    if value is None or value == "":
        return ""
    if what == "actors":
        if target == "kind":
            return str(Actor.Kind(value).label)
        if target == "stance":
            return str(Stance(value).label)
        if target == "ladder":
            return str(Ladder(value).label)
        if target == "is_team_contact":
            return _("yes") if value else _("no")
    else:
        if target == "kind":
            return str(Relationship.Kind(value).label)
        if target == "strength":
            return str(STRENGTH_LABELS[value])
    return str(value)


ACTION_LABELS = {
    "create": gettext_lazy("new"),
    "update": gettext_lazy("update"),
    "skip": gettext_lazy("skip (exists)"),
}


def _preview_context(request, data: dict, plan, context) -> dict:
    what = data["what"]
    labels = TARGET_LABELS[what]
    # The first name is shown as part of the name.
    targets = [t for t in labels if t in plan.mapped and t != "first_name"]
    if what == "actors" and "kind" not in targets:
        targets.insert(1, "kind")
    rows = [
        {
            "row": row.row,
            "action": row.action,
            "action_label": ACTION_LABELS[row.action],
            "cells": [_display(t, row.display.get(t), what) for t in targets],
        }
        for row in plan.rows[:PREVIEW_ROWS]
    ]
    errors = [_error_text(e, what, context) for e in plan.errors[:MAX_ERRORS_SHOWN]]
    return {
        "data": data,
        "what": what,
        "warnings": warning_messages(Table.from_dict(data["table"])),
        "headings": [labels[t] for t in targets],
        "rows": rows,
        "errors": errors,
        "error_count": len(plan.errors),
        "more_errors": max(0, len(plan.errors) - MAX_ERRORS_SHOWN),
        "counts": plan.counts,
        "total": len(plan.rows),
        "new_sectors": list(getattr(plan, "new_sectors", {}).values()),
        "sector_form": (
            SectorMappingForm(values=plan.sector_values, sectors=context.sector_by_id)
            if getattr(plan, "sector_values", None)
            else None
        ),
        "value_form": (
            ValueMappingForm(values=plan.unknown_values, choices=_value_choices())
            if getattr(plan, "unknown_values", None)
            else None
        ),
        "new_organisations": list(getattr(plan, "new_organisations", {}).values()),
        "error_rows": len({e.row for e in plan.errors}),
    }


@team_view()
def import_preview(request: TeamRequest):
    team = request.team
    data = _stored(request)
    if data is None:
        return redirect("actors:import", team_slug=team.slug)
    if request.method == "POST":
        skip_errors = request.POST.get("on_error") == "skip"
        try:
            if data["what"] == "actors":
                plan = import_services.actors_import(
                    team=team,
                    user=request.user,
                    table=Table.from_dict(data["table"]),
                    mapping=data["mapping"],
                    create_sectors=data["create_sectors"],
                    duplicates=data["duplicates"],
                    words=_words("actors"),
                    sector_choices=data.get("sector_choices"),
                    value_choices=data.get("value_choices"),
                    skip_errors=skip_errors,
                )
            else:
                plan = import_services.relationships_import(
                    team=team,
                    table=Table.from_dict(data["table"]),
                    mapping=data["mapping"],
                    duplicates=data["duplicates"],
                    words=_words("relationships"),
                    skip_errors=skip_errors,
                )
        except import_services.ImportRejected as error:
            messages.error(request, error_message(error))
        except DatabaseError:
            messages.error(
                request,
                _("Nothing was imported: the data changed meanwhile. Please try again."),
            )
        else:
            _discard(request)
            counts = plan.counts
            messages.success(
                request,
                _("Import done: %(created)s new, %(updated)s updated, %(skipped)s skipped.")
                % {
                    "created": counts["create"],
                    "updated": counts["update"],
                    "skipped": counts["skip"],
                },
            )
            organisations = len(getattr(plan, "new_organisations", {}))
            if organisations:
                messages.success(
                    request,
                    ngettext(
                        "Besides, %(count)s organisation named in the file was added as an "
                        "actor of its own.",
                        "Besides, %(count)s organisations named in the file were added as "
                        "actors of their own.",
                        organisations,
                    )
                    % {"count": organisations},
                )
            if plan.skipped_rows:
                messages.warning(request, _skipped_text(plan.skipped_rows))
            return redirect("actors:list", team_slug=team.slug)
    plan, context = _plan(team, data)
    return render(
        request,
        "actors/import_preview.html",
        _preview_context(request, data, plan, context),
        status=400 if request.method == "POST" else 200,
    )


@team_view()
@require_POST
def import_sectors(request: TeamRequest):
    """Store what each sector value of the file becomes, then show the preview again."""
    team = request.team
    data = _stored(request)
    if data is None or data["what"] != "actors":
        return redirect("actors:import", team_slug=team.slug)
    plan, context = _plan(team, data)
    form = SectorMappingForm(request.POST, values=plan.sector_values, sectors=context.sector_by_id)
    if form.is_valid():
        data["sector_choices"] = form.choices()
        _store(request, data)
        return redirect("actors:import_preview", team_slug=team.slug)
    context_data = _preview_context(request, data, plan, context)
    context_data["sector_form"] = form
    return render(request, "actors/import_preview.html", context_data, status=400)


def _skipped_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_ERRORS_SHOWN])
    if len(rows) > MAX_ERRORS_SHOWN:
        shown += ", …"
    return ngettext(
        "%(count)s row with problems was skipped: row %(rows)s.",
        "%(count)s rows with problems were skipped: rows %(rows)s.",
        len(rows),
    ) % {"count": len(rows), "rows": shown}


@team_view()
@require_POST
def import_values(request: TeamRequest):
    """Store what each stance, power or ease value in other words becomes."""
    team = request.team
    data = _stored(request)
    if data is None or data["what"] != "actors":
        return redirect("actors:import", team_slug=team.slug)
    plan, context = _plan(team, data)
    form = ValueMappingForm(request.POST, values=plan.unknown_values, choices=_value_choices())
    if form.is_valid():
        chosen = data.get("value_choices") or {}
        for target, values in form.choices().items():
            chosen.setdefault(target, {}).update(values)
        data["value_choices"] = chosen
        _store(request, data)
        return redirect("actors:import_preview", team_slug=team.slug)
    context_data = _preview_context(request, data, plan, context)
    context_data["value_form"] = form
    return render(request, "actors/import_preview.html", context_data, status=400)


@team_view()
@require_POST
def import_cancel(request: TeamRequest):
    _discard(request)
    messages.info(request, _("The import was cancelled and the uploaded file discarded."))
    return redirect("actors:import", team_slug=request.team.slug)


def _export_filter(request) -> selectors.ActorFilter:
    form = ActorFilterForm(request.GET or None, team=request.team)
    if not form.is_valid():
        return selectors.ActorFilter()
    data = form.cleaned_data
    return selectors.ActorFilter(
        q=data["q"] or "",
        sector=data["sector"].pk if data["sector"] else None,
        kind=data["kind"] or "",
        stance=data["stance"],
        ladder=data["ladder"] or "",
        owner=data["owner"].pk if data["owner"] else None,
    )


def _download(request, name: str, fmt: str, header, rows) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    filename = f"{request.team.slug}-{name}-{stamp}.{fmt}"
    if fmt == "csv":
        # Streamed: a large map is never held in memory as one file.
        german = (translation.get_language() or "").startswith("de")
        lines = csv_lines(header, rows, delimiter=";" if german else ",")
        content = (line.encode("utf-8") for line in lines)
        content_type = "text/csv; charset=utf-8"
    else:
        # Written to a temporary file row by row and sent from there in blocks.
        content = xlsx_file(header, rows, title=name)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return download_response(content, filename=filename, content_type=content_type, personal=True)


@team_view()
@require_GET
def export_actors(request: TeamRequest, fmt: str):
    queryset = selectors.actor_queryset(request.team, _export_filter(request))
    labels = TARGET_LABELS["actors"]
    header = [str(labels[f]) for f in import_services.ACTOR_EXPORT_FIELDS]
    rows = import_services.actors_export_iter(queryset)
    return _download(request, "actors", fmt, header, rows)


@team_view()
@require_GET
def export_relationships(request: TeamRequest, fmt: str):
    labels = TARGET_LABELS["relationships"]
    header = [str(labels[f]) for f in import_services.RELATIONSHIP_EXPORT_FIELDS]
    rows = import_services.relationships_export_rows(team=request.team)
    return _download(request, "relationships", fmt, header, rows)
