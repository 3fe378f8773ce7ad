import re

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy from settings (no inline scripts anywhere)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


# Embedding, override and isolate controls change how the text after them is shown: a
# U+202E (right-to-left override) in a name flips the rest of its line. Nobody types them
# on purpose; they arrive from copied or hostile text. The marks U+200E/U+200F stay.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def strip_bidi_controls(value: str) -> str:
    return BIDI_CONTROLS.sub("", value)


class BidiControlsMiddleware:
    """Removes bidi embedding, override and isolate controls from every submitted form
    field (passwords excepted), so no view, form or service stores them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORM_TYPES:
            submitted = request.POST
            if any(
                BIDI_CONTROLS.search(value)
                for key, values in submitted.lists()
                if "password" not in key
                for value in values
            ):
                cleaned = submitted.copy()
                for key, values in submitted.lists():
                    if "password" not in key:
                        cleaned.setlist(key, [strip_bidi_controls(v) for v in values])
                cleaned._mutable = False
                request.POST = cleaned
        return self.get_response(request)
