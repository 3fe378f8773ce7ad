"""Demo data: the demo team's definition with a BISKO baseline of a town of 48,000."""

from __future__ import annotations

from klimapakete.core import demo

from . import services
from .calc import Entry
from .definition import Boundary, Definition

# MWh final energy (rounded, of the order of a German town of this size)
DEMO_ENTRIES = [
    Entry("households", "natural_gas", 210_000, "B"),
    Entry("households", "heating_oil", 64_000, "C"),
    Entry("households", "electricity", 78_000, "A"),
    Entry("households", "wood_pellets", 18_000, "C"),
    Entry("commerce", "natural_gas", 95_000, "B"),
    Entry("commerce", "electricity", 82_000, "A"),
    Entry("industry", "natural_gas", 160_000, "B"),
    Entry("industry", "electricity", 120_000, "A"),
    Entry("municipal", "district_heat", 9_000, "A"),
    Entry("municipal", "electricity", 7_500, "A"),
    Entry("transport", "diesel", 190_000, "D"),
    Entry("transport", "petrol", 140_000, "D"),
]


@demo.register(order=55)
def build_neutrality(*, context: dict) -> None:
    team = context["team"]
    user = context["users"][0]
    definition = Definition()
    boundary = Boundary(target_year=2040, scope="both", administration_year=2035)
    services.boundary_save(team=team, user=user, boundary=boundary, definition=definition)
    services.frame_save(
        team=team, user=user, base_year=2022, population=48_000, budget_key="sru2024_175_67"
    )
    services.factor_set(team=team, user=user, carrier="district_heat", value=180.0)
    services.baseline_replace(team=team, user=user, entries=DEMO_ENTRIES)
