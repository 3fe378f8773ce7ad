"""A small demo selection for the demo team: 60 fictitious respondents, quotas, a result."""

from __future__ import annotations

import random

from klimapakete.core import demo
from klimapakete.selection import selectors
from klimapakete.selection.models import Respondent, Value
from klimapakete.selection.services import compute, setup

CATEGORIES = [
    ("Geschlecht", [("weiblich", 51, 12), ("männlich", 49, 10)]),
    ("Alter", [("16–34", 28, 6), ("35–59", 42, 10), ("60+", 30, 14)]),
    ("Stadtteil", [("Altstadt", 35, 12), ("Nord", 40, 9), ("Süd", 25, 10)]),
]
QUOTAS = {
    ("Geschlecht", "weiblich"): (5, 7),
    ("Geschlecht", "männlich"): (5, 7),
    ("Alter", "16–34"): (2, 4),
    ("Alter", "35–59"): (4, 6),
    ("Alter", "60+"): (3, 5),
    ("Stadtteil", "Altstadt"): (3, 5),
    ("Stadtteil", "Nord"): (3, 6),
    ("Stadtteil", "Süd"): (2, 4),
}
FIRST = ["Anna", "Ben", "Carla", "Deniz", "Emil", "Fatma", "Greta", "Hamid", "Ida", "Jonas"]
LAST = ["Albers", "Brückner", "Celik", "Dietz", "Engel", "Franke", "Goral", "Hahn"]


@demo.register(order=40)
def build_selection(*, context: dict) -> None:
    from klimapakete.teams.models import Team

    team = context.get("team") or Team.objects.filter(name="LocalZero Musterstadt").first()
    if team is None:
        return
    selection = setup.selection_create(
        team=team, title="Bürgerrat Wärmewende Musterstadt", panel_size=12
    )
    setup.categories_replace(
        selection=selection,
        rows=[
            setup.CategoryRow(category, value, share, rate)
            for category, values in CATEGORIES
            for value, share, rate in values
        ],
    )
    for value in Value.objects.filter(category__selection=selection).select_related("category"):
        value.quota_min, value.quota_max = QUOTAS[(value.category.name, value.name)]
        value.save(update_fields=["quota_min", "quota_max"])
    rng = random.Random(2026)
    people = []
    for number in range(1, 61):
        features = {
            "Geschlecht": rng.choice(["weiblich", "männlich"]),
            # Older people answer more often: a skewed pool, as in real life.
            "Alter": rng.choices(["16–34", "35–59", "60+"], weights=[2, 4, 5])[0],
            "Stadtteil": rng.choices(["Altstadt", "Nord", "Süd"], weights=[5, 3, 2])[0],
        }
        people.append(
            Respondent(
                selection=selection,
                number=number,
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} (Demo)",
                contact=f"demo{number}@example.org",
                features=features,
                source=Respondent.Source.IMPORT,
            )
        )
    Respondent.objects.bulk_create(people)
    # Compute right away (a small pool takes well under a second).
    from klimapakete.selection.models import Run

    instance = selectors.pool_instance(selection=selection)
    run = Run.objects.create(selection=selection, instance=selectors.instance_to_json(instance))
    compute.run_execute(run_id=run.pk)
