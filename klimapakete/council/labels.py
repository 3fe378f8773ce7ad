"""The words of the user interface for the profile: choices, field names, values and the
sentences of a version diff. (The generated documents are German and have their own
wording in ``drafting``.)"""

from __future__ import annotations

import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from .diff import Change
from .profile import CHOICES, Profile, SeatGroup

ROUTES = {
    "statute": gettext_lazy("Statute (Satzung) adopted by the council"),
    "rules": gettext_lazy("Council resolution with rules of procedure (Geschäftsordnung)"),
    "hauptsatzung": gettext_lazy("Named in the main statute (Hauptsatzung), details in a statute"),
    "committee": gettext_lazy("Committee of the council with co-opted citizens"),
}
ROUTE_HELP = {
    "statute": gettext_lazy(
        "The most binding form: rights and composition can only be changed by the council "
        "with a new statute. Munich and Augsburg chose it."
    ),
    "rules": gettext_lazy(
        "Quicker to adopt and to adjust later; the council sets the council up by resolution "
        "and adopts its rules of procedure. Münster has worked like this since 2011."
    ),
    "hauptsatzung": gettext_lazy(
        "Needed where the state or the town requires advisory councils to be named in the "
        "main statute, which may need a special majority. Bad Dürkheim anchored its council "
        "in § 16 of its Hauptsatzung."
    ),
    "committee": gettext_lazy(
        "A real committee of the council that votes; citizens without a council seat can "
        "only take part where the state's municipal code allows it."
    ),
}
TASKS = {
    "advise": gettext_lazy("Advise the council and the administration on climate matters"),
    "comment": gettext_lazy("Comment on climate-relevant decisions before the vote"),
    "own_topics": gettext_lazy("Take up its own topics and make recommendations"),
    "strategy": gettext_lazy("Accompany the climate strategy or action plan"),
    "monitor": gettext_lazy("Follow the climate targets and point out deviations"),
    "exchange": gettext_lazy("Bring the public, science, politics and the administration together"),
}
CHAIRS = {
    "elected": gettext_lazy("Elected by the members from among themselves"),
    "council_member": gettext_lazy("A council member, elected by the council"),
    "mayor": gettext_lazy("The mayor or a deputy"),
    "administration": gettext_lazy("The head of the department responsible for climate"),
}
QUORUMS = {
    "half": gettext_lazy("More than half of the voting members are present"),
    "number": gettext_lazy("A fixed number of voting members is present"),
}
MAJORITIES = {
    "votes_cast": gettext_lazy("Majority of the votes cast"),
    "members": gettext_lazy("Majority of all voting members"),
}
ALLOWANCES = {
    "statute": gettext_lazy("Allowance under the town's compensation statute"),
    "travel": gettext_lazy("Travel costs only"),
    "none": gettext_lazy("Unpaid, no allowance"),
}
MOTION_MODES = {
    "mandate": gettext_lazy(
        "The council decides to set it up and asks the administration for the statute (recommended)"
    ),
    "adopt": gettext_lazy("The council adopts the statute or rules of procedure directly"),
}
SEAT_GROUPS = {
    "council_groups": gettext_lazy("Party groups of the council"),
    "council": gettext_lazy("Council members"),
    "administration": gettext_lazy("Administration"),
    "science": gettext_lazy("Science"),
    "business": gettext_lazy("Business"),
    "civil_society": gettext_lazy("Civil society"),
    "youth": gettext_lazy("Youth"),
    "residents_by_lot": gettext_lazy("Residents drawn by lot"),
    "topic_areas": gettext_lazy("Topic area"),
    "other": pgettext_lazy("seat group", "Other"),
}
FIELDS = {
    "name": gettext_lazy("Name"),
    "reason": gettext_lazy("Why your town needs it"),
    "route": gettext_lazy("Legal form"),
    "tasks": gettext_lazy("Tasks"),
    "tasks_extra": gettext_lazy("Further tasks"),
    "party_groups": gettext_lazy("Party groups in the council"),
    "chair": gettext_lazy("Chair"),
    "term_years": gettext_lazy("Term of office"),
    "consultation": gettext_lazy("Consultation before climate-relevant decisions"),
    "consultation_weeks": gettext_lazy("Consultation deadline"),
    "consultation_min_days": gettext_lazy("Shortest consultation deadline"),
    "agenda_proposals": gettext_lazy("Proposes items for the council's agenda"),
    "speaking_rights": gettext_lazy("Right to speak in committees"),
    "document_access": gettext_lazy("Access to documents"),
    "publish_statements": gettext_lazy("Publishes its own statements"),
    "justify_deviations": gettext_lazy("The administration justifies deviations"),
    "meetings_per_year": gettext_lazy("Meeting rhythm"),
    "public": gettext_lazy("Public meetings"),
    "quorum": gettext_lazy("Quorum"),
    "quorum_number": gettext_lazy("Quorum (voting members present)"),
    "majority": gettext_lazy("Decisions"),
    "written_procedure": gettext_lazy("Decisions in writing between meetings"),
    "allowance": gettext_lazy("Allowance"),
    "secretariat": gettext_lazy("Secretariat"),
    "budget": gettext_lazy("Budget a year"),
    "town": gettext_lazy("Municipality as named in the documents"),
    "council_body": gettext_lazy("Name of the municipal council"),
    "committee": gettext_lazy("Committee that deliberates first"),
    "motion_mode": gettext_lazy("What the motion asks for"),
    "mandate_months": gettext_lazy("Deadline for the administration's draft"),
    "proposers": gettext_lazy("Party groups tabling the motion"),
    "lead_unit": gettext_lazy("Department presenting the draft resolution"),
    "representatives": gettext_lazy("Representatives of the resident motion"),
    "recipient": gettext_lazy("Addressee of the motion"),
    "total_seats": gettext_lazy("Seats in total"),
}
SEAT_FIELDS = {
    "group": gettext_lazy("kind of seat"),
    "count": gettext_lazy("seats"),
    "per_party_group": gettext_lazy("per party group"),
    "voting": gettext_lazy("vote"),
    "deputies": gettext_lazy("deputies"),
    "nominated_by": gettext_lazy("nominated by"),
}
# Labels per choice field, in the order of ``profile.CHOICES`` (a test checks the values).
CHOICE_LABELS = dict(
    zip(CHOICES, (ROUTES, CHAIRS, QUORUMS, MAJORITIES, ALLOWANCES, MOTION_MODES), strict=True)
)
# Long texts: the diff says that they changed, not how.
LONG_TEXTS = frozenset({"reason", "tasks_extra", "proposers", "representatives", "recipient"})


def choices(labels: dict) -> list[tuple[str, str]]:
    return list(labels.items())


def weeks(n: int) -> str:
    return ngettext("%(n)s week", "%(n)s weeks", n) % {"n": n}


def days(n: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}


def term(years: int) -> str:
    if not years:
        return _("the council's electoral term")
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}


def meetings(n: int) -> str:
    return ngettext("%(n)s meeting a year", "%(n)s meetings a year", n) % {"n": n}


def seats(n: int) -> str:
    return ngettext("%(n)s seat", "%(n)s seats", n) % {"n": n}


def euros(amount: int) -> str:
    return _("%(amount)s € a year") % {"amount": number_format(amount, force_grouping=True)}


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def value_text(field: str, value) -> str:
    """A profile value as the interface shows it."""
    if value is None or value == "":
        return _("not set")
    if field in CHOICE_LABELS:
        return str(CHOICE_LABELS[field].get(value, value))
    if field == "public":
        return _("public") if value else _("not public")
    if isinstance(value, bool):
        return yes_no(value)
    if field == "consultation_weeks":
        return weeks(value)
    if field == "consultation_min_days":
        return days(value)
    if field == "term_years":
        return term(value)
    if field == "meetings_per_year":
        return meetings(value)
    if field == "budget":
        return euros(value)
    if field == "mandate_months":
        return ngettext("%(n)s month", "%(n)s months", value) % {"n": value}
    if field == "total_seats":
        return seats(value)
    if field == "quorum_number":
        return ngettext("%(n)s member", "%(n)s members", value) % {"n": value}
    return str(value)


_LEADING_NUMBER = re.compile(r"^(\d[\d.,]*) (.+)$")


def arrow(old: str, new: str) -> str:
    """ "2 Wochen", "4 Wochen" → "2 → 4 Wochen"; different units keep both in full."""
    a, b = _LEADING_NUMBER.match(old), _LEADING_NUMBER.match(new)
    if a and b and a.group(2) == b.group(2):
        return f"{a.group(1)} → {b.group(1)} {a.group(2)}"
    return f"{old} → {new}"


def seat_summary(seat: SeatGroup) -> str:
    if seat.count is None:
        return _("number of seats open")
    if seat.per_party_group:
        text = ngettext("%(n)s seat per party group", "%(n)s seats per party group", seat.count) % {
            "n": seat.count
        }
    else:
        text = seats(seat.count)
    return text


def _seat_sentence(change: Change) -> str:
    label = change.seat
    if change.seat_field == "added":
        return _("Seat group added: %(label)s (%(seats)s)") % {
            "label": label,
            "seats": seat_summary(change.new),
        }
    if change.seat_field == "removed":
        return _("Seat group removed: %(label)s") % {"label": label}
    if change.seat_field == "count":
        old = value_text("", change.old) if change.old is None else str(change.old)
        new = value_text("", change.new) if change.new is None else str(change.new)
        return _("%(label)s: seats %(change)s") % {"label": label, "change": f"{old} → {new}"}
    if change.seat_field == "voting":
        if change.new:
            return _("%(label)s: now with a vote") % {"label": label}
        return _("%(label)s: now advisory, without a vote") % {"label": label}
    if change.seat_field == "deputies":
        if change.new:
            return _("%(label)s: now with deputies") % {"label": label}
        return _("%(label)s: now without deputies") % {"label": label}
    if change.seat_field == "per_party_group":
        if change.new:
            return _("%(label)s: now per party group") % {"label": label}
        return _("%(label)s: no longer per party group") % {"label": label}
    if change.seat_field == "group":
        return _("%(label)s: kind of seat %(change)s") % {
            "label": label,
            "change": f"{SEAT_GROUPS.get(change.old, change.old)} → "
            f"{SEAT_GROUPS.get(change.new, change.new)}",
        }
    return _("%(label)s: nominated by %(change)s") % {
        "label": label,
        "change": f"{change.old or '–'} → {change.new or '–'}",
    }


def change_sentences(changes: list[Change]) -> list[str]:
    """One readable line per change ("Consultation deadline: 2 → 4 weeks")."""
    out = []
    for change in changes:
        if change.field == "seat":
            out.append(_seat_sentence(change))
        elif change.field == "tasks":
            for task in change.new:
                out.append(_("Task added: %(task)s") % {"task": TASKS[task]})
            for task in change.old:
                out.append(_("Task removed: %(task)s") % {"task": TASKS[task]})
        elif change.field in LONG_TEXTS:
            out.append(_("%(label)s: changed") % {"label": FIELDS[change.field]})
        else:
            label = FIELDS.get(change.field, change.field)
            old = value_text(change.field, change.old)
            new = value_text(change.field, change.new)
            out.append(_("%(label)s: %(change)s") % {"label": label, "change": arrow(old, new)})
    return out


def rights(profile: Profile) -> list[str]:
    """The rights the profile gives, one sentence each."""
    out = []
    if profile.consultation and profile.consultation_weeks:
        text = _(
            "Consulted before climate-relevant decisions, as a rule %(weeks)s before the vote"
        ) % {"weeks": weeks(profile.consultation_weeks)}
        if profile.consultation_min_days:
            text += _(", at least %(days)s") % {"days": days(profile.consultation_min_days)}
        out.append(text)
    if profile.agenda_proposals:
        out.append(_("Proposes items for the council's agenda"))
    if profile.speaking_rights:
        out.append(_("Speaks in the council's committees on its statements"))
    if profile.document_access:
        out.append(_("Receives the documents it needs for its work"))
    if profile.publish_statements:
        out.append(_("Publishes its statements"))
    if profile.justify_deviations:
        out.append(_("The administration explains in writing when it does not follow a statement"))
    return out


def working_rules(profile: Profile) -> list[tuple[str, str]]:
    if profile.quorum == "number" and profile.quorum_number:
        quorum = value_text("quorum_number", profile.quorum_number)
    else:
        quorum = _("more than half of the voting members (%(n)s)") % {"n": profile.effective_quorum}
    return [
        (
            str(FIELDS["meetings_per_year"]),
            value_text("meetings_per_year", profile.meetings_per_year),
        ),
        (str(FIELDS["public"]), value_text("public", profile.public)),
        (str(FIELDS["quorum"]), quorum),
        (str(FIELDS["majority"]), value_text("majority", profile.majority)),
        (str(FIELDS["written_procedure"]), yes_no(profile.written_procedure)),
        (str(FIELDS["allowance"]), value_text("allowance", profile.allowance)),
        (str(FIELDS["secretariat"]), profile.secretariat or _("not set")),
        (str(FIELDS["budget"]), euros(profile.budget) if profile.budget else _("no own budget")),
    ]


def summary(profile: Profile) -> dict:
    """The profile in the interface's language (the English summary for English users)."""
    return {
        "route": ROUTES[profile.route],
        "chair": CHAIRS[profile.chair],
        "term": term(profile.term_years),
        "tasks": [TASKS[t] for t in profile.tasks] + profile.extra_tasks,
        "rights": rights(profile),
        "working": working_rules(profile),
    }


FACT_TITLES = {
    "municipal_code": gettext_lazy("Municipal code"),
    "agenda_setter": gettext_lazy("Who sets the council's agenda"),
    "resident_motion": gettext_lazy("Resident motion (Einwohnerantrag)"),
    "citizens_petition": gettext_lazy("Citizens' petition (Bürgerbegehren)"),
    "advisory_council_basis": gettext_lazy("Legal basis usually used for advisory councils"),
    "coopted_citizens": gettext_lazy("Citizens without a council seat in committees"),
    "hauptsatzung": gettext_lazy("Main statute (Hauptsatzung)"),
    "small_town_level": gettext_lazy("Administration of small towns"),
    "lottery_law": gettext_lazy("State law on participation by lot"),
}


DOCUMENTS = {
    "steckbrief": (
        gettext_lazy("Steckbrief"),
        gettext_lazy(
            "One page on what the council is, why your town needs it, who sits in it, its "
            "rights and its rhythm – for talks with party groups and the administration."
        ),
    ),
    "fraktionsantrag": (
        gettext_lazy("Motion of party groups (Fraktionsantrag)"),
        gettext_lazy(
            "A letter from one or more party groups asking to put the motion on the council's "
            "agenda, with the resolution text, the justification and the legal references."
        ),
    ),
    "beschlussvorlage": (
        gettext_lazy("Draft resolution of the administration (Beschlussvorlage)"),
        gettext_lazy(
            "The same motion in the form the administration uses, to offer to the climate "
            "office or the mayor's office."
        ),
    ),
    "einwohnerantrag": (
        gettext_lazy("Resident motion (Einwohnerantrag)"),
        gettext_lazy(
            "The motion as a resident motion with representatives and a signature list, for "
            "when no party group tables it."
        ),
    ),
    "satzung": (
        gettext_lazy("Statute or rules of procedure"),
        gettext_lazy(
            "The complete text with numbered sections, from purpose to entry into force, in "
            "the legal form you chose."
        ),
    ),
}
CLAUSE_TITLES = {
    "purpose": gettext_lazy("Establishment and purpose"),
    "tasks": gettext_lazy("Tasks"),
    "participation": gettext_lazy("Consultation and deadlines"),
    "statements": gettext_lazy("Statements and the public"),
    "composition": gettext_lazy("Composition"),
    "appointment": gettext_lazy("Appointment"),
    "term": gettext_lazy("Term of office"),
    "vacancies": gettext_lazy("Leaving and refilling seats"),
    "chair": gettext_lazy("Chair"),
    "meetings": gettext_lazy("Meetings of the council"),
    "quorum": gettext_lazy("Quorum"),
    "decisions": gettext_lazy("Decisions"),
    "written_procedure": gettext_lazy("Written procedure"),
    "conflicts": gettext_lazy("Conflicts of interest"),
    "confidentiality": gettext_lazy("Confidentiality"),
    "office": gettext_lazy("Secretariat and funds"),
    "allowance": gettext_lazy("Allowance"),
    "entry_into_force": gettext_lazy("Entry into force"),
}
