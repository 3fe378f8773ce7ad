"""Every file the project hands out goes through :func:`download_response`.

It sets ``Content-Disposition`` with the file name as the user should see it ("Tischplan
Zukunftswerkstatt Grünstadt.pdf"): an ASCII fallback in ``filename=`` for old clients and
the full UTF-8 name in ``filename*=`` (RFC 6266), which every current browser prefers.
Files holding personal data are marked ``no-store`` so no browser or proxy cache keeps a
copy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from klimapakete.documents.text import clean_text

MAX_NAME = 120
# Characters a file system or a header must not see in a name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")
_ASCII = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "–": "-",
        "—": "-",
    }
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "zip": "application/zip",
    "ics": "text/calendar; charset=utf-8",
    "png": "image/png",
    "svg": "image/svg+xml",
}


def safe_filename(name: str) -> str:
    """``name`` without path separators, control or bidi characters, at most
    ``MAX_NAME`` characters (the extension is kept)."""
    name = _SPACES.sub(" ", _UNSAFE.sub("-", clean_text(name))).strip(" .-")
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 5:
        stem, extension = name, ""
    stem = stem[: MAX_NAME - len(extension) - 1].rstrip(" .-") or "download"
    return f"{stem}.{extension}" if extension else stem


def ascii_filename(name: str) -> str:
    """The name in ASCII for old clients: umlauts spelled out, other letters without
    accents, anything else as "_"."""
    spelled = unicodedata.normalize("NFKD", name.translate(_ASCII))
    plain = "".join(c for c in spelled if not unicodedata.combining(c))
    return "".join(c if 32 <= ord(c) < 127 else "_" for c in plain)


def disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment; filename="Tischplan.pdf"`` plus ``filename*=`` for a non-ASCII name."""
    name = safe_filename(filename)
    fallback = ascii_filename(name)
    value = content_disposition_header(not inline, fallback)
    if name != fallback:
        value += f"; filename*=utf-8''{quote(name)}"
    return value


def download_response(
    content: bytes | str | Iterable[bytes] | IO[bytes],
    *,
    filename: str,
    personal: bool,
    content_type: str | None = None,
    inline: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A response that downloads ``content`` as ``filename``.

    ``content_type`` defaults from the extension. ``personal`` (required, so every
    download decides) marks files with personal data ``no-store``. An iterable of bytes
    is streamed; so is an open binary file (e.g. ``tables.xlsx_file``), in blocks, and
    closed when the response is done.
    """
    if content_type is None:
        extension = filename.rpartition(".")[2].lower()
        content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    if isinstance(content, bytes | str):
        response = HttpResponse(content, content_type=content_type)
    elif hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    if personal:
        add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
    return response
