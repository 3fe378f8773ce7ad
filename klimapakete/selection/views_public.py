"""Public pages reached by an unguessable token: registration and verification."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from klimapakete.core.clients import client_address
from klimapakete.selection import services
from klimapakete.selection.forms import RegistrationForm
from klimapakete.selection.models import Selection
from klimapakete.selection.views import _distribution_response


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
        request.POST or None, categories=categories, consent_label=_consent_label(selection)
    )
    done = False
    if request.method == "POST" and selection.registration_open and form.is_valid():
        verdict = form.spam_verdict()
        if verdict == "honeypot":
            done = True  # a bot: it learns nothing
        elif verdict == "early":
            form.add_error(None, _("Please check your details and send the form again."))
        else:
            try:
                services.respondent_register(
                    selection=selection,
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    features=form.features(),
                    consent=form.cleaned_data["consent"],
                    client=client_address(request),
                )
            except services.SelectionError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                done = True
    return render(
        request,
        "selection/public_register.html",
        {
            "title": selection.title,
            "team_name": selection.team.name,
            "retention_days": selection.retention_days,
            "form": form,
            "done": done,
            "open": selection.registration_open and bool(categories),
        },
    )


def _verifiable(token: str) -> Selection:
    return get_object_or_404(
        Selection.objects.select_related("team", "drawn_run"), verification_token=token
    )


def verify(request, token: str):
    selection = _verifiable(token)
    run = selection.drawn_run
    context = {
        "title": selection.title,
        "team_name": selection.team.name,
        "seed_kind": selection.seed_kind,
        "commitment": selection.seed_commitment,
        "declaration": selection.seed_declaration,
        "committed_at": selection.committed_at,
        "distribution_sha256": selection.distribution_sha256,
        "drawn_at": selection.drawn_at,
        "token": token,
    }
    if run is not None and selection.drawn_at:
        context.update(
            seed=selection.seed,
            panel=selection.drawn_panel,
            drawn_number=(selection.drawn_index or 0) + 1,
            panel_size=run.instance["panel_size"],
            pool_size=len(run.instance["respondents"]),
            quotas=run.instance["quotas"],
            distribution=[
                {"number": i, "probability": p, "ids": " ".join(ids)}
                for i, (p, ids) in enumerate(run.distribution, 1)
            ][:500],
            distribution_count=len(run.distribution),
            replacements=[
                {
                    "dropout_number": r.dropout_number,
                    "replacement_number": r.replacement_number,
                    "method": r.method,
                    "seed": services.replacement_seed(selection, i),
                }
                for i, r in enumerate(selection.replacements.all(), 1)
            ],
        )
    return render(request, "selection/public_verify.html", context)


def verify_distribution(request, token: str):
    selection = _verifiable(token)
    return _distribution_response(selection.drawn_run if selection.drawn_at else None)
