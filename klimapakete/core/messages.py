"""Sentences for the errors of the shared pieces in core: uploads, and the table layer
(``klimapakete.tables``: every upload's errors and warnings, in one place for all apps)."""

from django.utils.translation import gettext_lazy, ngettext_lazy

from klimapakete.core.errors import Messages
from klimapakete.core.mail import MailLimitError
from klimapakete.core.uploads import UploadError
from klimapakete.tables import TableError

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

TABLE_MESSAGES = Messages(
    TableError,
    {
        "empty": gettext_lazy("The file is empty."),
        "header_only": gettext_lazy("The file has column headings but no rows."),
        "binary": gettext_lazy(
            "This does not look like a table. Please upload a CSV file, an Excel workbook "
            "(.xlsx) or an OpenDocument spreadsheet (.ods)."
        ),
        "old_excel": gettext_lazy(
            "This is an old Excel file (.xls). Please save it as .xlsx or CSV and upload it again."
        ),
        "unreadable_xlsx": gettext_lazy(
            "The workbook could not be read. Please save it as .xlsx or CSV and upload it again."
        ),
        "sheet_missing": gettext_lazy(
            "The workbook has no sheet “%(sheet)s”. Its sheets are: %(sheets)s."
        ),
        "bad_csv": gettext_lazy(
            "The CSV file could not be read (near line %(line)s). Please check its quotation "
            "marks and save it again."
        ),
        "too_large": gettext_lazy("The file is too large: at most %(max_mb)s MB are possible."),
        "too_large_unpacked": gettext_lazy(
            "The workbook is too large when unpacked: at most %(max_mb)s MB are possible. "
            "Please save only the sheet you need, or save it as CSV."
        ),
        "too_many_rows": ngettext_lazy(
            "The file has more than %(max)s row. Please split it into several files.",
            "The file has more than %(max)s rows. Please split it into several files.",
            "max",
        ),
        "too_many_columns": ngettext_lazy(
            "The file has more than %(max)s column.",
            "The file has more than %(max)s columns.",
            "max",
        ),
        "cell_too_long": ngettext_lazy(
            "Row %(row)s has a cell with more than %(max)s character. If that is "
            "not intended, a quotation mark may not be closed.",
            "Row %(row)s has a cell with more than %(max)s characters. If that is "
            "not intended, a quotation mark may not be closed.",
            "max",
        ),
        "too_slow": gettext_lazy(
            "Reading the file took longer than %(seconds)s s. Please save it as CSV or "
            "split it into several files."
        ),
        # Warnings: the table was read, but the user should look at these rows.
        "formula": ngettext_lazy(
            "%(count)s row has a cell that starts with “=” (row %(rows)s): it was imported "
            "as text, not calculated.",
            "%(count)s rows have cells that start with “=” (rows %(rows)s): they were "
            "imported as text, not calculated.",
            "count",
        ),
        "lost_characters": ngettext_lazy(
            "%(count)s row has a “?” or “�” where a letter should be (row %(rows)s): the "
            "file may have been saved in another encoding. Please check the row, or save the "
            "file as “CSV UTF-8”.",
            "%(count)s rows have a “?” or “�” where a letter should be (rows %(rows)s): the "
            "file may have been saved in another encoding. Please check these rows, or save "
            "the file as “CSV UTF-8”.",
            "count",
        ),
        "extra_cells": ngettext_lazy(
            "%(count)s row has cells right of the last column heading (row %(rows)s): they "
            "were not read.",
            "%(count)s rows have cells right of the last column heading (rows %(rows)s): "
            "they were not read.",
            "count",
        ),
        "stopped_at_empty_rows": gettext_lazy(
            "Reading stopped after row %(row)s: a long run of empty rows follows it, and "
            "rows below it were not read."
        ),
    },
    fallback=gettext_lazy(
        "The file could not be read as a table. Please upload a CSV file or an Excel "
        "workbook (.xlsx)."
    ),
)


MAIL_LIMIT_MESSAGES = Messages(
    MailLimitError,
    {
        "per_request": ngettext_lazy(
            "Nothing was sent: at most %(limit)s outside address can be invited at once "
            "(you entered %(count)s).",
            "Nothing was sent: at most %(limit)s outside addresses can be invited at once "
            "(you entered %(count)s).",
            "limit",
        ),
        "team_day": ngettext_lazy(
            "Nothing was sent: your team can mail at most %(limit)s outside address a day; "
            "still possible today: %(left)s.",
            "Nothing was sent: your team can mail at most %(limit)s outside addresses a day; "
            "still possible today: %(left)s.",
            "limit",
        ),
        "user_day": ngettext_lazy(
            "Nothing was sent: you can mail at most %(limit)s outside address a day; "
            "still possible today: %(left)s.",
            "Nothing was sent: you can mail at most %(limit)s outside addresses a day; "
            "still possible today: %(left)s.",
            "limit",
        ),
    },
    fallback=gettext_lazy("Nothing was sent: too many mails to outside addresses."),
)
