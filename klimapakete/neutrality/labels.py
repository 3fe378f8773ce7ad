"""The interface's words for sectors, roles, choices and their consequences."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .calc import DIRECT
from .reference import load_factors

SECTORS = {
    "households": _("Private households"),
    "commerce": _("Trade, commerce and services"),
    "industry": _("Industry"),
    "municipal": _("Municipal facilities"),
    "transport": _("Transport"),
    "process": _("Industrial process emissions"),
    "agriculture": _("Agriculture"),
    "land_use": _("Land use (sinks and sources)"),
    "waste": _("Waste and waste water"),
}

# Shorter names where a chart line has little room.
CHART_SECTORS = {
    "commerce": _("Commerce (GHD)"),
    "process": _("Process emissions"),
    "land_use": _("Land use"),
    "waste": _("Waste"),
}

ROLES = {
    "consumer": _("Consume and set an example"),
    "supplier": _("Supply and offer"),
    "regulator": _("Plan and regulate"),
    "motivator": _("Advise and motivate"),
}
ROLE_EXAMPLES = {
    "consumer": _("own buildings, fleet, street lighting, procurement"),
    "supplier": _("Stadtwerke, public transport, housing company, waste collection"),
    "regulator": _("land-use, heat and transport planning, statutes, contracts"),
    "motivator": _("advice, campaigns, funding programmes, networks"),
}

INFLUENCE = {
    "direct": _("direct"),
    "indirect": _("indirect"),
    "little": _("little"),
}

# Each choice with the consequence shown next to it.
CHOICES = {
    "basis": {
        "bisko": (
            _("BISKO territorial balance (German municipal standard)"),
            _(
                "Comparable with other towns and with the balances of climate managers and "
                "funding programmes. Counts final energy used in the territory; process "
                "emissions, agriculture and land use stay outside."
            ),
        ),
        "einfluss": (
            _("Einflussbilanz: BISKO plus process emissions, agriculture and land use"),
            _(
                "Shows more of what really happens in the town, but the figures are no longer "
                "comparable with pure BISKO balances, and the extra sectors often lack local "
                "data."
            ),
        ),
    },
    "gases": {
        "ksg": (
            _("All seven greenhouse gases of § 2 KSG as CO2 equivalents"),
            _("“Greenhouse-gas neutral” in the sense of the federal climate act."),
        ),
        "co2": (
            _("CO2 only"),
            _(
                "Simpler, but methane and nitrous oxide (agriculture, gas leaks) are missing; "
                "the target may not be called greenhouse-gas neutral."
            ),
        ),
    },
    "electricity": {
        "national_mix": (
            _("Electricity with the national mix (BISKO)"),
            _(
                "Local solar and wind lower the balance only through the national mix; "
                "saving electricity always counts."
            ),
        ),
        "local_green": (
            _("Local green power counted separately (not BISKO-conform)"),
            _(
                "Makes local generation visible, but the balance is no longer BISKO-conform "
                "and risks counting green power twice."
            ),
        ),
    },
    "residual": {
        "sinks": (
            _("Sinks within the town count; offsets are reported separately"),
            _(
                "Forests and moors inside the boundary may balance the unavoidable rest. "
                "Bought certificates are listed on their own and never subtracted."
            ),
        ),
        "gross": (
            _("No netting: emissions themselves must fall to the residual"),
            _("The strictest reading: neither sinks nor certificates are subtracted."),
        ),
    },
    "scope": {
        "territory": (
            _("The whole territory"),
            _("Everyone in town is addressed; the town can act itself only in part."),
        ),
        "administration": (
            _("The administration and its companies"),
            _("The town can reach this itself, but it is only a few per cent of emissions."),
        ),
        "both": (
            _("Both, the administration earlier"),
            _("A common pattern: the administration sets an example years before the town."),
        ),
    },
    "wording": {
        "thg": (
            _("“treibhausgasneutral” (greenhouse-gas neutral)"),
            _("The precise word for a target about all greenhouse gases."),
        ),
        "klima": (
            _("“klimaneutral” (climate neutral)"),
            _(
                "Familiar and short, but strictly it also includes other effects on the "
                "climate; the definition states what is meant."
            ),
        ),
    },
}

CONSUMPTION_NOTE = _(
    "A consumption-based view (what residents buy, wherever it is made) is shown for "
    "information only: it is not part of the balance, and it is typically well above the "
    "territorial figure."
)


def choice_label(group: str, value: str) -> str:
    return str(CHOICES[group][value][0])


def choice_consequence(group: str, value: str) -> str:
    return str(CHOICES[group][value][1])


def carriers() -> dict[str, str]:
    """Carrier key → label in the current language (from the factor file), plus direct."""
    language = get_language() or "de"
    labels = {f.carrier: f.label(language) for f in load_factors().factors}
    labels[DIRECT] = str(_("Tonnes CO2e booked directly"))
    return labels


def sector(key: str) -> str:
    return str(SECTORS.get(key, key))


def chart_sector(key: str) -> str:
    return str(CHART_SECTORS.get(key) or SECTORS.get(key, key))


def population_source(language: str) -> str:
    """The national population the budget share divides by, with its source."""
    from klimapakete.documents import format_number

    from .reference import load_budgets

    budgets = load_budgets()
    return f"{budgets.population_source} ({format_number(budgets.population, language)})"
