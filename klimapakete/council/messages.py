"""Sentences for the council builder's codes: problems, warnings and refused actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from klimapakete.core.errors import Messages

from .errors import CouncilError

MESSAGES = Messages(
    CouncilError,
    {
        # Impossible combinations in the profile
        "no_seats": _("Add at least one group of seats."),
        "too_many_seat_groups": ngettext_lazy(
            "A council has at most %(limit)s group of seats here.",
            "A council has at most %(limit)s groups of seats here.",
            "limit",
        ),
        "seat_label_missing": _("Seat group %(row)s needs a name."),
        "seat_count_missing": _(
            "How many seats does “%(seat)s” get? The example leaves the number open; "
            "please enter it."
        ),
        "seat_count_zero": _("“%(seat)s” needs at least one seat, or remove the group."),
        "party_groups_missing": _(
            "Some seats are given per party group: enter how many party groups your council has."
        ),
        "too_many_seats": ngettext_lazy(
            "%(seats)s seats is more than a working council can have (at most %(limit)s).",
            "%(seats)s seats is more than a working council can have (at most %(limit)s).",
            "limit",
        ),
        "no_voting_seat": _(
            "No seat has a vote, so the council could never decide anything. Give at least "
            "one group of seats a vote."
        ),
        "name_missing": _("Give the council a name, e.g. Klimabeirat."),
        "town_missing": _("Enter the municipality as the documents should name it."),
        "no_tasks": _("Choose at least one task."),
        "too_many_extra_tasks": ngettext_lazy(
            "At most %(limit)s further task, so that the Steckbrief fits on one page.",
            "At most %(limit)s further tasks, so that the Steckbrief fits on one page.",
            "limit",
        ),
        "consultation_weeks_zero": _(
            "A consultation deadline of 0 weeks leaves the council no time to comment. Enter "
            "at least one week, or switch the consultation right off."
        ),
        "consultation_weeks_too_long": ngettext_lazy(
            "A consultation deadline of more than %(limit)s week would hold up the council.",
            "A consultation deadline of more than %(limit)s weeks would hold up the council.",
            "limit",
        ),
        "consultation_min_days_zero": _(
            "The shortest consultation deadline must be at least one day, or leave it empty."
        ),
        "consultation_min_days_too_long": _(
            "The shortest deadline in days (%(days)s) is longer than the usual deadline in "
            "weeks (%(weeks)s)."
        ),
        "meetings_zero": _("A council that never meets cannot work: enter at least one meeting."),
        "meetings_too_many": ngettext_lazy(
            "More than %(limit)s meeting a year is more than volunteers can manage.",
            "More than %(limit)s meetings a year is more than volunteers can manage.",
            "limit",
        ),
        "term_too_long": ngettext_lazy(
            "A term of office is at most %(limit)s year here.",
            "A term of office is at most %(limit)s years here.",
            "limit",
        ),
        "quorum_missing": _("Enter how many voting members must be present."),
        "quorum_zero": _("A quorum of 0 would let nobody decide for everyone: enter at least 1."),
        "quorum_too_large": _(
            "The quorum (%(quorum)s) is larger than the number of voting seats (%(voting)s), "
            "so the council could never decide."
        ),
        "chair_needs_council_seat": _(
            "The chair is to be a council member, but no seat is reserved for the council. "
            "Add seats for council members or party groups, or choose another chair."
        ),
        "mandate_months_zero": _(
            "Give the administration at least one month to present the statute."
        ),
        "budget_negative": _("The budget cannot be negative."),
        "text_too_long": ngettext_lazy(
            "A text is longer than %(limit)s character; please shorten it.",
            "A text is longer than %(limit)s characters; please shorten it.",
            "limit",
        ),
        "committee_not_allowed": _(
            "In %(state)s citizens without a council seat cannot sit on committees "
            "(%(citation)s). Choose an advisory council instead."
        ),
        "committee_needs_council": _("A committee of the council needs seats for council members."),
        "committee_advisory_only": _(
            "In %(state)s citizens without a council seat take part in committees only in an "
            "advisory role (%(citation)s). Make their seats advisory, or choose an advisory "
            "council."
        ),
        "committee_council_majority": _(
            "In a committee the council members must hold the majority of the votes; here "
            "citizens without a council seat would have as many or more. %(citation)s"
        ),
        "hauptsatzung_required": _(
            "In %(state)s an advisory council must be named in the main statute "
            "(%(citation)s). Choose the route via the Hauptsatzung."
        ),
        # Warnings: possible, but worth a second look
        "size_small": ngettext_lazy(
            "%(seats)s seat is small: it may be hard to represent science, "
            "business and civil society. Most councils have 10 to 30 members.",
            "%(seats)s seats is small: it may be hard to represent science, "
            "business and civil society. Most councils have 10 to 30 members.",
            "seats",
        ),
        "size_large": ngettext_lazy(
            "%(seats)s seat is large: councils with more than about 30 members "
            "rarely work well. Consider working groups instead.",
            "%(seats)s seats is large: councils with more than about 30 members "
            "rarely work well. Consider working groups instead.",
            "seats",
        ),
        "rare_meetings": _("Councils that meet less than twice a year tend to fall asleep."),
        "no_consultation": _(
            "Without a right to be consulted nobody has to ask the council. The consultation "
            "deadline is its most important right."
        ),
        "short_consultation": _(
            "Less than two weeks is hardly enough to prepare a statement. Munich's statute "
            "asks for four weeks as a rule."
        ),
        "advisory_majority": _(
            "More advisory than voting seats: the council's statements may be dominated by "
            "those who cannot vote."
        ),
        "coopted_unknown": _(
            "We could not check whether citizens without a council seat may sit on committees "
            "in %(state)s. Please ask the council office or the municipal supervisory "
            "authority before you choose this route."
        ),
        "hauptsatzung_unknown": _(
            "We could not check what %(state)s requires of the main statute (Hauptsatzung) "
            "and which majority a change needs. Please ask the council office."
        ),
        "drawn_in_committee": _(
            "Seats drawn by lot in a committee: check with the council office whether the "
            "council can elect drawn residents as co-opted members."
        ),
        # Refused actions
        "stale": _(
            "Someone else in your team saved the profile while you were editing. Your input "
            "is still below; check their change in the versions, then save again."
        ),
        "no_profile": _("Start the profile first."),
        "unknown_reference": _("This example council does not exist."),
        "version_limit": ngettext_lazy(
            "A team keeps at most %(limit)s version. Delete an old one first.",
            "A team keeps at most %(limit)s versions. Delete an old one first.",
            "limit",
        ),
        "version_unchanged": _(
            "Nothing has changed since version %(number)s, so there is nothing new to keep."
        ),
        "profile_invalid": _("The profile still has problems; fix them first."),
        "stage_order": _("Record first: %(stage)s."),
        "stage_closed": _(
            "The motion was rejected. Record a new submission before the later stages."
        ),
        "appoint_needs_adoption": _(
            "Members are appointed once the council has adopted the motion."
        ),
        "outcome_missing": _("Choose how the council decided."),
        "not_adopted": _("Meetings can be planned once the council has adopted the motion."),
        "conversation_unknown": _("Choose conversations from your actor map."),
        "upload_too_large": _("The file is larger than %(limit)s MB."),
        "upload_type": _(
            "Upload the adopted text as PDF, Word (DOCX), OpenDocument (ODT) or text."
        ),
        "adopted_text_too_long": ngettext_lazy(
            "The pasted text is longer than %(limit)s character.",
            "The pasted text is longer than %(limit)s characters.",
            "limit",
        ),
        "item_not_offered": _("This checklist item is not offered at this stage."),
        "round_table_exists": _("The council's meeting series already exists."),
    },
    fallback=_("This change could not be saved."),
)
