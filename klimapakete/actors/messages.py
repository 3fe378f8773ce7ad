"""The actor map's sentences: broken rules of each subject, the import's row problems,
and the approach plan's phases and reasons. Views hand these sentences to templates
(``core.errors.error_message``); templates never see codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from klimapakete.actors.administration.services import AdminRuleError
from klimapakete.actors.analysis.services import RecruitmentMoveError
from klimapakete.actors.directory.services import ActorRuleError
from klimapakete.actors.importing.services import ImportRejected
from klimapakete.core.errors import Messages

ACTOR_MESSAGES = Messages(
    ActorRuleError,
    {
        "sector_exists": gettext_lazy("There is already a sector with this name."),
        "foreign_sector": gettext_lazy("Please choose one of your team's sectors."),
        "bad_organisation": gettext_lazy("Please choose an organisation of your team's actor map."),
        "foreign_unit": gettext_lazy("Please choose a unit of your team's administration map."),
        "owner_not_member": gettext_lazy("Please choose a member of your team."),
        "foreign_actor": gettext_lazy("Please choose an actor of your team."),
        "self_relationship": gettext_lazy("An actor cannot have a relationship with itself."),
        "duplicate_relationship": gettext_lazy("This relationship is already recorded."),
    },
    fallback=gettext_lazy("This change could not be saved."),
)

ADMINISTRATION_MESSAGES = Messages(
    AdminRuleError,
    {
        "not_empty": _(
            "Your administration map already has units; the template is only for a start."
        ),
        "foreign_unit": _("Please choose a unit of your team's administration map."),
        "cycle": _("A unit cannot be part of itself or of one of its own parts."),
        "foreign_actor": _("Please choose an actor of your team."),
    },
    fallback=gettext_lazy("This change could not be saved."),
)

RECRUITMENT_MESSAGES = Messages(
    RecruitmentMoveError,
    {},
    fallback=gettext_lazy(
        "This actor could not be moved: choose a position from 1 on, and note that "
        "committed and active actors are no longer in the order."
    ),
)

# The import's problems: one per row error (``row``, ``value``, ``field``, ``allowed``
# and the error's own parameters), and ``rejected`` for the whole file.
IMPORT_MESSAGES = Messages(
    ImportRejected,
    {
        "rejected": gettext_lazy("Nothing was imported: the file has errors."),
        "name_missing": gettext_lazy("Row %(row)s: the name is missing."),
        "too_long": ngettext_lazy(
            "Row %(row)s: “%(field)s” is longer than %(max)s character.",
            "Row %(row)s: “%(field)s” is longer than %(max)s characters.",
            "max",
        ),
        "unknown_kind": gettext_lazy(
            "Row %(row)s: kind “%(value)s” is unknown — allowed: %(allowed)s."
        ),
        "bad_stance": gettext_lazy(
            "Row %(row)s: stance “%(value)s” is unknown — allowed: %(allowed)s."
        ),
        "bad_power": gettext_lazy("Row %(row)s: power must be 1–5, not “%(value)s”."),
        "bad_ease": gettext_lazy("Row %(row)s: how easy to win must be 1–5, not “%(value)s”."),
        "bad_ladder": gettext_lazy(
            "Row %(row)s: ladder step “%(value)s” is unknown — allowed: %(allowed)s."
        ),
        "bad_email": gettext_lazy("Row %(row)s: “%(value)s” is not an e-mail address."),
        "bad_bool": gettext_lazy("Row %(row)s: “%(value)s” is neither yes nor no."),
        "bad_rhythm": gettext_lazy(
            "Row %(row)s: the contact rhythm must be a number of days from 1 to 730, "
            "not “%(value)s”."
        ),
        "unknown_sector": gettext_lazy(
            "Row %(row)s: sector “%(value)s” is unknown — known sectors: %(allowed)s. "
            "Tick “Create missing sectors” in the mapping step to add it."
        ),
        "unknown_owner": gettext_lazy(
            "Row %(row)s: “%(value)s” is not a member of the team — use a member's e-mail "
            "address or name."
        ),
        "ambiguous_owner": gettext_lazy(
            "Row %(row)s: several members are called “%(value)s” — use the e-mail address."
        ),
        "self_organisation": gettext_lazy("Row %(row)s: an actor cannot belong to itself."),
        "organisation_is_person": gettext_lazy(
            "Row %(row)s: “%(value)s” is a person, not an organisation."
        ),
        "ambiguous_organisation": gettext_lazy(
            "Row %(row)s: several organisations are called “%(value)s”."
        ),
        "duplicate_in_file": gettext_lazy(
            "Row %(row)s: “%(value)s” already appears in row %(first)s. To update existing "
            "actors, each name may appear only once."
        ),
        "ambiguous_existing": gettext_lazy(
            "Row %(row)s: several actors are called “%(value)s”, so it is unclear which one "
            "to update."
        ),
        "actor_missing": gettext_lazy("Row %(row)s: “%(field)s” is empty."),
        "unknown_actor": gettext_lazy(
            "Row %(row)s: there is no actor called “%(value)s” — import or add the actors first."
        ),
        "ambiguous_actor": gettext_lazy("Row %(row)s: several actors are called “%(value)s”."),
        "bad_relationship_kind": gettext_lazy(
            "Row %(row)s: kind of relationship “%(value)s” is unknown — allowed: %(allowed)s."
        ),
        "bad_strength": gettext_lazy(
            "Row %(row)s: strength “%(value)s” is unknown — allowed: %(allowed)s."
        ),
        "self_relationship": gettext_lazy(
            "Row %(row)s: an actor cannot have a relationship with itself."
        ),
    },
    fallback=gettext_lazy("A row has a value that cannot be imported."),
)


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


STRENGTH_LABELS = {
    1: gettext_lazy("weak tie"),
    2: gettext_lazy("medium tie"),
    3: gettext_lazy("strong tie"),
}

# One full sentence per reason code of analysis.key_persons (the last one is the fallback).
KEY_PERSON_REASONS = {
    "powerful_bridge": _(
        "High power (%(power)s of 5) and the link between %(groups)s otherwise separate "
        "groups of the network."
    ),
    "gatekeeper": _("The only link between %(parts)s otherwise separate parts of the network."),
    "bridge": _("Links %(groups)s otherwise separate groups of the network."),
    "central": _("Many of the shortest paths through the network run through this actor."),
    "powerful": _("High power (%(power)s of 5)."),
    "connected": ngettext_lazy(
        "Power %(power)s of 5, with %(degree)s known relationship in the network.",
        "Power %(power)s of 5, with %(degree)s known relationships in the network.",
        "degree",
    ),
    "power_only": _("Power %(power)s of 5; no relationships recorded yet."),
}

# One full sentence per reason code of analysis.recruitment_order (the last is the fallback).
RECRUITMENT_REASONS = {
    "team_choice": _("Placed here by the team (asked for position %(rank)s)."),
    "already_ally": _("Already on our side: ask for a firm commitment."),
    "introduction": _("%(introducer)s can introduce us (%(strength)s)."),
    "opponent": _("Currently against: approach late, once support has grown."),
    "easy": _("Easy to win (%(ease)s of 5)."),
    "sympathetic": _("Sympathetic to the cause."),
    "worth_the_effort": _("Hard to win but powerful (%(power)s of 5): worth the effort."),
    "remaining": _("No introduction yet and undecided: approach once others are won."),
}


def _sentence(table: Mapping[str, Any], code: str, values: dict) -> str:
    template = table.get(code) or list(table.values())[-1]
    return str(template % values)


def key_person_reason(code: str, params: Mapping[str, Any]) -> str:
    values = {key: params.get(key) for key in ("power", "groups", "parts")}
    values["degree"] = params.get("degree") or 0
    return _sentence(KEY_PERSON_REASONS, code, values)


def recruitment_reason(code: str, params: Mapping[str, Any], introducer: str | None) -> str:
    values = {
        "ease": params.get("ease"),
        "power": params.get("power"),
        "rank": params.get("requested_rank"),
        "introducer": introducer or "",
        "strength": STRENGTH_LABELS.get(params.get("strength"), ""),
    }
    return _sentence(RECRUITMENT_REASONS, code, values)
