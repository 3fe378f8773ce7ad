"""Attachment files: stored under MEDIA_ROOT (outside the web root), served by a view."""

from __future__ import annotations

from django.db import transaction
from django.http import FileResponse

from klimapakete.core.uploads import KINDS

# Downloads open nothing in the browser: no scripts, no plugins, no framing.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def attachment_response(attachment) -> FileResponse:
    kind = KINDS.get(attachment.kind)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=kind.mime if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_file_delete(sender, instance, **kwargs) -> None:
    """Remove the file once the row is gone for good (also when a team or practice is
    deleted and the row goes by cascade). Connected to ``post_delete`` in the app config —
    a cascade runs no service, so this is the one place that sees every deletion."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
