"""The shipped reference data: every factor has a source and a year; budgets are sourced."""

from klimapakete.neutrality import calc
from klimapakete.neutrality.reference import load_budgets, load_factors


def test_every_factor_has_a_source_a_year_and_a_plausible_value():
    factors = load_factors()
    assert factors.version and factors.standard == "BISKO"
    assert {"electricity", "heating_oil", "natural_gas", "diesel", "petrol"} <= set(
        factors.by_carrier()
    )
    for factor in factors.factors:
        assert factor.source.title and factor.source.url.startswith("https://")
        assert factor.source.where  # the table or section in the source
        assert 2015 <= factor.year <= 2030
        assert factor.label_de and factor.label_en
        assert factor.g_per_kwh is None or 0 <= factor.g_per_kwh < 1000


def test_the_last_check_against_the_sources_is_recorded():
    from datetime import date

    factors = load_factors()
    assert date.fromisoformat(factors.checked_on) >= date(2026, 12, 6)
    assert "uba_strommix" in factors.check_result and "2024.1" in factors.check_result


def test_the_electricity_factor_lies_above_the_direct_co2_of_its_year():
    """BISKO's factor adds the upstream chain and CH4/N2O to the CO2 of generation; a value
    below the Umweltbundesamt's direct CO2 for the same year would be a wrong figure."""
    electricity = load_factors().by_carrier()["electricity"]
    assert electricity.direct_co2_source.url.startswith("https://www.umweltbundesamt.de/")
    assert electricity.direct_co2_g_per_kwh < electricity.g_per_kwh


def test_district_heat_is_plant_specific():
    assert load_factors().plant_specific == {"district_heat"}


def test_shipped_factors_give_the_bisko_figures():
    factors = load_factors().defaults()
    result = calc.balance([calc.Entry("households", "natural_gas", 1000)], factors)
    assert result.total == 247.0


def test_budgets_have_source_date_and_one_default():
    budgets = load_budgets()
    assert budgets.population > 80_000_000 and budgets.population_source
    assert sum(b.default for b in budgets.budgets) == 1
    for budget in budgets.budgets:
        assert budget.source and budget.published and budget.tonnes > 1e9
    assert budgets.get("unknown") == budgets.default
