"""Every date and time input of the project carries ISO values, whatever the language.

A browser's ``<input type="date">`` accepts only ``yyyy-mm-dd``; a German "06.12.2026"
makes the field look empty, and saving then fails or drops the date (issue 10, part 1).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date, datetime, time
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

import klimapakete
from klimapakete.core.widgets import DateInput, DateTimeInput, TimeInput

PACKAGE_DIR = Path(settings.BASE_DIR) / "klimapakete"
SAMPLES = {
    forms.DateTimeField: (datetime(2026, 12, 6, 18, 30), "2026-12-06T18:30"),
    forms.DateField: (date(2026, 12, 6), "2026-12-06"),
    forms.TimeField: (time(18, 30), "18:30"),
}


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project (forms modules and views that declare one)."""
    for module in pkgutil.walk_packages(klimapakete.__path__, "klimapakete."):
        name = module.name
        if ".tests" in name or ".migrations" in name or ".management" in name:
            continue
        if name.rsplit(".", 1)[-1].startswith(("forms", "views")) or ".forms" in name:
            importlib.import_module(name)
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("klimapakete."):
            found.append(cls)
    return found


def date_fields():
    for form in project_forms():
        for name, field in form.base_fields.items():
            for kind, (value, iso) in SAMPLES.items():
                if isinstance(field, kind):
                    yield f"{form.__module__}.{form.__name__}.{name}", field, value, iso
                    break


def test_the_walk_finds_the_known_date_fields():
    names = {name for name, *_ in date_fields()}
    assert "klimapakete.workshops.forms.WorkshopForm.date" in names
    assert "klimapakete.workshops.forms.ActionItemForm.due" in names
    assert "klimapakete.packages.forms.ItemPlanForm.due_date" in names
    assert "klimapakete.actors.directory.forms.ConversationForm.date" in names


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_date_and_time_input_renders_iso(language):
    wrong = []
    with translation.override(language):
        for name, field, value, iso in date_fields():
            html = field.widget.render("field", value)
            if f'value="{iso}"' not in html or 'type="text"' in html:
                wrong.append(f"{name}: {html}")
    assert wrong == []


@pytest.mark.parametrize(
    ("widget", "value", "html"),
    [
        (DateInput(), date(2026, 1, 2), 'type="date" name="d" value="2026-01-02"'),
        (TimeInput(), time(9, 5), 'type="time" name="d" value="09:05"'),
        (
            DateTimeInput(),
            datetime(2026, 1, 2, 9, 5),
            'type="datetime-local" name="d" value="2026-01-02T09:05"',
        ),
    ],
)
def test_the_shared_widgets_ignore_the_language(widget, value, html):
    with translation.override("de"):
        assert html in widget.render("d", value)


def test_hand_written_date_inputs_in_templates_use_iso():
    wrong = []
    for path in PACKAGE_DIR.glob("**/templates/**/*.html"):
        for tag in re.findall(
            r'<input[^>]*type="(?:date|time|datetime-local)"[^>]*>', path.read_text()
        ):
            value = re.search(r'value="([^"]*)"', tag)
            if (
                value
                and value.group(1)
                and not re.search(r"date:'Y-m-d'|time:'H:i'|\|date:\"Y-m-d\"", value.group(1))
            ):
                wrong.append(f"{path.relative_to(PACKAGE_DIR)}: {tag}")
    assert wrong == []
