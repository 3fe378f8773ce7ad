"""Date and time inputs that always carry ISO values.

Browsers' ``<input type="date">`` and ``type="time"`` accept only ISO values
(``2026-12-06``, ``18:30``) and show them in the user's locale. Django's widgets render the
first of the active language's input formats ("06.12.2026" in German), which the browser
rejects: the field looks empty and saving fails or drops the date. Every date or time field
of the project uses these widgets (``core/tests/test_widgets.py`` walks every form).
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format or ISO_DATE)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None, format=None):  # noqa: A002
        super().__init__(attrs=attrs, format=format or ISO_TIME)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):  # noqa: A002
        super().__init__(attrs=attrs, format=format or ISO_DATETIME)
