"""Team pages of the citizen selection (under /t/<team_slug>/selection/)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message
from klimapakete.core.htmx import is_htmx
from klimapakete.core.tables import column_words, read_upload, warning_messages
from klimapakete.documents import to_docx, to_pdf
from klimapakete.selection import documents, letter_codes, selectors, services
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
from klimapakete.selection.models import AddressDraw, Respondent, Run, Selection
from klimapakete.tables import Table, TableError, auto_map, csv_lines, positions
from klimapakete.teams.access import COORDINATOR, team_object_or_404, team_view

PLAN_MESSAGES = {
    "no_strata": gettext_lazy("Choose the category the letters are stratified by."),
    "shares_sum": gettext_lazy("The population shares of the strata must add up to 100 %."),
    "response_rate": gettext_lazy("Every response rate must be above 0 and at most 100 %."),
    "negative_share": gettext_lazy("Population shares must not be negative."),
    "panel_size": gettext_lazy("The panel size must be at least 1."),
    "multiplier": gettext_lazy("The number of letters per seat must be at least 1."),
}


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
        deletion_due=services.deletion_due(selection),
        reserves_kept=services.RESERVES_KEPT,
    )
    return render(request, template, context)


def _errors(request, error: services.SelectionError) -> None:
    for message in error.messages[:20]:
        messages.error(request, message)


@team_view()
def selection_list(request):
    form = SelectionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selection = services.selection_create(team=request.team, **form.cleaned_data)
        return redirect("selection:plan", request.team.slug, selection.pk)
    selections = request.team.selections.all()
    return render(request, "selection/list.html", {"selections": selections, "form": form})


@team_view()
def selection_detail(request, selection_id: int):
    selection = _selection(request, selection_id)
    services.selection_purge(selection=selection)
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


@team_view()
def selection_plan(request, selection_id: int):
    selection = _selection(request, selection_id)
    settings_form = SelectionSettingsForm(
        initial={
            "title": selection.title,
            "panel_size": selection.panel_size,
            "letter_multiplier": selection.letter_multiplier,
            "retention_days": selection.retention_days,
            "members_kept_until": selection.members_kept_until,
            "stratify_by": selection.stratify_by_id,
            "special_categories": [c.pk for c in selection.categories.all() if c.special],
            "codes_per_letter": selection.codes_per_letter,
            **{name: getattr(selection, name) for name in services.DETAIL_FIELDS},
        },
        selection=selection,
    )
    upload_form = UploadForm()
    table = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "settings":
                settings_form = SelectionSettingsForm(request.POST, selection=selection)
                if settings_form.is_valid():
                    cleaned = dict(settings_form.cleaned_data)
                    per_letter = cleaned.pop("codes_per_letter")
                    letter_codes.mode_set(selection=selection, enabled=per_letter)
                    services.selection_update(selection=selection, **cleaned)
                    messages.success(request, _("The settings have been saved."))
                    return redirect("selection:plan", request.team.slug, selection.pk)
            elif action == "categories":
                table = [
                    request.POST.getlist(f"c-{column}") for column in services.CATEGORY_COLUMNS
                ]
                rows = [list(r) for r in zip(*table, strict=False)]
                table = rows
                services.categories_replace(
                    selection=selection, rows=services.parse_category_rows(rows)
                )
                messages.success(request, _("The categories have been saved."))
                return redirect("selection:plan", request.team.slug, selection.pk)
            elif action == "import":
                upload_form = UploadForm(request.POST, request.FILES)
                if upload_form.is_valid():
                    uploaded = _read_upload(request, upload_form.cleaned_data["file"])
                    if uploaded is not None:
                        services.categories_replace(
                            selection=selection,
                            rows=services.parse_category_rows(
                                uploaded.rows, row_numbers=uploaded.numbers
                            ),
                        )
                        messages.success(request, _("The categories have been imported."))
                        return redirect("selection:plan", request.team.slug, selection.pk)
        except (services.SelectionError, letter_codes.LetterCodeError) as error:
            _errors(request, error)
    plan, plan_error = selectors.letter_plan(selection)
    return _page(
        request,
        "selection/plan.html",
        selection,
        "plan",
        settings_form=settings_form,
        upload_form=upload_form,
        table=table if table is not None else _category_table(selection),
        plan=plan,
        plan_error=PLAN_MESSAGES.get(plan_error.code) if plan_error else None,
        has_respondents=selection.respondents.exists(),
        special_categories=[c.name for c in selection.categories.all() if c.special],
        gender_without_divers=selectors.gender_without_divers(selection),
    )


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
            messages.error(request, str(services.MESSAGES["no_plan"]))
        else:
            extract = _read_upload(request, form.cleaned_data["file"])
            try:
                if extract is not None:
                    services.address_draw(
                        selection=selection,
                        header=extract.header,
                        rows=extract.rows,
                        numbers=extract.numbers,
                        column=form.cleaned_data["column"],
                        letters={s.name: s.letters for s in plan.strata},
                    )
            except services.SelectionError as error:
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
    services.address_draw_delete(record=_address_record(request, selection, draw_id))
    messages.success(request, _("The drawn addresses have been deleted."))
    return redirect("selection:addresses", request.team.slug, selection.pk)


# --- respondents ------------------------------------------------------------------------


@team_view()
def respondents(request, selection_id: int):
    selection = _selection(request, selection_id)
    services.selection_purge(selection=selection)
    pool = selectors.respondents_page(selection, request.GET.get("page"))
    return _page(
        request,
        "selection/respondents.html",
        selection,
        "respondents",
        page=pool.page,
        people=pool.page.object_list,
        duplicates=pool.duplicates,
        held=pool.held,
        categories=list(selection.categories.all()),
        registration_url=request.build_absolute_uri(
            reverse("selection_public:register", args=[selection.registration_token])
        ),
    )


IMPORT_SESSION = "selection-import-%s"


@team_view()
def respondents_import(request, selection_id: int):
    selection = _selection(request, selection_id)
    key = IMPORT_SESSION % selection.pk
    upload_form = UploadForm()
    stored = request.session.get(key)
    if stored and "table" not in stored:
        stored = None  # kept by an earlier version: upload again
    preview = None
    mapping = {}
    categories = list(selection.categories.all())
    columns = services.respondent_columns([(c.name, []) for c in categories])
    fields = [(c.key, c.label) for c in columns]
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "upload":
            upload_form = UploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                table = _read_upload(request, upload_form.cleaned_data["file"])
                if table is not None:
                    stored = {"table": table.to_dict()}
                    request.session[key] = stored
        elif action == "cancel":
            request.session.pop(key, None)
            return redirect("selection:respondents", request.team.slug, selection.pk)
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
        preview = services.respondents_preview(
            selection=selection,
            table=table,
            mapping=mapping,
            value_choices=_value_choices(request),
        )
        if request.method == "POST" and request.POST.get("action") == "import":
            try:
                count = services.respondents_import(selection=selection, preview=preview)
            except services.SelectionError as error:
                _errors(request, error)
            else:
                request.session.pop(key, None)
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
    return _page(
        request,
        "selection/import.html",
        selection,
        "respondents",
        upload_form=upload_form,
        stored=stored,
        preview=preview,
        fields=[(f, label, mapping.get(f)) for f, label in fields],
        header=stored["table"]["header"] if stored else [],
        preview_rows=preview.rows[:20] if preview else [],
        category_names=[c.name for c in categories],
        unknown_values=_unknown_rows(preview, categories),
        no_answer_choice=VALUE_NO_ANSWER,
    )


VALUE_NO_ANSWER = "-"  # the form's value for "keine Angabe" ("" is: not chosen yet)


def _value_choices(request) -> dict[str, dict[str, str]]:
    """What the team chose in the preview for values outside the categories: the form
    posts ``value-N`` with the category and the value's key in hidden fields."""
    chosen: dict[str, dict[str, str]] = {}
    if request.method != "POST":
        return chosen
    for n in range(services.MAX_UNKNOWN_VALUES):
        category = request.POST.get(f"value-category-{n}")
        if category is None:
            break
        value = request.POST.get(f"value-{n}", "")
        if value:
            chosen.setdefault(category, {})[request.POST.get(f"value-key-{n}", "")] = (
                services.NO_ANSWER if value == VALUE_NO_ANSWER else value
            )
    return chosen


def _unknown_rows(preview, categories) -> list[dict]:
    if preview is None:
        return []
    values = {c.name: [v.name for v in c.values.all()] for c in categories}
    rows = []
    for unknown in preview.unknown[: services.MAX_UNKNOWN_VALUES]:
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
    body = services.as_json(services.respondent_personal_data(respondent=respondent))
    return download_response(body, filename=f"respondent-{respondent.number}.json", personal=True)


@team_view()
@require_POST
def respondent_keep(request, selection_id: int, respondent_id: int):
    selection = _selection(request, selection_id)
    respondent = _respondent(request, selection, respondent_id)
    try:
        services.respondent_keep(respondent=respondent)
    except services.SelectionError as error:
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
    services.respondent_delete(respondent=respondent)
    messages.success(
        request,
        _("The personal data of respondent %(number)s has been deleted.")
        % {"number": respondent.number},
    )
    return redirect("selection:respondents", request.team.slug, selection.pk)


# --- quotas -----------------------------------------------------------------------------


def _quota_context(selection: Selection, quotas=None, errors=None) -> dict:
    values = selectors.quota_values(selection)
    counts = selectors.pool_counts(selection)
    rows = []
    for v in values:
        low, high = (quotas or {}).get(v.pk, (v.quota_min, v.quota_max))
        rows.append(
            {
                "value": v,
                "min": low,
                "max": high,
                "available": counts.get((v.category.name, v.name), 0),
                "target": round(float(v.population_share) * selection.panel_size / 100, 1),
            }
        )
    report = None
    problems = list(errors or [])
    if not problems:
        instance = services.pool_instance(selection=selection, quotas=quotas)
        problems = services.instance_problems(instance)
        if not problems:
            report = services.feasibility_check(instance)
    names = {(v.category.name, v.name): v.pk for v in values}
    changes = []
    if report is not None:
        for change in report.changes:
            changes.append(
                {"change": change, "value_id": names.get((change.category, change.feature))}
            )
    return {
        "rows": rows,
        "report": report,
        "problems": services.SelectionError("x", problems).messages if problems else [],
        "changes": changes,
    }


@team_view()
def quotas(request, selection_id: int):
    selection = _selection(request, selection_id)
    parsed = None
    errors = None
    if request.method == "POST":
        try:
            parsed = services.quotas_parse(selection=selection, data=request.POST)
            services.quotas_save(selection=selection, quotas=parsed)
        except services.SelectionError as error:
            errors = error.errors
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
            parsed = services.quotas_parse(selection=selection, data=request.POST)
        except services.SelectionError as error:
            errors = error.errors
    context = _quota_context(selection, parsed, errors)
    context["selection"] = selection
    return render(request, "selection/quotas.html#feasibility", context)


@team_view()
@require_POST
def quotas_apply(request, selection_id: int):
    """Apply a suggested change (and the other quotas as typed)."""
    selection = _selection(request, selection_id)
    try:
        parsed = services.quotas_parse(selection=selection, data=request.POST)
        chosen = request.POST.get("apply", "")
        for value_id in list(parsed):
            if chosen not in ("all", str(value_id)):
                continue
            low, _sep, high = request.POST.get(f"suggest-{value_id}", "").partition("-")
            if all(n.isascii() and n.isdigit() and len(n) < 7 for n in (low, high)):
                parsed[value_id] = (int(low), int(high))
        services.quotas_save(selection=selection, quotas=parsed)
    except services.SelectionError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The suggested change has been applied and saved."))
    return redirect("selection:quotas", request.team.slug, selection.pk)


# --- computing ----------------------------------------------------------------------------


def _result_context(selection: Selection, run: Run | None) -> dict:
    if run is None or run.status != Run.Status.DONE:
        return {}
    rows = selectors.result_rows(run)
    n = len(rows)
    uniform = run.instance["panel_size"] / n if n else 0
    return {
        "result_rows": rows,
        "uniform": uniform,
        "histogram": selectors.histogram([r["probability"] for r in rows], uniform),
        "least": rows[0] if rows else None,
        "categories": run.instance["categories"],
        # After the draw this run is the published one; later drop-outs do not make it stale.
        "current": selection.status != Selection.Status.OPEN
        or services.run_is_current(selection=selection, run=run),
    }


@team_view()
def compute(request, selection_id: int):
    selection = _selection(request, selection_id)
    if request.method == "POST":
        try:
            services.run_start(selection=selection)
        except services.SelectionError as error:
            _errors(request, error)
        return redirect("selection:compute", request.team.slug, selection.pk)
    run = selectors.latest_run(selection)
    return _page(
        request,
        "selection/compute.html",
        selection,
        "compute",
        run=run,
        **_result_context(selection, run),
    )


def _run(request, selection: Selection, run_id: int) -> Run:
    return team_object_or_404(request, selection.runs.all(), pk=run_id)


@team_view()
def run_progress(request, selection_id: int, run_id: int):
    selection = _selection(request, selection_id)
    run = _run(request, selection, run_id)
    if not is_htmx(request):
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
    services.run_cancel(run=run)
    messages.success(request, _("The computation is being cancelled."))
    return redirect("selection:compute", request.team.slug, selection.pk)


# --- draw and panel ------------------------------------------------------------------------


@team_view()
def draw(request, selection_id: int):
    selection = _selection(request, selection_id)
    return _draw_page(request, selection)


def _draw_page(request, selection: Selection, **forms):
    run = selection.runs.filter(status=Run.Status.DONE).first()
    run_current = run is not None and services.run_is_current(selection=selection, run=run)
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
        commitment=services.active_commitment(selection),
        withdrawn=selection.commitments.exclude(withdrawn_at=None),
        run=run,
        run_current=run_current,
        verification_url=request.build_absolute_uri(
            reverse("selection_public:verify", args=[selection.verification_token])
        ),
    )


@team_view(COORDINATOR)
@require_POST
def draw_action(request, selection_id: int):
    """Round the lottery for a physical draw (``round``), commit to the draw (``commit``),
    withdraw the commitment (``withdraw``) or draw the panel (``draw``)."""
    selection = _selection(request, selection_id)
    action = request.POST.get("action")
    forms = {}
    try:
        if action == "round":
            forms["round_form"] = form = RoundForm(request.POST)
            if form.is_valid():
                forms["rounded"] = services.lottery_round(
                    selection=selection, panels=form.cleaned_data["panels"]
                )
        elif action == "commit":
            forms["seed_form"] = form = SeedForm(request.POST)
            if form.is_valid():
                services.seed_commit(selection=selection, **form.cleaned_data)
                messages.success(request, _("The draw is committed to. Print the commitment."))
                return redirect("selection:draw", request.team.slug, selection.pk)
        elif action == "withdraw":
            forms["withdraw_form"] = form = WithdrawForm(request.POST)
            if form.is_valid():
                services.commitment_withdraw(
                    selection=selection, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("The commitment is withdrawn; the verification page shows it."),
                )
                return redirect("selection:draw", request.team.slug, selection.pk)
        elif action == "draw":
            forms["draw_form"] = form = DrawForm(request.POST)
            if form.is_valid():
                services.panel_draw(selection=selection, **form.cleaned_data)
                messages.success(request, _("The panel has been drawn."))
                return redirect("selection:panel", request.team.slug, selection.pk)
    except services.SelectionError as error:
        _errors(request, error)
    return _draw_page(request, selection, **forms)


@team_view()
def commitment(request, selection_id: int):
    selection = _selection(request, selection_id)
    return render(
        request,
        "selection/commitment.html",
        {
            "selection": selection,
            "commitment": services.active_commitment(selection),
            "verification_url": request.build_absolute_uri(
                reverse("selection_public:verify", args=[selection.verification_token])
            ),
        },
    )


@team_view()
def panel(request, selection_id: int):
    selection = _selection(request, selection_id)
    services.selection_purge(selection=selection)
    people = {p.number: p for p in selection.respondents.all()}
    reserve_lists = (
        services.reserves(selection=selection) if selection.status == Selection.Status.DRAWN else {}
    )
    members = [
        {
            "person": people[int(n)],
            "reserves": [people[int(r)] for r in reserve_lists.get(n, [])[:5]],
        }
        for n in services.current_panel(selection)
    ]
    return _page(
        request,
        "selection/panel.html",
        selection,
        "panel",
        members=members,
        dropped=[p for p in people.values() if p.status == Respondent.Status.DROPPED],
        replacements=selection.replacements.all(),
        open_seats=selection.replacements.filter(replacement_number=None).count(),
        unmet=services.unmet_quotas(selection),
    )


@team_view()
@require_POST
def dropout(request, selection_id: int, respondent_id: int):
    selection = _selection(request, selection_id)
    respondent = _respondent(request, selection, respondent_id)
    try:
        replacement = services.dropout_replace(selection=selection, respondent=respondent)
    except services.SelectionError as error:
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
    services.selection_close(selection=selection)
    messages.success(
        request, _("The selection is closed; all names and contact details have been deleted.")
    )
    return redirect("selection:detail", request.team.slug, selection.pk)


@team_view()
def distribution_csv(request, selection_id: int):
    selection = _selection(request, selection_id)
    run = selection.drawn_run or selection.runs.filter(status=Run.Status.DONE).first()
    # Respondent numbers and probabilities only: published on the verification page.
    text = services.distribution_csv_text(run)
    return download_response(text, filename="distribution.csv", personal=False)
