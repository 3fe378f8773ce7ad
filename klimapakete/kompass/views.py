"""The Kompass editor: blocks with live preview, look, downloads, versions, public page."""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_message
from klimapakete.kompass import messages as _messages  # noqa: F401 - registers the sentences
from klimapakete.kompass import render as documents
from klimapakete.kompass import selectors, services
from klimapakete.kompass.blocks import BLOCKS, HEADER
from klimapakete.kompass.errors import KompassError
from klimapakete.kompass.forms import BlockForm, LookForm, PublicForm
from klimapakete.kompass.models import Format, KompassExport
from klimapakete.teams.access import COORDINATOR, TeamRequest, team_object_or_404, team_view


def _editor_url(request, anchor: str = "") -> str:
    url = reverse("kompass:editor", kwargs={"team_slug": request.team.slug})
    return f"{url}#{anchor}" if anchor else url


def _block_form(request, kompass, data, key: str, *, bound: bool = False) -> BlockForm:
    defaults = selectors.defaults_of(kompass, data)
    texts = selectors.texts_of(kompass)
    initial = {name: texts.get(name) or defaults.get(name, "") for name in defaults}
    return BlockForm(
        request.POST if bound else None,
        block=key,
        initial_texts=initial,
        sectors=request.team.sectors.order_by("order", "name") if key == "ask" else (),
        asks=kompass.asks,
        prefix=key,
    )


@team_view()
def editor(request: TeamRequest):
    kompass = selectors.kompass_of(request.team)
    data = selectors.team_data(request.team, kompass)
    layout = kompass.blocks
    cards = [{"block": HEADER, "form": _block_form(request, kompass, data, "header")}]
    for position, entry in enumerate(layout):
        cards.append(
            {
                "block": BLOCKS[entry["key"]],
                "form": _block_form(request, kompass, data, entry["key"]),
                "visible": entry["visible"],
                "first": position == 0,
                "last": position == len(layout) - 1,
            }
        )
    context = {
        "kompass": kompass,
        "cards": cards,
        "look_form": LookForm(instance=kompass),
        "public_form": PublicForm(
            initial={"public": kompass.public, "indexing": kompass.public_indexing}
        ),
        "public_url": selectors.public_url(kompass),
        "formats": Format.choices,
        "pages": documents.PAGES,
        "versions": kompass.exports.count() if kompass.pk else 0,
        "consenting": sum(len(s.organisations) for s in data.sectors),
    }
    return render(request, "kompass/editor.html", context)


@team_view()
@require_POST
def block_save(request: TeamRequest, block_key: str):
    if block_key not in BLOCKS:
        raise Http404
    kompass = services.kompass_ensure(team=request.team)
    data = selectors.team_data(request.team, kompass)
    form = _block_form(request, kompass, data, block_key, bound=True)
    if not form.is_valid():
        messages.error(request, _("Please check the texts of this block."))
        return redirect(_editor_url(request, f"block-{block_key}"))
    services.kompass_block_save(
        kompass=kompass,
        block=block_key,
        values=form.texts(),
        defaults=selectors.defaults_of(kompass, data),
        asks=form.asks(),
    )
    messages.success(request, _("Saved."))
    return redirect(_editor_url(request, f"block-{block_key}"))


@team_view()
@require_POST
def block_reset(request: TeamRequest, block_key: str):
    if block_key not in BLOCKS:
        raise Http404
    kompass = services.kompass_ensure(team=request.team)
    services.kompass_block_reset(kompass=kompass, block=block_key)
    messages.success(request, _("The block takes its texts from your data again."))
    return redirect(_editor_url(request, f"block-{block_key}"))


def _layout_change(request, block_key: str, change, **values):
    kompass = services.kompass_ensure(team=request.team)
    try:
        change(kompass=kompass, block=block_key, **values)
    except KompassError as error:
        messages.error(request, error_message(error))
    return redirect(_editor_url(request, f"block-{block_key}"))


@team_view()
@require_POST
def block_move(request: TeamRequest, block_key: str):
    direction = request.POST.get("direction", "")
    return _layout_change(request, block_key, services.kompass_block_move, direction=direction)


@team_view()
@require_POST
def block_show(request: TeamRequest, block_key: str):
    visible = request.POST.get("visible") == "1"
    return _layout_change(request, block_key, services.kompass_block_show, visible=visible)


@team_view()
@require_POST
def look_save(request: TeamRequest):
    kompass = services.kompass_ensure(team=request.team)
    form = LookForm(request.POST, request.FILES, instance=kompass)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_editor_url(request, "look"))
    data = form.cleaned_data
    try:
        if data["logo_file"]:
            services.kompass_logo_set(kompass=kompass, data=data["logo_file"].read())
        elif data["remove_logo"]:
            services.kompass_logo_remove(kompass=kompass)
    except KompassError as error:
        messages.error(request, error_message(error))
        return redirect(_editor_url(request, "look"))
    services.kompass_look_save(
        kompass=kompass, design=data["design"], colour=data["colour"], language=data["language"]
    )
    messages.success(request, _("Saved."))
    return redirect(_editor_url(request, "look"))


def _preview_allowed(request) -> bool:
    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"kompass-preview:{request.user.pk}:{minute}"
    cache.add(key, 0, timeout=90)
    return cache.incr(key) <= settings.KOMPASS_PREVIEWS_PER_MINUTE


def _preview_png(request, kompass, *, page: str, texts=None, asks=None, design=None, colour=None):
    data = selectors.team_data(request.team, kompass)
    document = documents.document_data(
        kompass, data, page=page, design=design, colour=colour, texts=texts, asks=asks
    )
    png = documents.render(document, kind="png", ppi=documents.PREVIEW_PPI[page], logo=kompass.logo)
    return png


def _page(value: str | None) -> str:
    return value if value in documents.PAGES else "a4"


@team_view()
def preview_png(request: TeamRequest):
    """Page 1 of the saved Kompass as an image (the editor's first preview)."""
    kompass = selectors.kompass_of(request.team)
    if not _preview_allowed(request):
        return HttpResponse(status=429)
    png = _preview_png(request, kompass, page=_page(request.GET.get("page")))
    return HttpResponse(png, content_type="image/png", headers={"Cache-Control": "no-store"})


@team_view()
@require_POST
def preview(request: TeamRequest):
    """The preview with the texts as typed, not yet saved (htmx, debounced)."""
    kompass = selectors.kompass_of(request.team)
    page = _page(request.POST.get("page"))
    if not _preview_allowed(request):
        return render(
            request,
            "kompass/_preview.html",
            {"error": error_message(KompassError("preview_rate_limited"))},
        )
    key = request.POST.get("block", "")
    texts = asks = None
    if key in BLOCKS:
        data = selectors.team_data(request.team, kompass)
        form = _block_form(request, kompass, data, key, bound=True)
        if form.is_valid():
            texts, asks = form.texts(), form.asks()
    design = request.POST.get("design")
    colour = request.POST.get("colour", "")
    look = LookForm(
        {"design": design, "colour": colour, "language": kompass.language}, instance=kompass
    )
    valid_look = design is not None and look.is_valid()
    png = _preview_png(
        request,
        kompass,
        page=page,
        texts=texts,
        asks=asks,
        design=design if valid_look else None,
        colour=colour if valid_look else None,
    )
    return render(
        request,
        "kompass/_preview.html",
        {"png": base64.b64encode(png).decode(), "page": page},
    )


@team_view()
@require_POST
def export(request: TeamRequest):
    """Download the Kompass in a format; the version is kept in the history."""
    fmt = request.POST.get("format")
    if fmt not in Format.values:
        return HttpResponseBadRequest()
    kompass = services.kompass_ensure(team=request.team)
    page = documents.OUTPUTS[fmt][0]
    data = selectors.team_data(request.team, kompass)
    document = documents.document_data(kompass, data, page=page)
    content = documents.render_format(document, fmt, logo=kompass.logo)
    services.kompass_export_record(
        kompass=kompass, user=request.user, design=kompass.design, format=fmt, document=document
    )
    return download_response(
        content,
        filename=documents.filename(request.team.name, kompass.design, fmt),
        personal=False,
    )


@team_view()
def versions(request: TeamRequest):
    kompass = selectors.kompass_of(request.team)
    rows = (
        list(kompass.exports.select_related("created_by").order_by("-created_at", "-pk"))
        if kompass.pk
        else []
    )
    return render(request, "kompass/versions.html", {"kompass": kompass, "versions": rows})


@team_view()
def version_download(request: TeamRequest, export_id: int):
    """The same document again, from the data kept with the version."""
    version = team_object_or_404(
        request, KompassExport.objects.select_related("kompass"), pk=export_id
    )
    content = documents.render_format(version.document, version.format, logo=version.kompass.logo)
    return download_response(
        content,
        filename=documents.filename(request.team.name, version.design, version.format),
        personal=False,
    )


@team_view(COORDINATOR)
@require_POST
def public_settings(request: TeamRequest):
    kompass = services.kompass_ensure(team=request.team)
    form = PublicForm(request.POST)
    form.is_valid()
    services.public_page_set(
        kompass=kompass,
        public=form.cleaned_data.get("public", False),
        indexing=form.cleaned_data.get("indexing", False),
    )
    if kompass.public:
        messages.success(request, _("The public alliance page is on."))
    else:
        messages.success(request, _("The public alliance page is off."))
    return redirect(_editor_url(request, "public"))
