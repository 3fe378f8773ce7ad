"""Art. 9(2)(a) GDPR: sensitive answers need express consent in the service itself, so
no caller (another form, an API, a script) can store them without it."""

from __future__ import annotations

import pytest

from klimapakete.core.errors import error_message
from klimapakete.selection import selectors
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.services import pool as services


@pytest.fixture
def open_selection(selection):
    assert selectors.registration_open(selection)
    selection.categories.filter(name="age").update(special=True)
    return selection


def _register(selection, **extra):
    return services.respondent_register(
        selection=selection,
        name="Rita Resident",
        contact="rita@example.org",
        features={"gender": "f", "age": "young"},
        consent=True,
        **extra,
    )


def test_a_sensitive_answer_without_express_consent_is_refused(open_selection):
    with pytest.raises(SelectionError) as refused:
        _register(open_selection)
    assert refused.value.code == "special_consent"
    assert "agree expressly to the use of your sensitive answers" in error_message(refused.value)
    assert not open_selection.respondents.filter(source="form").exists()


def test_with_express_consent_the_answer_is_stored(open_selection):
    respondent = _register(open_selection, special_consent=True)
    assert respondent.features["age"] == "young"


def test_prefer_not_to_say_needs_no_express_consent(open_selection):
    respondent = services.respondent_register(
        selection=open_selection,
        name="Rita Resident",
        contact="rita@example.org",
        features={"gender": "f", "age": ""},
        consent=True,
    )
    assert respondent.features["age"] == ""
