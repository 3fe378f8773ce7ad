"""Uploaded files (forum attachments, advice files, workshop materials): stored under
MEDIA_ROOT (outside the web root), served by a view after its access check."""

from __future__ import annotations

from django.db import transaction

from klimapakete.core.downloads import download_response
from klimapakete.core.uploads import KINDS

# Downloads open nothing in the browser: no scripts, no plugins, no framing.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def _chunks(file, size: int = 64 * 1024):
    with file.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def attachment_response(attachment):
    """The attachment as a download (streamed), never displayed by the browser."""
    kind = KINDS.get(attachment.kind)
    response = download_response(
        _chunks(attachment.file),
        filename=attachment.original_name,
        content_type=kind.mime if kind else "application/octet-stream",
        personal=True,  # readable only after an access check: no shared caches
    )
    response["Content-Length"] = str(attachment.size)
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


def attachment_file_delete(sender, instance, **kwargs) -> None:
    """Remove the file once the row is gone for good (also when a team or practice is
    deleted and the row goes by cascade). Connected to ``post_delete`` in the app config —
    a cascade runs no service, so this is the one place that sees every deletion."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
