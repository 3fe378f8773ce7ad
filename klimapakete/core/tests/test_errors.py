"""The error convention: codes become translated sentences, never raw codes."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy, ngettext_lazy

from klimapakete.core.errors import Messages, error_message, error_messages
from klimapakete.errors import DomainError


class SampleError(DomainError):
    pass


class SampleSubError(SampleError):
    pass


MESSAGES = Messages(
    SampleError,
    {
        "plain": gettext_lazy("German"),
        "count": ngettext_lazy("%(n)s actor", "%(n)s actors", "n"),
        "named": "Column “%(column)s” is missing.",
    },
    fallback="Something went wrong.",
)


def test_a_code_becomes_its_sentence_in_the_active_language():
    with translation.override("de"):
        assert error_message(SampleError("plain")) == "Deutsch"
    with translation.override("en"):
        assert error_message(SampleError("plain")) == "German"


def test_counts_choose_their_plural_form():
    assert error_message(SampleError("count", n=1)) == "1 Akteur:in"
    assert error_message(SampleError("count", n=3)) == "3 Akteur:innen"
    with translation.override("en"):
        assert error_message(SampleError("count", n=1)) == "1 actor"


def test_subclasses_use_the_messages_of_their_parent():
    assert error_message(SampleSubError("named", column="E-Mail")) == "Column “E-Mail” is missing."


def test_unknown_codes_and_missing_parameters_give_the_fallback_never_the_code():
    assert error_message(SampleError("no_such_code")) == "Something went wrong."
    assert error_message(SampleError("named")) == "Something went wrong."


def test_every_problem_gets_a_sentence():
    error = SampleError("plain", problems=[("count", {"n": 2}), ("named", {"column": "Alter"})])
    assert error_messages(error) == ["2 Akteur:innen", "Column “Alter” is missing."]


def test_every_table_error_and_warning_has_a_sentence_in_both_languages():
    import re

    from klimapakete.core.messages import TABLE_MESSAGES
    from klimapakete.tables import model

    documented = re.findall(r"``(\w+)``", (model.TableError.__doc__ or "") + model.Table.__doc__)
    codes = {c for c in documented if c == c.lower() and c in model.COMMAND_LINE_TEXT} | {
        "formula",
        "lost_characters",
        "extra_cells",
        "stopped_at_empty_rows",
    }
    assert set(model.COMMAND_LINE_TEXT) <= codes
    params = {
        "sheet": "X",
        "sheets": "A, B",
        "line": 3,
        "max_mb": 5,
        "max": 10,
        "row": 4,
        "column": 2,
        "seconds": 10,
        "rows": "2, 3",
        "count": 2,
    }
    for code in codes:
        assert code in TABLE_MESSAGES
        with translation.override("en"):
            english = TABLE_MESSAGES.sentence(code, params)
        with translation.override("de"):
            german = TABLE_MESSAGES.sentence(code, params)
        assert english != str(TABLE_MESSAGES.fallback)
        assert german != english, code
