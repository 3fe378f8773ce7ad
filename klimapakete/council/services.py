"""Writes of the council builder: the profile, its versions, the stages of its way to the
first meeting, the checklist items the team confirms, and the meeting series."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from klimapakete.packages.services import item_set_done

from . import selectors
from .errors import CouncilError
from .models import CouncilProfile, Milestone, ProfileVersion
from .profile import (
    Profile,
    blank_profile,
    profile_from_data,
    profile_from_reference,
    profile_problems,
    profile_to_data,
)
from .rules import all_references, rules_for

if TYPE_CHECKING:
    from klimapakete.teams.models import Team

UPLOAD_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "txt": (),
}


def _invalid(problems) -> CouncilError:
    code, params = problems[0]
    return CouncilError(code, problems=problems, **params)


def starting_profile(*, team: Team, reference: str = "") -> Profile:
    """The profile a team starts with: blank, or adapted from a reference council."""
    town = f"Stadt {team.municipality}"
    recipient = selectors.default_recipient(team, rules_for(team.federal_state))
    party_groups = selectors.party_group_count(team) or None
    if not reference:
        return blank_profile(town=town, recipient=recipient, party_groups=party_groups)
    council = all_references().get(reference)
    if council is None:
        raise CouncilError("unknown_reference")
    return profile_from_reference(
        council, town=town, recipient=recipient, party_groups=party_groups
    )


@transaction.atomic
def profile_start(*, team: Team, user, reference: str = "") -> CouncilProfile:
    """Start (or restart) the profile; a restart first keeps the old draft as a version."""
    profile = starting_profile(team=team, reference=reference)
    existing = CouncilProfile.objects.select_for_update().filter(team=team).first()
    if existing is None:
        return CouncilProfile.objects.create(
            team=team, data=profile_to_data(profile), updated_by=user
        )
    if existing.data and _kept(existing) is None:
        _version_add(existing, user=user, note=_("Before starting again"))
    existing.data = profile_to_data(profile)
    existing.revision += 1
    existing.updated_by = user
    existing.save(update_fields=["data", "revision", "updated_by", "updated_at"])
    return existing


def profile_save(
    *, record: CouncilProfile, profile: Profile, revision: int, user, selection=None
) -> CouncilProfile:
    """Save the form; refused when the profile has problems or someone saved in between."""
    problems = profile_problems(
        profile,
        rules_for(record.team.federal_state),
        max_seat_groups=settings.COUNCIL_MAX_SEAT_GROUPS,
    )
    if problems:
        raise _invalid(problems)
    updated = CouncilProfile.objects.filter(pk=record.pk, revision=revision).update(
        data=profile_to_data(profile),
        revision=revision + 1,
        selection=selection,
        updated_by=user,
        updated_at=timezone.now(),
    )
    if not updated:
        raise CouncilError("stale")
    record.refresh_from_db()
    return record


def _version_add(record: CouncilProfile, *, user, note: str) -> ProfileVersion:
    if record.versions.count() >= settings.COUNCIL_MAX_VERSIONS:
        raise CouncilError("version_limit", limit=settings.COUNCIL_MAX_VERSIONS)
    number = (record.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return ProfileVersion.objects.create(
        profile=record, number=number, data=record.data, note=note, created_by=user
    )


def _kept(record: CouncilProfile) -> ProfileVersion | None:
    """The latest version when the draft has not changed since; else ``None``."""
    latest = record.versions.order_by("-number").first()
    if latest is not None and profile_from_data(latest.data) == profile_from_data(record.data):
        return latest
    return None


@transaction.atomic
def version_create(*, record: CouncilProfile, user, note: str) -> ProfileVersion:
    """Keep the current draft as the next version (numbers go up, never reused)."""
    record = CouncilProfile.objects.select_for_update().get(pk=record.pk)
    if kept := _kept(record):
        raise CouncilError("version_unchanged", number=kept.number)
    return _version_add(record, user=user, note=note.strip())


def version_delete(*, version: ProfileVersion) -> None:
    version.delete()


# --------------------------------------------------------------------------- stages


def _check_upload(upload) -> tuple[bytes, str]:
    limit = settings.COUNCIL_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise CouncilError("upload_too_large", limit=round(limit / 1024 / 1024, 1))
    name = upload.name.rsplit("/", 1)[-1][:200]
    extension = name.rpartition(".")[2].lower()
    if extension not in UPLOAD_TYPES:
        raise CouncilError("upload_type")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise CouncilError("upload_too_large", limit=round(limit / 1024 / 1024, 1))
    magic = UPLOAD_TYPES[extension]
    if magic and not any(data.startswith(m) for m in magic):
        raise CouncilError("upload_type")
    if extension == "txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CouncilError("upload_type") from error
    return data, name


@transaction.atomic
def milestone_record(
    *,
    record: CouncilProfile,
    user,
    stage: str,
    day: date,
    who: str = "",
    variant: str = "",
    outcome: str = "",
    note: str = "",
    adopted_text: str = "",
    upload=None,
    conversations=(),
) -> Milestone:
    """Record a stage. Earlier stages it needs must be there (a decision needs a
    submitted motion); after a rejection only a new submission continues the way."""
    record = CouncilProfile.objects.select_for_update().get(pk=record.pk)
    milestones = selectors.milestones_of(record)
    if selectors.rejected(record, milestones) and stage not in ("discussed", "submitted"):
        raise CouncilError("stage_closed")
    path = selectors.status_path(record, milestones)
    reached = {view.key for view in path if view.reached}
    needed = selectors.PREREQUISITE[stage]
    if needed and needed not in reached:
        raise CouncilError("stage_order", stage=str(Milestone.Stage(needed).label))
    if stage == "appointed" and stage not in selectors.open_stages(path, is_rejected=False):
        raise CouncilError("appoint_needs_adoption")
    if stage == "decided" and outcome not in Milestone.Outcome.values:
        raise CouncilError("outcome_missing")
    limit = settings.COUNCIL_ADOPTED_TEXT_MAX_CHARS
    if len(adopted_text) > limit:
        raise CouncilError("adopted_text_too_long", limit=limit)
    chosen = list(conversations)
    if any(c.team_id != record.team_id for c in chosen):
        raise CouncilError("conversation_unknown")
    data, name = _check_upload(upload) if upload is not None else (None, "")
    version = (
        _submitted_version(record, user=user, variant=variant) if stage == "submitted" else None
    )
    milestone = Milestone.objects.create(
        profile=record,
        stage=stage,
        date=day,
        who=who.strip(),
        variant=variant if stage == "submitted" else "",
        outcome=outcome if stage == "decided" else "",
        note=note.strip(),
        adopted_text=adopted_text.strip() if stage == "decided" else "",
        file_data=data,
        file_name=name,
        version=version,
        created_by=user,
    )
    if chosen:
        milestone.conversations.set(chosen)
    return milestone


def _submitted_version(record: CouncilProfile, *, user, variant: str) -> ProfileVersion | None:
    """The version that shows what was submitted: the latest one if the draft has not
    changed since, else a new one (none at the version limit)."""
    if kept := _kept(record):
        return kept
    if record.versions.count() >= settings.COUNCIL_MAX_VERSIONS:
        return None
    motion = Milestone.Variant(variant).label if variant else _("motion")
    return _version_add(record, user=user, note=_("%(motion)s – submitted") % {"motion": motion})


def milestone_add_text(*, milestone: Milestone, adopted_text: str = "", upload=None) -> Milestone:
    """Add the adopted text to a decision afterwards (pasted, uploaded, or both)."""
    limit = settings.COUNCIL_ADOPTED_TEXT_MAX_CHARS
    if len(adopted_text) > limit:
        raise CouncilError("adopted_text_too_long", limit=limit)
    fields = []
    if adopted_text.strip():
        milestone.adopted_text = adopted_text.strip()
        fields.append("adopted_text")
    if upload is not None:
        milestone.file_data, milestone.file_name = _check_upload(upload)
        fields += ["file_data", "file_name"]
    if fields:
        milestone.save(update_fields=fields)
    return milestone


def milestone_delete(*, milestone: Milestone) -> None:
    milestone.delete()


# --------------------------------------------------------------------------- checklist


def offers_confirm(*, record: CouncilProfile, user, item_ids) -> int:
    """Tick the offered checklist items the team confirmed; returns how many."""
    offered = {item.pk: item for item in selectors.offered_items(record)}
    chosen = [int(i) for i in item_ids]
    if any(i not in offered for i in chosen):
        raise CouncilError("item_not_offered")
    for item_id in chosen:
        item_set_done(team=record.team, item=offered[item_id], user=user, done=True)
    return len(chosen)


def offer_dismiss(*, record: CouncilProfile, item_id: int) -> None:
    """The team does not want to tick this item now; stop offering it."""
    if item_id not in {item.pk for item in selectors.offered_items(record)}:
        raise CouncilError("item_not_offered")
    with transaction.atomic():
        locked = CouncilProfile.objects.select_for_update().get(pk=record.pk)
        locked.dismissed_items = sorted({*locked.dismissed_items, item_id})
        locked.save(update_fields=["dismissed_items"])


# --------------------------------------------------------------------------- meetings


def _interval_months(meetings_per_year: int | None) -> int:
    """4 a year → every 3 months; at least monthly, at most yearly."""
    per_year = max(1, min(12, meetings_per_year or 4))
    return max(1, round(12 / per_year))


@transaction.atomic
def meeting_series_create(
    *, record: CouncilProfile, first_date: date, start_time: time, place: str
):
    """Create the council's meeting series in the round-table tool (after adoption)."""
    from klimapakete.workshops.services import round_table_create

    record = CouncilProfile.objects.select_for_update().get(pk=record.pk)
    if not selectors.adopted(record):
        raise CouncilError("not_adopted")
    if record.round_table_id:
        raise CouncilError("round_table_exists")
    profile = profile_from_data(record.data)
    series = round_table_create(
        team=record.team,
        title=f"{profile.name} {profile.town}".strip(),
        place=place,
        frequency="monthly",
        interval=_interval_months(profile.meetings_per_year),
        first_date=first_date,
        start_time=start_time,
        duration_minutes=120,
        description="",
    )
    record.round_table = series
    record.save(update_fields=["round_table"])
    return series
