"""The municipal rules that apply to one team's council. Pure: no Django.

A team in Berlin, Hamburg or Bremen sets up its council at the district level, so the
district's facts replace the state's for the keys the district level lists; every other
fact is the state's. A fact we could not confirm stays ``unknown`` – callers must say so
and never fill it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from klimapakete.legal import load_references, load_states
from klimapakete.legal.model import Fact, ReferenceCouncil, StateRules


@dataclass(frozen=True)
class CouncilRules:
    """The facts that decide a council's wording for one federal state."""

    state: StateRules
    facts: dict[str, Fact]
    district: bool  # the district level of a city-state

    def fact(self, key: str) -> Fact:
        return self.facts[key]

    def known(self, key: str) -> Fact | None:
        """The fact when it is verified or secondary, else ``None``."""
        fact = self.facts[key]
        return fact if fact.known else None

    def value(self, key: str) -> str:
        """The fact's short value, or "" when it is unknown."""
        fact = self.known(key)
        return fact.value if fact else ""

    @property
    def code_abbreviation(self) -> str:
        """ "GO NRW"; "" when the municipal code or its abbreviation is not known."""
        fact = self.known("municipal_code")
        return fact.law if fact else ""

    @property
    def code_title(self) -> str:
        """ "Gemeindeordnung für das Land Nordrhein-Westfalen (GO NRW)"; "" when unknown."""
        fact = self.known("municipal_code")
        if fact is None:
            return ""
        if fact.law and fact.law not in fact.value:
            return f"{fact.value} ({fact.law})"
        return fact.value


def council_rules(state: StateRules) -> CouncilRules:
    facts = dict(state.facts)
    if state.district is not None:
        facts.update(state.district.facts)
    return CouncilRules(state=state, facts=facts, district=state.district is not None)


@cache
def all_states() -> dict[str, StateRules]:
    """The shipped state files, read once per process."""
    return load_states()


@cache
def all_references() -> dict[str, ReferenceCouncil]:
    """The shipped reference councils, read once per process."""
    return load_references()


def rules_for(code: str) -> CouncilRules:
    return council_rules(all_states()[code])
