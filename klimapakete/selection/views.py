"""Team pages of the citizen selection (under /t/<team_slug>/selection/)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message, error_messages
from klimapakete.core.tables import column_words, read_upload, warning_messages
from klimapakete.documents import to_docx, to_pdf
from klimapakete.selection import documents, letter_codes, selectors
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.forms import (
    AddressDrawForm,
    DrawForm,
    RoundForm,
    SeedForm,
    SelectionCreateForm,
    SelectionSettingsForm,
    UploadForm,
    WithdrawForm,
)
from klimapakete.selection.messages import PLAN_MESSAGES
from klimapakete.selection.models import AddressDraw, Respondent, Run, Selection
from klimapakete.selection.services import addresses, draw, pool, quotas, retention, runs, setup
from klimapakete.tables import Table, TableError, auto_map, csv_lines, positions
from klimapakete.teams.access import COORDINATOR, team_object_or_404, team_view


def _read_upload(request, upload) -> Table | None:
    """The uploaded table, with its warnings shown; None (and the error shown) if it
    cannot be read."""
    try:
        table = read_upload(upload)
    except TableError as error:
        messages.error(request, error_message(error))
        return None
    for warning in warning_messages(table):
        messages.warning(request, warning)
    return table


def _selection(request, selection_id: int) -> Selection:
    return team_object_or_404(
        request, Selection.objects.select_related("team", "stratify_by"), pk=selection_id
    )


def _page(request, template: str, selection: Selection, section: str, **context):
    context.update(
        selection=selection,
        section=section,
        deletion_due=selectors.deletion_due(selection),
        reserves_kept=selectors.RESERVES_KEPT,
        can=selectors.selection_actions(selection),
        closed=selection.status == Selection.Status.CLOSED,
    )
    return render(request, template, context)


def _errors(request, error: SelectionError) -> None:
    for message in error_messages(error)[:20]:
        messages.error(request, message)


@team_view()
def selection_list(request):
    form = SelectionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selection = setup.selection_create(team=request.team, **form.cleaned_data)
        return redirect("selection:plan", request.team.slug, selection.pk)
    selections = request.team.selections.all()
    return render(request, "selection/list.html", {"selections": selections, "form": form})


@team_view()
def selection_detail(request, selection_id: int):
    selection = _selection(request, selection_id)
    run = selectors.latest_run(selection)
    return _page(
        request,
        "selection/detail.html",
        selection,
        "overview",
        respondent_count=selection.respondents.count(),
        category_count=selection.categories.count(),
        run=run,
        registration_url=request.build_absolute_uri(
            reverse("selection_public:register", args=[selection.registration_token])
        ),
        verification_url=request.build_absolute_uri(
            reverse("selection_public:verify", args=[selection.verification_token])
        ),
        log=selection.deletion_log.all()[:50],
    )


# --- plan -------------------------------------------------------------------------------


def _category_table(selection: Selection, extra: int = 4) -> list[list[str]]:
    rows = [
        [v.category.name, v.name, f"{v.population_share:g}", f"{v.response_rate:g}"]
        for v in selectors.quota_values(selection)
    ]
    return rows + [["", "", "", ""] for _i in range(extra)]


def _settings_initial(selection: Selection) -> dict:
    return {
        "title": selection.title,
        "panel_size": selection.panel_size,
        "letter_multiplier": selection.letter_multiplier,
        "retention_days": selection.retention_days,
        "members_kept_until": selection.members_kept_until,
        "stratify_by": selection.stratify_by_id,
        "special_categories": [c.pk for c in selection.categories.all() if c.special],
        "codes_per_letter": selection.codes_per_letter,
        **{name: getattr(selection, name) for name in setup.DETAIL_FIELDS},
    }


def _plan_page(request, selection: Selection, *, settings_form=None, upload_form=None, table=None):
    plan, plan_error = selectors.letter_plan(selection)
    return _page(
        request,
        "selection/plan.html",
        selection,
        "plan",
        settings_form=settings_form
        or SelectionSettingsForm(initial=_settings_initial(selection), selection=selection),
        upload_form=upload_form or UploadForm(),
        table=table if table is not None else _category_table(selection),
        plan=plan,
        plan_error=PLAN_MESSAGES.get(plan_error.code) if plan_error else None,
        has_respondents=selection.respondents.exists(),
        special_categories=[c.name for c in selection.categories.all() if c.special],
        gender_without_divers=selectors.gender_without_divers(selection),
    )


@team_view()
@require_safe
def selection_plan(request, selection_id: int):
    return _plan_page(request, _selection(request, selection_id))


@team_view()
@require_POST
def plan_settings(request, selection_id: int):
    selection = _selection(request, selection_id)
    form = SelectionSettingsForm(request.POST, selection=selection)
    if form.is_valid():
        cleaned = dict(form.cleaned_data)
        per_letter = cleaned.pop("codes_per_letter")
        try:
            letter_codes.mode_set(selection=selection, enabled=per_letter)
            setup.selection_update(selection=selection, **cleaned)
        except SelectionError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("selection:plan", request.team.slug, selection.pk)
    return _plan_page(request, selection, settings_form=form)


@team_view()
@require_POST
def plan_categories(request, selection_id: int):
    selection = _selection(request, selection_id)
    columns = [request.POST.getlist(f"c-{column}") for column in setup.CATEGORY_COLUMNS]
    rows = [list(r) for r in zip(*columns, strict=False)]
    try:
        setup.categories_replace(selection=selection, rows=setup.parse_category_rows(rows))
    except SelectionError as error:
        _errors(request, error)
        return _plan_page(request, selection, table=rows)
    messages.success(request, _("The categories have been saved."))
    return redirect("selection:plan", request.team.slug, selection.pk)


@team_view()
@require_POST
def plan_import(request, selection_id: int):
    selection = _selection(request, selection_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        uploaded = _read_upload(request, form.cleaned_data["file"])
        try:
            if uploaded is not None:
                setup.categories_replace(
                    selection=selection,
                    rows=setup.parse_category_rows(uploaded.rows, row_numbers=uploaded.numbers),
                )
        except SelectionError as error:
            _errors(request, error)
        else:
            if uploaded is not None:
                messages.success(request, _("The categories have been imported."))
                return redirect("selection:plan", request.team.slug, selection.pk)
    return _plan_page(request, selection, upload_form=form)


DOCUMENT_FORMATS = {"pdf": to_pdf, "docx": to_docx}


def _document_response(document, filename: str, fmt: str):
    body = DOCUMENT_FORMATS[fmt](document)
    return download_response(body, filename=f"{filename}.{fmt}", personal=False)


@team_view()
def request_document(request, selection_id: int, fmt: str):
    selection = _selection(request, selection_id)
    name = _("Request to the administration – %(title)s") % {"title": selection.title}
    return _document_response(documents.request_document(selection), name, fmt)


@team_view()
def letter_document(request, selection_id: int, fmt: str):
    selection = _selection(request, selection_id)
    register_url = request.build_absolute_uri(
        reverse("selection_public:register", args=[selection.registration_token])
    )
    name = _("Letter template – %(title)s") % {"title": selection.title}
    code_url = request.build_absolute_uri(reverse("selection_public:code"))
    document = documents.letter_document(selection, register_url=register_url, code_url=code_url)
    return _document_response(document, name, fmt)


# --- address draw -------------------------------------------------------------------------


@team_view()
def address_draws(request, selection_id: int):
    selection = _selection(request, selection_id)
    plan, plan_error = selectors.letter_plan(selection)
    form = AddressDrawForm(
        request.POST or None,
        request.FILES or None,
        initial={"column": selection.stratify_by.name if selection.stratify_by else ""},
    )
    if request.method == "POST" and form.is_valid():
        if plan is None:
            messages.error(request, error_message(SelectionError("no_plan")))
        else:
            extract = _read_upload(request, form.cleaned_data["file"])
            try:
                if extract is not None:
                    addresses.address_draw(
                        selection=selection,
                        header=extract.header,
                        rows=extract.rows,
                        numbers=extract.numbers,
                        column=form.cleaned_data["column"],
                        letters={s.name: s.letters for s in plan.strata},
                    )
            except SelectionError as error:
                _errors(request, error)
            else:
                if extract is not None:
                    messages.success(
                        request,
                        _("The addresses have been drawn; the extract was not stored."),
                    )
                    return redirect("selection:addresses", request.team.slug, selection.pk)
    return _page(
        request,
        "selection/addresses.html",
        selection,
        "addresses",
        form=form,
        plan=plan,
        draws=selection.address_draws.all(),
    )


def _address_record(request, selection: Selection, draw_id: int) -> AddressDraw:
    return team_object_or_404(request, selection.address_draws.all(), pk=draw_id)


@team_view()
def address_download(request, selection_id: int, draw_id: int):
    selection = _selection(request, selection_id)
    record = _address_record(request, selection, draw_id)
    body = (line.encode() for line in csv_lines(record.columns, record.rows, bom=False))
    name = _("Mail merge – %(title)s") % {"title": selection.title}
    return download_response(body, filename=f"{name}.csv", personal=True)


@team_view()
@require_POST
def address_delete(request, selection_id: int, draw_id: int):
    selection = _selection(request, selection_id)
    retention.address_draw_delete(record=_address_record(request, selection, draw_id))
    messages.success(request, _("The drawn addresses have been deleted."))
    return redirect("selection:addresses", request.team.slug, selection.pk)


# --- respondents ------------------------------------------------------------------------


@team_view()
def respondents(request, selection_id: int):
    selection = _selection(request, selection_id)
    listing = selectors.respondents_page(selection, request.GET.get("page"))
    return _page(
        request,
        "selection/respondents.html",
        selection,
        "respondents",
        page=listing.page,
        people=listing.page.object_list,
        duplicates=listing.duplicates,
        held=listing.held,
        categories=list(selection.categories.all()),
        registration_url=request.build_absolute_uri(
            reverse("selection_public:register", args=[selection.registration_token])
        ),
    )


IMPORT_SESSION = "selection-import-%s"


@dataclass
class _ImportState:
    """The uploaded table kept in the session, its column mapping and the preview."""

    categories: list
    fields: list[tuple[str, str]]
    stored: dict | None
    mapping: dict
    preview: pool.ImportPreview | None


def _import_state(request, selection: Selection) -> _ImportState:
    stored = request.session.get(IMPORT_SESSION % selection.pk)
    if stored and "table" not in stored:
        stored = None  # kept by an earlier version: upload again
    categories = list(selection.categories.all())
    columns = pool.respondent_columns([(c.name, []) for c in categories])
    fields = [(c.key, c.label) for c in columns]
    mapping: dict = {}
    preview = None
    if stored:
        table = Table.from_dict(stored["table"])
        header = table.header
        guessed = positions(auto_map(header, columns, extra=column_words(columns)))
        for field, _label in fields:
            chosen = request.POST.get(f"map-{field}") if request.method == "POST" else None
            if chosen is None:
                mapping[field] = guessed.get(field)
            elif chosen.isdigit() and int(chosen) < len(header):
                mapping[field] = int(chosen)
            else:
                mapping[field] = None
        preview = pool.respondents_preview(
            selection=selection,
            table=table,
            mapping=mapping,
            value_choices=_value_choices(request),
        )
    return _ImportState(categories, fields, stored, mapping, preview)


def _import_page(request, selection: Selection, upload_form=None):
    state = _import_state(request, selection)
    preview, stored = state.preview, state.stored
    return _page(
        request,
        "selection/import.html",
        selection,
        "respondents",
        upload_form=upload_form or UploadForm(),
        stored=stored,
        preview=preview,
        fields=[(f, label, state.mapping.get(f)) for f, label in state.fields],
        header=stored["table"]["header"] if stored else [],
        preview_rows=preview.rows[:20] if preview else [],
        category_names=[c.name for c in state.categories],
        unknown_values=_unknown_rows(preview, state.categories),
        no_answer_choice=VALUE_NO_ANSWER,
    )


@team_view()
@require_safe
def respondents_import(request, selection_id: int):
    return _import_page(request, _selection(request, selection_id))


@team_view()
@require_POST
def import_upload(request, selection_id: int):
    selection = _selection(request, selection_id)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        table = _read_upload(request, form.cleaned_data["file"])
        if table is not None:
            request.session[IMPORT_SESSION % selection.pk] = {"table": table.to_dict()}
    return _import_page(request, selection, upload_form=form)


@team_view()
@require_POST
def import_preview(request, selection_id: int):
    """The preview again, with the columns and values chosen in the form."""
    return _import_page(request, _selection(request, selection_id))


@team_view()
@require_POST
def import_confirm(request, selection_id: int):
    selection = _selection(request, selection_id)
    state = _import_state(request, selection)
    if state.preview is not None:
        try:
            count = pool.respondents_import(selection=selection, preview=state.preview)
        except SelectionError as error:
            _errors(request, error)
        else:
            request.session.pop(IMPORT_SESSION % selection.pk, None)
            messages.success(
                request,
                ngettext(
                    "%(count)s respondent has been imported.",
                    "%(count)s respondents have been imported.",
                    count,
                )
                % {"count": count},
            )
            return redirect("selection:respondents", request.team.slug, selection.pk)
    return _import_page(request, selection)


@team_view()
@require_POST
def import_cancel(request, selection_id: int):
    selection = _selection(request, selection_id)
    request.session.pop(IMPORT_SESSION % selection.pk, None)
    return redirect("selection:respondents", request.team.slug, selection.pk)


VALUE_NO_ANSWER = "-"  # the form's value for "keine Angabe" ("" is: not chosen yet)


def _value_choices(request) -> dict[str, dict[str, str]]:
    """What the team chose in the preview for values outside the categories: the form
    posts ``value-N`` with the category and the value's key in hidden fields."""
    chosen: dict[str, dict[str, str]] = {}
    if request.method != "POST":
        return chosen
    for n in range(pool.MAX_UNKNOWN_VALUES):
        category = request.POST.get(f"value-category-{n}")
        if category is None:
            break
        value = request.POST.get(f"value-{n}", "")
        if value:
            chosen.setdefault(category, {})[request.POST.get(f"value-key-{n}", "")] = (
                selectors.NO_ANSWER if value == VALUE_NO_ANSWER else value
            )
    return chosen


def _unknown_rows(preview, categories) -> list[dict]:
    if preview is None:
        return []
    values = {c.name: [v.name for v in c.values.all()] for c in categories}
    rows = []
    for unknown in preview.unknown[: pool.MAX_UNKNOWN_VALUES]:
        if unknown["choice"] is not None:
            selected = unknown["choice"] or VALUE_NO_ANSWER
        else:
            selected = unknown["suggested"] or ""
        rows.append(dict(unknown, values=values.get(unknown["category"], []), selected=selected))
    return rows


def _respondent(request, selection: Selection, respondent_id: int) -> Respondent:
    return team_object_or_404(request, selection.respondents.all(), pk=respondent_id)


@team_view()
def respondent_export(request, selection_id: int, respondent_id: int):
    selection = _selection(request, selection_id)
    respondent = _respondent(request, selection, respondent_id)
    body = selectors.as_json(selectors.respondent_personal_data(respondent=respondent))
    return download_response(body, filename=f"respondent-{respondent.number}.json", personal=True)


@team_view()
@require_POST
def respondent_keep(request, selection_id: int, respondent_id: int):
    selection = _selection(request, selection_id)
    respondent = _respondent(request, selection, respondent_id)
    try:
        pool.respondent_keep(respondent=respondent)
    except SelectionError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("Respondent %(number)s is in the pool as a person of their own.")
            % {"number": respondent.number},
        )
    return redirect("selection:respondents", request.team.slug, selection.pk)


@team_view()
@require_POST
def respondent_delete(request, selection_id: int, respondent_id: int):
    selection = _selection(request, selection_id)
    respondent = _respondent(request, selection, respondent_id)
    pool.respondent_delete(respondent=respondent)
    messages.success(
        request,
        _("The personal data of respondent %(number)s has been deleted.")
        % {"number": respondent.number},
    )
    return redirect("selection:respondents", request.team.slug, selection.pk)


# --- quotas -----------------------------------------------------------------------------


def _quota_context(selection: Selection, quotas=None, errors=None) -> dict:
    context = selectors.quota_overview(selection, quotas, errors)
    problems = context["problems"]
    context["problems"] = error_messages(SelectionError("x", problems=problems)) if problems else []
    return context


@team_view()
def quotas_page(request, selection_id: int):
    selection = _selection(request, selection_id)
    parsed = None
    errors = None
    if request.method == "POST":
        try:
            parsed = quotas.quotas_parse(selection=selection, data=request.POST)
            quotas.quotas_save(selection=selection, quotas=parsed)
        except SelectionError as error:
            errors = error.problems
        else:
            messages.success(request, _("The quotas have been saved."))
            return redirect("selection:quotas", request.team.slug, selection.pk)
    context = _quota_context(selection, parsed, errors)
    if errors:
        # Show what was typed, not what is stored.
        for row in context["rows"]:
            row["min"] = request.POST.get(f"min-{row['value'].pk}", row["min"])
            row["max"] = request.POST.get(f"max-{row['value'].pk}", row["max"])
    return _page(request, "selection/quotas.html", selection, "quotas", **context)


@team_view()
def quotas_check(request, selection_id: int):
    """The feasibility fragment for the quotas as typed (not saved)."""
    selection = _selection(request, selection_id)
    parsed, errors = None, None
    if request.method == "POST":
        try:
            parsed = quotas.quotas_parse(selection=selection, data=request.POST)
        except SelectionError as error:
            errors = error.problems
    context = _quota_context(selection, parsed, errors)
    context["selection"] = selection
    return render(request, "selection/quotas.html#feasibility", context)


@team_view()
@require_POST
def quotas_apply(request, selection_id: int):
    """Apply a suggested change (and the other quotas as typed)."""
    selection = _selection(request, selection_id)
    try:
        parsed = quotas.quotas_parse(selection=selection, data=request.POST)
        chosen = request.POST.get("apply", "")
        for value_id in list(parsed):
            if chosen not in ("all", str(value_id)):
                continue
            low, _sep, high = request.POST.get(f"suggest-{value_id}", "").partition("-")
            if all(n.isascii() and n.isdigit() and len(n) < 7 for n in (low, high)):
                parsed[value_id] = (int(low), int(high))
        quotas.quotas_save(selection=selection, quotas=parsed)
    except SelectionError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The suggested change has been applied and saved."))
    return redirect("selection:quotas", request.team.slug, selection.pk)


# --- computing ----------------------------------------------------------------------------


@team_view()
def compute(request, selection_id: int):
    selection = _selection(request, selection_id)
    if request.method == "POST":
        try:
            runs.run_start(selection=selection)
        except SelectionError as error:
            _errors(request, error)
        return redirect("selection:compute", request.team.slug, selection.pk)
    run = selectors.latest_run(selection)
    return _page(
        request,
        "selection/compute.html",
        selection,
        "compute",
        run=run,
        **selectors.run_result(selection, run),
    )


def _run(request, selection: Selection, run_id: int) -> Run:
    return team_object_or_404(request, selection.runs.all(), pk=run_id)


@team_view()
def run_progress(request, selection_id: int, run_id: int):
    selection = _selection(request, selection_id)
    run = _run(request, selection, run_id)
    if not request.htmx:
        return redirect("selection:compute", request.team.slug, selection.pk)
    response = render(
        request, "selection/compute.html#progress", {"run": run, "selection": selection}
    )
    if not run.active:
        # Finished: reload the page to show the result.
        response["HX-Refresh"] = "true"
    return response


@team_view()
@require_POST
def run_cancel(request, selection_id: int, run_id: int):
    selection = _selection(request, selection_id)
    run = _run(request, selection, run_id)
    runs.run_cancel(run=run)
    messages.success(request, _("The computation is being cancelled."))
    return redirect("selection:compute", request.team.slug, selection.pk)


# --- draw and panel ------------------------------------------------------------------------


@team_view()
def draw_page(request, selection_id: int):
    selection = _selection(request, selection_id)
    return _render_draw(request, selection)


def _render_draw(request, selection: Selection, **forms):
    run = selection.runs.filter(status=Run.Status.DONE).first()
    run_current = run is not None and selectors.run_is_current(selection=selection, run=run)
    round_form = forms.get("round_form") or RoundForm()
    rounded = forms.get("rounded")
    if rounded is None and run is not None and run_current:
        rounded = run.rounded_lotteries.first()
    kind = selection.seed_kind or (
        Selection.SeedKind.PHYSICAL if rounded else Selection.SeedKind.SECRET
    )
    return _page(
        request,
        "selection/draw.html",
        selection,
        "draw",
        seed_form=forms.get("seed_form")
        or SeedForm(initial={"kind": kind, "panels": rounded.panels if rounded else None}),
        draw_form=forms.get("draw_form") or DrawForm(),
        round_form=round_form,
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(),
        rounded=rounded,
        commitment=selectors.active_commitment(selection),
        withdrawn=selection.commitments.exclude(withdrawn_at=None),
        run=run,
        run_current=run_current,
        verification_url=request.build_absolute_uri(
            reverse("selection_public:verify", args=[selection.verification_token])
        ),
    )


@team_view(COORDINATOR)
@require_POST
def draw_round(request, selection_id: int):
    """Round the lottery to equally likely panels for a physical draw."""
    selection = _selection(request, selection_id)
    form = RoundForm(request.POST)
    rounded = None
    if form.is_valid():
        try:
            rounded = draw.lottery_round(selection=selection, panels=form.cleaned_data["panels"])
        except SelectionError as error:
            _errors(request, error)
    return _render_draw(request, selection, round_form=form, rounded=rounded)


def _draw_step(request, selection: Selection, form, name: str, step, done: str, then: str):
    """Run one step of the draw with a valid form; on success say ``done`` and go to
    ``then``, else show the draw page with the form and the errors."""
    if form.is_valid():
        try:
            step(selection=selection, **form.cleaned_data)
        except SelectionError as error:
            _errors(request, error)
        else:
            messages.success(request, done)
            return redirect(then, request.team.slug, selection.pk)
    return _render_draw(request, selection, **{name: form})


@team_view(COORDINATOR)
@require_POST
def draw_commit(request, selection_id: int):
    return _draw_step(
        request,
        _selection(request, selection_id),
        SeedForm(request.POST),
        "seed_form",
        draw.seed_commit,
        _("The draw is committed to. Print the commitment."),
        "selection:draw",
    )


@team_view(COORDINATOR)
@require_POST
def draw_withdraw(request, selection_id: int):
    return _draw_step(
        request,
        _selection(request, selection_id),
        WithdrawForm(request.POST),
        "withdraw_form",
        draw.commitment_withdraw,
        _("The commitment is withdrawn; the verification page shows it."),
        "selection:draw",
    )


@team_view(COORDINATOR)
@require_POST
def draw_panel(request, selection_id: int):
    return _draw_step(
        request,
        _selection(request, selection_id),
        DrawForm(request.POST),
        "draw_form",
        draw.panel_draw,
        _("The panel has been drawn."),
        "selection:panel",
    )


@team_view()
def commitment(request, selection_id: int):
    selection = _selection(request, selection_id)
    return render(
        request,
        "selection/commitment.html",
        {
            "selection": selection,
            "commitment": selectors.active_commitment(selection),
            "verification_url": request.build_absolute_uri(
                reverse("selection_public:verify", args=[selection.verification_token])
            ),
        },
    )


@team_view()
def panel(request, selection_id: int):
    selection = _selection(request, selection_id)
    people, members = selectors.panel_members(selection)
    return _page(
        request,
        "selection/panel.html",
        selection,
        "panel",
        members=members,
        dropped=[p for p in people if p.status == Respondent.Status.DROPPED],
        replacements=selection.replacements.all(),
        open_seats=selection.replacements.filter(replacement_number=None).count(),
        unmet=selectors.unmet_quotas(selection),
    )


@team_view()
@require_POST
def dropout(request, selection_id: int, respondent_id: int):
    selection = _selection(request, selection_id)
    respondent = _respondent(request, selection, respondent_id)
    try:
        replacement = draw.dropout_replace(selection=selection, respondent=respondent)
    except SelectionError as error:
        _errors(request, error)
    else:
        if replacement.replacement_number is None:
            messages.warning(
                request,
                _(
                    "Respondent %(old)s dropped out. Nobody left in the pool can take the "
                    "seat while keeping the quotas, so the seat stays open."
                )
                % {"old": replacement.dropout_number},
            )
        else:
            messages.success(
                request,
                _("Respondent %(old)s dropped out; respondent %(new)s takes the seat.")
                % {"old": replacement.dropout_number, "new": replacement.replacement_number},
            )
    return redirect("selection:panel", request.team.slug, selection.pk)


@team_view(COORDINATOR)
@require_POST
def close(request, selection_id: int):
    selection = _selection(request, selection_id)
    try:
        retention.selection_close(selection=selection)
    except SelectionError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("The selection is closed; all names and contact details have been deleted."),
        )
    return redirect("selection:detail", request.team.slug, selection.pk)


@team_view()
def distribution_csv(request, selection_id: int):
    selection = _selection(request, selection_id)
    run = selection.drawn_run or selection.runs.filter(status=Run.Status.DONE).first()
    # Respondent numbers and probabilities only: published on the verification page.
    text = selectors.distribution_csv_text(run)
    return download_response(text, filename="distribution.csv", personal=False)
