"""The sentences of the administration map: broken rules, approach phases and reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from klimapakete.actors.administration.services import AdminRuleError

RULE_MESSAGES = {
    "not_empty": _("Your administration map already has units; the template is only for a start."),
    "foreign_unit": _("Please choose a unit of your team's administration map."),
    "cycle": _("A unit cannot be part of itself or of one of its own parts."),
    "foreign_actor": _("Please choose an actor of your team."),
}


def rule_message(error: AdminRuleError) -> str:
    return str(RULE_MESSAGES.get(error.code, error.code))


PHASES = {
    "inside_allies": _("Allies inside the administration and council"),
    "motion": _("Party groups for a council motion"),
    "mayor": pgettext_lazy("approach phase", "The mayor's office"),
    "outside_pressure": _("Outside pressure, if the council route is blocked"),
    "": _("Earlier steps"),
}


# One full sentence per reason code of algorithms.approach_plan (named placeholders only).
REASONS = {
    "climate_office": _(
        "Works in the climate office (%(unit_name)s): the natural first partner inside "
        "the administration."
    ),
    "climate_office_unknown": _("Find out who works in the climate office (%(unit_name)s)."),
    "admin_ally": _("Sympathetic person inside the administration (%(unit_name)s)."),
    "councillor_ally": _(
        "Sympathetic councillor (%(unit_name)s): can carry the idea into the council."
    ),
    "company_ally": _("Sympathetic person in a municipal company (%(unit_name)s)."),
    "party_group_via_ally": _(
        "%(unit_name)s has sympathetic members (%(members_for)s of %(members_total)s): ask "
        "them to support a motion for a climate council."
    ),
    "party_group_persuade": _(
        "%(unit_name)s has no sympathetic member yet: win their support for a motion."
    ),
    "party_group_no_contact": _(
        "No member of %(unit_name)s is on your actor map yet: find a contact."
    ),
    "mayor": _(
        "Mayor's office (%(unit_name)s): approach with the motion and council support behind you."
    ),
    "mayor_unknown": _("Find out whom to approach in the mayor's office (%(unit_name)s)."),
    "outside_pressure_if_blocked": _(
        "If the council route is blocked: build outside pressure (open letter, citizens' "
        "motion) together with this ally."
    ),
    "outside_pressure_build": _(
        "If the council route is blocked: find allies for outside pressure (open letter, "
        "citizens' motion)."
    ),
}


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def reason_sentence(code: str, params: Mapping[str, Any]) -> str:
    """The translated reason of a step; unknown codes show the code itself."""
    template = REASONS.get(code)
    if template is None:
        return code
    return str(template) % _Params(params)
