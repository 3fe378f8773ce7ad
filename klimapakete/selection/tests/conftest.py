from __future__ import annotations

import pytest

from klimapakete.selection.models import Respondent, Value, match_key
from klimapakete.selection.services import setup


def build_selection(team, *, n: int = 12, k: int = 4, title: str = "Bürgerrat Test"):
    """A pool of ``n`` with gender f/m and age young/old; quotas 2/2 by gender."""
    selection = setup.selection_create(team=team, title=title, panel_size=k)
    setup.categories_replace(
        selection=selection,
        rows=setup.parse_category_rows(
            [
                ["gender", "f", "50", "10"],
                ["gender", "m", "50", "10"],
                ["age", "young", "40", "5"],
                ["age", "old", "60", "10"],
            ]
        ),
    )
    quotas = {"f": (k // 2, k // 2), "m": (k - k // 2, k - k // 2), "young": (1, k), "old": (1, k)}
    for value in Value.objects.filter(category__selection=selection):
        value.quota_min, value.quota_max = quotas[value.name]
        value.save()
    Respondent.objects.bulk_create(
        Respondent(
            selection=selection,
            number=i + 1,
            name=f"Person {i + 1}",
            contact=f"p{i + 1}@example.org",
            match_key=match_key(f"Person {i + 1}", f"p{i + 1}@example.org"),
            features={"gender": "fm"[i % 2], "age": "young" if i % 3 == 0 else "old"},
            source=Respondent.Source.IMPORT,
        )
        for i in range(n)
    )
    return selection


@pytest.fixture
def selection(personas):
    return build_selection(personas["team"])


@pytest.fixture(autouse=True)
def _english(settings, request):
    """Assertions read the English source strings."""
    settings.LANGUAGE_CODE = "en"
    if "personas" in request.fixturenames:
        request.getfixturevalue("personas")
        from klimapakete.accounts.models import User

        User.objects.update(language="en")


@pytest.fixture
def registration(settings):
    """The fields of a registration as the public form sends them (a person's pace)."""
    from klimapakete.core.clients import started_token
    from klimapakete.selection.forms import REGISTRATION_SALT

    settings.SELECTION_REGISTRATION_MIN_SECONDS = 0

    def data(selection, name="Rita Resident", contact="rita@example.org", **extra) -> dict:
        fields = {
            "name": name,
            "contact": contact,
            "consent": "on",
            "started": started_token(REGISTRATION_SALT),
        }
        for category in selection.categories.all():
            fields[f"category_{category.pk}"] = category.values.first().name
        return {**fields, **extra}

    return data
