"""Sentences for the errors of the shared pieces in core."""

from django.utils.translation import gettext_lazy

from klimapakete.core.errors import Messages
from klimapakete.core.uploads import UploadError

UPLOAD_MESSAGES = Messages(
    UploadError,
    {
        "empty": gettext_lazy("The file is empty."),
        "too_large": gettext_lazy("The file is too large (at most %(max_mb)s MB)."),
        "type": gettext_lazy(
            "This type of file cannot be uploaded. Allowed are: %(allowed)s "
            "(recognised by the file's content, not its name)."
        ),
    },
    fallback=gettext_lazy("The file could not be uploaded."),
)
