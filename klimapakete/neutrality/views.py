"""Team pages of the neutrality tool (under /t/<team_slug>/neutrality/) and the support
organisation's aggregate (under /support/neutrality/)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message
from klimapakete.core.tables import read_upload, warning_messages
from klimapakete.documents import to_docx
from klimapakete.support.access import support_view
from klimapakete.tables import TableError, write_csv, write_xlsx
from klimapakete.teams.access import TeamRequest, team_object_or_404, team_view

from . import balance_import, calc, chart, labels, selectors, services
from .definition import INFLUENCE, ROLES
from .documents import definition_document, definition_pdf
from .forms import BoundaryForm, EntryForm, FactorForm, FrameForm, ImportForm, InfluenceForm
from .messages import MESSAGES
from .models import BaselineEntry
from .reference import load_budgets, load_factors


def _url(request, name: str) -> str:
    return reverse(name, kwargs={"team_slug": request.team.slug})


def _language() -> str:
    return (get_language() or "de")[:2]


def _state(request) -> dict:
    """What every page of the tool shows: the definition, the entries and the results."""
    record = selectors.definition_record(request.team)
    definition = selectors.definition_of(record)
    entries = selectors.entries_of(record)
    results = selectors.results_of(record, entries)
    return {"record": record, "definition": definition, "entries": entries, "results": results}


def _results_context(state: dict) -> dict:
    results = state["results"]
    definition = state["definition"]
    balance = results.balance
    carriers = labels.carriers()
    context = {"results": results, "error": error_message(results.error) if results.error else ""}
    if balance is not None and balance.lines:
        sector_bars, sector_height = chart.bars(
            balance.by_sector, definition.boundary.counted_sectors()
        )
        context["sector_bars"] = [(labels.chart_sector(b.key), b) for b in sector_bars]
        context["sector_height"] = sector_height
        carrier_bars, carrier_height = chart.bars(balance.by_carrier, list(carriers))
        context["carrier_bars"] = [(carriers.get(b.key, b.key), b) for b in carrier_bars]
        context["carrier_height"] = carrier_height
        context["overridden"] = [carriers.get(c, c) for c in balance.overridden]
    context["path_chart"] = chart.path_chart([results.linear, results.constant_rate])
    if results.linear and results.constant_rate:
        constant = dict(results.constant_rate.points)
        context["path_rows"] = [
            (year, value, constant.get(year)) for year, value in results.linear.points
        ]
    return context


def _boundary_rows(definition) -> list[dict]:
    boundary = definition.boundary
    rows = []
    for group, value in (
        ("basis", boundary.basis),
        ("gases", boundary.gases),
        ("electricity", boundary.electricity),
        ("residual", boundary.residual),
        ("scope", boundary.scope),
        ("wording", boundary.wording),
    ):
        rows.append(
            {
                "label": labels.choice_label(group, value),
                "consequence": labels.choice_consequence(group, value),
            }
        )
    return rows


@team_view()
def definition(request: TeamRequest):
    state = _state(request)
    summary = state["definition"].influence_summary()
    context = {
        **state,
        **_results_context(state),
        "section": "definition",
        "boundary_rows": _boundary_rows(state["definition"]),
        "counted": [labels.sector(s) for s in state["definition"].boundary.counted_sectors()],
        "left_out": [labels.sector(s) for s in state["definition"].boundary.left_out()],
        "influence_summary": [
            (labels.INFLUENCE[level], [labels.sector(s) for s in summary[level]])
            for level in INFLUENCE
        ],
        "consumption_note": labels.CONSUMPTION_NOTE,
    }
    return render(request, "neutrality/definition.html", context)


@team_view()
def boundary(request: TeamRequest):
    state = _state(request)
    current = state["definition"]
    if request.method == "POST":
        form = BoundaryForm(request.POST)
        if form.is_valid():
            services.boundary_save(
                team=request.team, user=request.user, boundary=form.boundary(), definition=current
            )
            messages.success(request, _("The boundary is saved."))
            return redirect(_url(request, "neutrality:definition"))
    else:
        form = BoundaryForm(initial=BoundaryForm.initial_from(current.boundary))
    consequences = {
        group: {value: str(text[1]) for value, text in options.items()}
        for group, options in labels.CHOICES.items()
    }
    context = {
        **state,
        "section": "boundary",
        "form": form,
        "consequences": consequences,
        "consumption_note": labels.CONSUMPTION_NOTE,
    }
    return render(request, "neutrality/boundary.html", context)


@team_view()
def influence(request: TeamRequest):
    state = _state(request)
    current = state["definition"]
    sectors = current.boundary.counted_sectors()
    form = InfluenceForm(request.POST or None, sectors=sectors, influence=current.influence)
    if request.method == "POST" and form.is_valid():
        services.influence_save(
            team=request.team,
            user=request.user,
            influence=form.influence(current.influence),
            definition=current,
        )
        messages.success(request, _("The influence matrix is saved."))
        return redirect(_url(request, "neutrality:definition"))
    roles = [(labels.ROLES[r], labels.ROLE_EXAMPLES[r]) for r in ROLES]
    context = {**state, "section": "influence", "form": form, "roles": roles}
    return render(request, "neutrality/influence.html", context)


def _baseline_page(request, state: dict, **forms) -> dict:
    record = state["record"]
    language = _language()
    sectors = state["definition"].boundary.counted_sectors()
    factors = load_factors()
    overrides = dict(record.factor_overrides) if record else {}
    carriers = labels.carriers()
    factor_rows = [
        {
            "carrier": f.carrier,
            "label": f.label(language),
            "default": f.g_per_kwh,
            "own": overrides.get(f.carrier),
            "year": f.year,
            "source": f.source,
            "note": f.note(language),
        }
        for f in factors.factors
    ]
    entry_rows = [
        {
            "entry": e,
            "sector": labels.sector(e.sector),
            "carrier": carriers.get(e.carrier, e.carrier),
            "direct": e.carrier == calc.DIRECT,
            "counted": e.sector in sectors,
        }
        for e in state["entries"]
    ]
    initial_frame = {
        "base_year": record.base_year if record else None,
        "population": record.population if record else None,
        "budget_key": (record.budget_key if record else "") or load_budgets().default.key,
    }
    return {
        **state,
        **_results_context(state),
        "section": "baseline",
        "frame_form": forms.get("frame_form")
        or FrameForm(initial=initial_frame, language=language),
        "entry_form": forms.get("entry_form") or EntryForm(sectors=sectors, prefix="entry"),
        "factor_form": forms.get("factor_form") or FactorForm(prefix="factor"),
        "import_form": forms.get("import_form") or ImportForm(),
        "import_problems": forms.get("import_problems", []),
        "factor_rows": factor_rows,
        "factors": factors,
        "source": factors.factors[0].source,
        "entry_rows": entry_rows,
        "budgets": load_budgets(),
        "budget_label": state["results"].budget.label(language),
    }


@team_view()
def baseline(request: TeamRequest):
    page = _baseline_page(request, _state(request))
    # Back from adding an entry: the form stays open for the next one.
    page["adding"] = "adding" in request.GET
    return render(request, "neutrality/baseline.html", page)


def _to_baseline(request, anchor: str = ""):
    return redirect(_url(request, "neutrality:baseline") + anchor)


@team_view()
@require_POST
def frame(request: TeamRequest):
    form = FrameForm(request.POST, language=_language())
    if not form.is_valid():
        page = _baseline_page(request, _state(request), frame_form=form)
        return render(request, "neutrality/baseline.html", page, status=400)
    services.frame_save(team=request.team, user=request.user, **form.cleaned_data)
    messages.success(request, _("Base year, inhabitants and budget are saved."))
    return _to_baseline(request, "#frame")


@team_view()
@require_POST
def entry_add(request: TeamRequest):
    state = _state(request)
    form = EntryForm(
        request.POST, sectors=state["definition"].boundary.counted_sectors(), prefix="entry"
    )
    if not form.is_valid():
        page = _baseline_page(request, state, entry_form=form)
        return render(request, "neutrality/baseline.html", page, status=400)
    data = form.cleaned_data
    if data["carrier"] == calc.DIRECT:
        amount = data["amount"]
    else:
        amount = calc.to_mwh(data["amount"], data["unit"])
    if len(state["entries"]) >= settings.NEUTRALITY_MAX_ENTRIES:
        messages.error(request, _("The baseline has reached its limit of entries."))
        return _to_baseline(request, "#entries")
    services.entry_add(
        team=request.team,
        user=request.user,
        entry=calc.Entry(data["sector"], data["carrier"], amount, data["quality"]),
    )
    messages.success(request, _("The entry is added."))
    return _to_baseline(request, "?adding=1#add-entry")


@team_view()
@require_POST
def entry_delete(request: TeamRequest, neutrality_entry_id: int):
    entry = team_object_or_404(request, BaselineEntry, pk=neutrality_entry_id)
    entry.delete()
    messages.success(request, _("The entry is removed."))
    return _to_baseline(request, "#entries")


@team_view()
@require_POST
def factor(request: TeamRequest):
    form = FactorForm(request.POST, prefix="factor")
    if not form.is_valid():
        page = _baseline_page(request, _state(request), factor_form=form)
        return render(request, "neutrality/baseline.html", page, status=400)
    carrier, value = form.cleaned_data["carrier"], form.cleaned_data["value"]
    services.factor_set(team=request.team, user=request.user, carrier=carrier, value=value)
    if value is None:
        messages.success(request, _("The BISKO default factor applies again."))
    else:
        messages.success(request, _("Your factor is saved."))
    return _to_baseline(request, "#factors")


def _import_sentence(row: int, code: str, params: dict) -> str:
    if code in ("negative", "unknown_unit"):
        code = f"row_{code}"
    return MESSAGES.sentence(code, {"row": row, **params})


@team_view()
@require_POST
def import_balance(request: TeamRequest):
    state = _state(request)
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_upload(upload)
        except TableError as error:
            problems = [error_message(error)]
        else:
            plan = balance_import.plan(
                table,
                machine_numbers=(upload.name or "").lower().endswith((".xlsx", ".ods")),
                max_entries=settings.NEUTRALITY_MAX_ENTRIES,
                sector_labels=labels.SECTORS,
                carrier_labels=labels.carriers(),
            )
            if plan.ok:
                count = services.baseline_replace(
                    team=request.team, user=request.user, entries=plan.entries
                )
                for warning in warning_messages(table):
                    messages.warning(request, warning)
                messages.success(
                    request,
                    ngettext("%(count)s entry imported.", "%(count)s entries imported.", count)
                    % {"count": count},
                )
                return _to_baseline(request, "#entries")
            problems = [_import_sentence(*p) for p in plan.problems[:20]] or [
                _("The file has no rows with figures.")
            ]
            if len(plan.problems) > 20:
                problems.append(_("… and further problems."))
    page = _baseline_page(request, state, import_form=form, import_problems=problems)
    return render(request, "neutrality/baseline.html", page, status=400)


TEMPLATE_ROWS = [
    ("Private Haushalte", "Erdgas", "1.234,5", "B"),
    ("Private Haushalte", "Strom", "420", "A"),
    ("GHD", "Heizöl", "310", "C"),
    ("Industrie", "Erdgas", "2.150", "B"),
    ("Kommunale Einrichtungen", "Fernwärme", "95", "A"),
    ("Verkehr", "Diesel", "1.870", "D"),
    ("Verkehr", "Benzin", "1.320", "D"),
]


@team_view()
def template(request: TeamRequest, fmt: str):
    header = ["Sektor", "Energieträger", "Menge (MWh)", "Datengüte (A–D)"]
    if fmt == "xlsx":
        rows = [(s, c, balance_import.parse_number(a), q) for s, c, a, q in TEMPLATE_ROWS]
        content = write_xlsx(header, rows, title="Bilanz")
    else:
        content = write_csv(header, TEMPLATE_ROWS, delimiter=";")
    return download_response(content, filename=f"Vorlage Energiebilanz.{fmt}", personal=False)


@team_view()
def document(request: TeamRequest, fmt: str):
    state = _state(request)
    args = (request.team, state["definition"], state["record"], state["results"])
    content = definition_pdf(*args) if fmt == "pdf" else to_docx(definition_document(*args))
    name = _("Definition of climate neutrality %(town)s") % {"town": request.team.municipality}
    return download_response(content, filename=f"{name}.{fmt}", personal=False)


@support_view
def aggregate(request):
    data = selectors.aggregate()
    years = [(f"{low}–{high}", n) for (low, high), n in data["years"]]
    groups = [
        (_("Target years"), years),
        (_("Accounting basis"), [(labels.choice_label("basis", k), n) for k, n in data["bases"]]),
        (_("Whose target"), [(labels.choice_label("scope", k), n) for k, n in data["scopes"]]),
        (_("Sectors counted"), [(labels.sector(k), n) for k, n in data["sectors"]]),
    ]
    context = {**data, "groups": groups}
    return render(request, "neutrality/aggregate.html", context)
