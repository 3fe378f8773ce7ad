"""Public pages reached by an unguessable token: registration and verification."""

from __future__ import annotations

import gzip

from django.http import Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import parse_etags, quote_etag, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from klimapakete.core.clients import client_address
from klimapakete.core.downloads import download_response
from klimapakete.core.errors import error_messages
from klimapakete.selection import letter_codes, selectors
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.forms import RegistrationForm
from klimapakete.selection.models import Selection, normalise_short_code
from klimapakete.selection.services import pool


def _consent_label(selection: Selection) -> str:
    return _(
        "I agree that %(team)s stores my name, contact details and the answers above in "
        "order to draw the citizens' panel “%(title)s” by lot and to contact me about it. "
        "I can withdraw my consent at any time."
    ) % {"team": selection.team.name, "title": selection.title}


@never_cache
def register(request, token: str):
    selection = get_object_or_404(
        Selection.objects.select_related("team"), registration_token=token
    )
    categories = list(selection.categories.prefetch_related("values"))
    form = RegistrationForm(
        request.POST or None,
        categories=categories,
        consent_label=_consent_label(selection),
        letter_code=selection.codes_per_letter,
        initial={"letter_code": request.GET.get("code", "")[:40]},
    )
    done = False
    if request.method == "POST" and selectors.registration_open(selection) and form.is_valid():
        verdict = form.spam_verdict()
        if verdict == "honeypot":
            done = True  # a bot: it learns nothing
        elif verdict == "early":
            form.add_error(None, _("Please check your details and send the form again."))
        else:
            try:
                details = dict(
                    selection=selection,
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    features=form.features(),
                    consent=form.cleaned_data["consent"],
                    special_consent=bool(form.cleaned_data.get("special_consent")),
                    client=client_address(request),
                )
                if selection.codes_per_letter:
                    letter_codes.register(code=form.cleaned_data["letter_code"], **details)
                else:
                    pool.respondent_register(**details)
            except SelectionError as error:
                # a refused code is shown at the code field
                field = "letter_code" if error.code in letter_codes.FIELD_ERRORS else None
                for message in error_messages(error):
                    form.add_error(field, message)
            else:
                done = True
    return render(
        request,
        "selection/public_register.html",
        {
            "title": selection.title,
            "team_name": selection.team.name,
            "retention_days": selection.retention_days,
            "event_date": selection.event_date,
            "event_place": selection.event_place,
            "event_duration": selection.event_duration,
            "allowance": selection.allowance,
            "reply_deadline": selection.reply_deadline,
            "form": form,
            "done": done,
            "open": selectors.registration_open(selection) and bool(categories),
        },
    )


@never_cache
def code(request):
    """Type the code from the letter (any case, with or without spaces) to reach the
    registration page."""
    typed = request.GET.get("code", "")[:40]
    error = ""
    if typed:
        found = Selection.objects.filter(
            short_code=normalise_short_code(typed), codes_per_letter=False
        ).first()
        if found is not None:
            return redirect("selection_public:register", found.registration_token)
        letter = letter_codes.find(typed)
        if letter is not None:
            url = reverse("selection_public:register", args=[letter.selection.registration_token])
            return redirect(f"{url}?{urlencode({'code': typed})}")
        error = _("We do not know this code. Please check it, or call the number in the letter.")
    return render(request, "selection/public_code.html", {"typed": typed, "error": error})


def _verifiable(token: str) -> Selection:
    return get_object_or_404(
        Selection.objects.select_related("team", "drawn_run"), verification_token=token
    )


# A physical lottery's panels are all listed; a LEXIMIN distribution's first ones.
DISTRIBUTION_ROWS_SHOWN = 500


def verify(request, token: str):
    selection = _verifiable(token)
    run = selection.drawn_run
    record = selectors.active_commitment(selection)
    context = {
        "title": selection.title,
        "team_name": selection.team.name,
        "seed_kind": selection.seed_kind,
        "commitment": selection.seed_commitment,
        "declaration": selection.seed_declaration,
        "committed_at": selection.committed_at,
        "distribution_sha256": selection.distribution_sha256,
        "record": record,
        "withdrawn": list(selection.commitments.exclude(withdrawn_at=None)),
        "drawn_at": selection.drawn_at,
        "token": token,
    }
    if record is not None and record.kind == Selection.SeedKind.PHYSICAL and record.run:
        rounded = record.run.rounded_lotteries.filter(panels=record.panels).first()
        if rounded is not None:
            context["lottery"] = [
                {"number": n, "ids": " ".join(ids)} for n, ids in enumerate(rounded.lottery, 1)
            ]
    if run is not None and selection.drawn_at:
        context.update(
            seed=selection.seed,
            panel=selection.drawn_panel,
            drawn_number=(selection.drawn_index or 0) + 1,
            panel_size=run.instance["panel_size"],
            pool_size=len(run.instance["respondents"]),
            quotas=run.instance["quotas"],
            replacements=[
                {
                    "dropout_number": r.dropout_number,
                    "replacement_number": r.replacement_number,
                    "method": r.method,
                    "seed": selectors.replacement_seed(selection, i),
                }
                for i, r in enumerate(selection.replacements.all(), 1)
            ],
        )
    if run is not None and selection.drawn_at and "lottery" not in context:
        context.update(
            distribution=[
                {"number": i, "probability": p, "ids": " ".join(ids)}
                for i, (p, ids) in enumerate(run.distribution, 1)
            ][:DISTRIBUTION_ROWS_SHOWN],
            distribution_count=len(run.distribution),
        )
    return render(request, "selection/public_verify.html", context)


def verify_distribution(request, token: str):
    """The published lottery file, stored at the commitment: served as it is (gzip when
    the client accepts it), with an ETag of its SHA-256, never rebuilt per request."""
    selection = _verifiable(token)
    published = selectors.published_file(selection)
    if published is None:
        raise Http404
    name, compressed, sha256 = published
    etag = quote_etag(sha256)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = download_response(compressed, filename=name, personal=False)
        response["Content-Encoding"] = "gzip"
    else:
        body = gzip.decompress(compressed)
        response = download_response(body, filename=name, personal=False)
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    # It changes only with a public withdrawal of the commitment.
    response["Cache-Control"] = "public, max-age=300"
    return response
