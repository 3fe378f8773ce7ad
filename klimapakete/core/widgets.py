"""Date and time inputs that always carry ISO values.

Browsers' ``<input type="date">`` and ``type="time"`` accept only ISO values
(``2026-12-06``, ``18:30``) and show them in the user's locale. Django's widgets render the
first of the active language's input formats ("06.12.2026" in German), which the browser
rejects: the field looks empty and saving fails or drops the date. Every date or time field
of the project uses these widgets (``core/tests/test_widgets.py`` walks every form).
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

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


class LongSelect(forms.Select):
    """A select rendered in Python, for lists that can grow to hundreds of options (a
    team's sectors): Django's template per option costs about a millisecond per ten."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )
