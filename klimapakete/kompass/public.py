"""The public alliance page: the Kompass for everyone, and a form to get in touch.

Off by default; the coordinator switches it on. It names organisations only with their
consent and no people at all, and asks search engines not to index it until the
coordinator allows it. Outsiders are addressed with "Sie".
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache

from klimapakete.core.clients import client_address
from klimapakete.core.errors import error_message
from klimapakete.kompass import messages as _messages  # noqa: F401 - registers the sentences
from klimapakete.kompass import selectors, services
from klimapakete.kompass.content import Limits
from klimapakete.kompass.errors import KompassError
from klimapakete.kompass.forms import ContactForm

# A web page has room for everything, within reason.
PAGE_LIMITS = Limits(
    sectors=100,
    organisations=2000,
    organisations_per_sector=500,
    decisions=20,
    milestones=20,
    asks=100,
)


def _kompass(slug: str):
    kompass = selectors.public_kompass(slug)
    if kompass is None:
        raise Http404
    return kompass


def consent_text(team) -> str:
    return _(
        "I agree that %(team)s stores my details in order to get in touch with me about the "
        "alliance. I can withdraw my consent at any time."
    ) % {"team": team.name}


@never_cache
def page(request, public_slug: str):
    kompass = _kompass(public_slug)
    team = kompass.team
    with override(kompass.language):
        data = selectors.team_data(team, kompass)
        content = selectors.kompass_content(kompass, data, limits=PAGE_LIMITS)
        form = ContactForm(
            request.POST if request.method == "POST" else None,
            sectors=team.sectors.order_by("order", "name"),
            consent_label=consent_text(team),
        )
        sent = False
        if request.method == "POST" and form.is_valid():
            verdict = form.spam_verdict()
            if verdict == "honeypot":
                sent = True  # a bot: it learns nothing
            elif verdict == "early":
                form.add_error(None, _("Please check your details and send the form again."))
            else:
                try:
                    services.contact_submit(
                        kompass=kompass,
                        client=client_address(request),
                        name=form.cleaned_data["name"],
                        organisation=form.cleaned_data["organisation"],
                        email=form.cleaned_data["email"],
                        phone=form.cleaned_data["phone"],
                        message=form.cleaned_data["message"],
                        sector=form.cleaned_data["sector"],
                        consent_text=consent_text(team),
                    )
                except KompassError as error:
                    form.add_error(None, error_message(error))
                else:
                    sent = True
        if sent:
            form = None
        response = render(
            request,
            "kompass/public.html",
            {
                "kompass": kompass,
                "team": team,
                "content": content,
                "form": form,
                "sent": sent,
            },
            status=400 if form is not None and form.errors else 200,
        )
    if not kompass.public_indexing:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def style(request, public_slug: str):
    """The team colour for the page (a stylesheet, as the CSP allows no inline styles)."""
    kompass = _kompass(public_slug)
    css = f":root {{ --alliance: {kompass.colour}; }}\n"
    return HttpResponse(css, content_type="text/css", headers={"Cache-Control": "max-age=300"})


def logo(request, public_slug: str):
    kompass = _kompass(public_slug)
    if not kompass.logo:
        raise Http404
    return HttpResponse(
        bytes(kompass.logo), content_type="image/png", headers={"Cache-Control": "max-age=300"}
    )
