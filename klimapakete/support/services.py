"""Writes of the support organisation's work (HackSoft style: keyword-only, typed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from klimapakete.core.uploads import upload_check
from klimapakete.notifications.services import notifications_create
from klimapakete.support import voting
from klimapakete.support.errors import SupportError
from klimapakete.support.models import (
    AdviceAttachment,
    AdviceMessage,
    AdviceRequest,
    Allocation,
    Ballot,
    EventMaterial,
    Need,
    PartnerEvent,
    Registration,
    Round,
)

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


def round_create(*, created_by, **fields) -> Round:
    round_ = Round(created_by=created_by, **fields)
    round_.full_clean(exclude=["created_by"])
    round_.save()
    return round_


def round_close(*, round_: Round, now=None) -> Round:
    """Close a round now (results show from then on)."""
    now = now or timezone.now()
    if round_.is_closed(now):
        return round_
    if now < round_.opens_at:
        raise SupportError("not_open_yet")
    Round.objects.filter(pk=round_.pk, closes_at__gt=now).update(closes_at=now)
    round_.closes_at = now
    return round_


def need_add(
    *,
    round_: Round,
    title: str,
    topic: str,
    description: str = "",
    step=None,
    proposed_by=None,
    offline_dots: int = 0,
) -> Need:
    order = round_.needs.count()
    return Need.objects.create(
        round=round_,
        title=title,
        topic=topic,
        description=description,
        step=step,
        proposed_by=proposed_by,
        order=order,
        offline_dots=offline_dots,
    )


def need_propose(
    *, round_: Round, team: Team, title: str, topic: str, description: str = ""
) -> Need:
    """A team adds a need while the round takes proposals."""
    if not round_.takes_proposals():
        raise SupportError("no_proposals")
    if round_.needs.filter(title__iexact=title.strip()).exists():
        raise SupportError("need_exists")
    return need_add(
        round_=round_, title=title.strip(), topic=topic, description=description, proposed_by=team
    )


def need_act(
    *, need: Need, status: str, forum_category=None, event=None, content_change: str = ""
) -> Need:
    """Staff turn a ranked need into action and say how far it is."""
    need.status = status
    need.forum_category = forum_category
    need.event = event
    need.content_change = content_change
    need.full_clean(exclude=["round", "step", "proposed_by"])
    need.save(update_fields=["status", "forum_category", "event", "content_change"])
    return need


def ballot_for(*, round_: Round, team: Team, user) -> Ballot | None:
    """The ballot the person fills in for this round (their own or their team's)."""
    lookup = {"user": user} if round_.voter == Round.Voter.MEMBER else {"team": team, "user": None}
    return Ballot.objects.filter(round=round_, **lookup).first()


def ballot_cast(
    *, round_: Round, team: Team, user, allocations: Mapping[int, int], now=None
) -> Ballot:
    """Replace the voter's dots with ``allocations`` (need id → dots).

    The ballot row is locked for the whole change, so concurrent submissions of one voter
    are applied one after the other and each is checked against the round's dots and the
    cap per need; the database's check constraint refuses a total over the limit anyway."""
    now = now or timezone.now()
    if not round_.is_open(now):
        raise SupportError("round_closed" if round_.is_closed(now) else "not_open_yet")
    allocations = {int(k): int(v) for k, v in allocations.items()}
    problems = voting.ballot_problems(
        allocations,
        needs=round_.needs.values_list("pk", flat=True),
        dots=round_.dots_per_voter,
        cap=round_.max_dots_per_need,
    )
    if problems:
        code, params = problems[0]
        raise SupportError(code, problems=problems, **params)
    member_vote = round_.voter == Round.Voter.MEMBER
    with transaction.atomic():
        key = {"round": round_, "user": user} if member_vote else {"round": round_, "team": team}
        if not member_vote:
            key["user"] = None
        Ballot.objects.get_or_create(
            **key, defaults={"team": team, "dots_limit": round_.dots_per_voter}
        )
        ballot = Ballot.objects.select_for_update().get(**key)
        ballot.allocations.all().delete()
        Allocation.objects.bulk_create(
            Allocation(ballot=ballot, need_id=need, dots=n)
            for need, n in allocations.items()
            if n > 0
        )
        ballot.dots_used = sum(n for n in allocations.values() if n > 0)
        ballot.team = team
        ballot.updated_at = now
        ballot.save(update_fields=["dots_used", "team", "updated_at"])
    return ballot


# Advisory requests (Beratungsangebot)


def _advice_topic(request: AdviceRequest) -> str:
    if request.step_id:
        return f"{request.step.number} {request.step.title_de}"
    return request.topic


def _staff():
    from klimapakete.accounts.models import User

    return User.objects.filter(is_support_staff=True, is_active=True)


@transaction.atomic
def advice_create(
    *,
    team: Team,
    user,
    question: str,
    step=None,
    topic: str = "",
    tried: str = "",
    urgency: str = AdviceRequest.Urgency.NORMAL,
    contact: str = AdviceRequest.Contact.REPLY,
    upload=None,
) -> AdviceRequest:
    """A team's question, optionally with a file; a refused file creates nothing."""
    request = AdviceRequest.objects.create(
        team=team,
        created_by=user,
        step=step,
        topic=topic.strip(),
        question=question,
        tried=tried,
        urgency=urgency,
        contact=contact,
    )
    if upload is not None:
        advice_attach(request=request, user=user, upload=upload, from_staff=False)
    notifications_create(
        recipients=_staff(),
        kind="support.advice_new",
        url=reverse("support:advice", args=[request.pk]),
        params={"team": team.name, "topic": _advice_topic(request)},
        actor=user,
        actor_team=team,
    )
    return request


@transaction.atomic
def advice_reply(
    *, request: AdviceRequest, user, text: str, from_staff: bool, upload=None, now=None
) -> AdviceMessage:
    """A message in the request's thread, optionally with a file; it notifies the other
    side (staff answers by mail)."""
    if request.state == AdviceRequest.State.DONE:
        raise SupportError("request_done")
    if upload is not None:
        advice_attach(request=request, user=user, upload=upload, from_staff=from_staff)
    now = now or timezone.now()
    message = AdviceMessage.objects.create(
        request=request, author=user, from_staff=from_staff, text=text, created_at=now
    )
    topic = _advice_topic(request)
    if from_staff:
        fields = {"state": AdviceRequest.State.WAITING}
        if request.assignee_id is None:
            fields["assignee"] = user
        AdviceRequest.objects.filter(pk=request.pk).update(**fields)
        AdviceRequest.objects.filter(pk=request.pk, first_answer_at__isnull=True).update(
            first_answer_at=now
        )
        team_people = [request.created_by] + [
            m.author for m in request.messages.filter(from_staff=False).select_related("author")
        ]
        notifications_create(
            recipients=team_people,
            kind="support.advice_staff_reply",
            url=reverse("support_team:advice", args=[request.team.slug, request.pk]),
            params={"topic": topic},
            actor=user,
        )
    else:
        state = AdviceRequest.State.ASSIGNED if request.assignee_id else AdviceRequest.State.NEW
        AdviceRequest.objects.filter(pk=request.pk).update(state=state)
        notifications_create(
            recipients=[request.assignee] if request.assignee_id else _staff(),
            kind="support.advice_team_reply",
            url=reverse("support:advice", args=[request.pk]),
            params={"team": request.team.name, "topic": topic},
            actor=user,
            actor_team=request.team,
        )
    request.refresh_from_db()
    return message


def stored_upload(model, *, upload, max_bytes: int, **fields):
    """A new ``model`` row holding ``upload`` after the shared checks (size, type by
    content, ``core.uploads``); the file gets a random name, the row the original one."""
    kind = upload_check(upload, size=upload.size, max_bytes=max_bytes)
    name = (upload.name or "").replace("/", "_").replace("\\", "_").strip()[:150]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    row = model(
        original_name=f"{stem or 'anhang'}.{kind.extension}",
        kind=kind.key,
        size=upload.size,
        **fields,
    )
    row.file.save("upload", upload, save=False)
    row.save()
    return row


@transaction.atomic
def advice_attach(*, request: AdviceRequest, user, upload, from_staff: bool) -> AdviceAttachment:
    """Add a file to an open request's thread."""
    if request.state == AdviceRequest.State.DONE:
        raise SupportError("request_done")
    limit = settings.SUPPORT_ATTACHMENTS_PER_REQUEST
    if request.attachments.count() >= limit:
        raise SupportError("attachment_limit", n=limit)
    return stored_upload(
        AdviceAttachment,
        upload=upload,
        max_bytes=settings.SUPPORT_ATTACHMENT_MAX_BYTES,
        request=request,
        uploaded_by=user,
        from_staff=from_staff,
    )


@transaction.atomic
def advice_share(
    *,
    request: AdviceRequest,
    user,
    kind: str,
    title: str,
    body: str,
    category=None,
    town_size: str = "",
):
    """Turn a closed request whose team consented into a forum thread (posted by the staff
    member, no team shown) or a best-practice draft of the team (team name hidden, no
    author) that the team checks and publishes itself. Returns the thread or practice."""
    request = AdviceRequest.objects.select_for_update().select_related("team").get(pk=request.pk)
    if request.state != AdviceRequest.State.DONE or not request.share_consent:
        raise SupportError("no_consent")
    if request.shared_thread_id or request.shared_practice_id:
        raise SupportError("already_shared")
    if kind == "thread":
        from klimapakete.forum.services import thread_create

        thread = thread_create(user=user, category=category, title=title, body=body)
        request.shared_thread = thread
        request.save(update_fields=["shared_thread"])
        return thread
    from klimapakete.forum.models import Practice

    practice = Practice.objects.create(
        team=request.team,
        author=None,
        step=request.step,
        title=title,
        what_we_did=body,
        town_size=town_size,
        federal_state=request.team.federal_state,
        show_team=False,
        status=Practice.Status.DRAFT,
    )
    request.shared_practice = practice
    request.save(update_fields=["shared_practice"])
    return practice


def advice_assign(*, request: AdviceRequest, assignee) -> None:
    fields = {"assignee": assignee}
    if request.state == AdviceRequest.State.NEW:
        fields["state"] = AdviceRequest.State.ASSIGNED
    AdviceRequest.objects.filter(pk=request.pk).update(**fields)


def advice_close(
    *, request: AdviceRequest, summary: str, from_staff: bool, share_consent: bool = False, now=None
) -> None:
    """Either side closes with its one-line summary; the other side may add its own later."""
    fields = (
        {"staff_summary": summary}
        if from_staff
        else {
            "team_summary": summary,
            "share_consent": share_consent,
        }
    )
    if request.state != AdviceRequest.State.DONE:
        fields.update(state=AdviceRequest.State.DONE, closed_at=now or timezone.now())
    AdviceRequest.objects.filter(pk=request.pk).update(**fields)


# Partner workshops for several teams


def event_fits(event: PartnerEvent, team: Team, current_steps: set[int]) -> bool:
    """Whether a workshop is meant for this team (``current_steps``: the team's current
    step in each adopted package)."""
    if event.audience == PartnerEvent.Audience.STATES:
        return team.federal_state in (event.states or [])
    if event.audience == PartnerEvent.Audience.STEP:
        return event.step_id in current_steps
    return True


def registration_create(
    *, event: PartnerEvent, user, team: Team, current_steps: set[int], now=None
) -> Registration:
    """Register a person (who agreed that organisers see their name and team): a place if
    one is free, else the waiting list. The event row is locked, so two people never get
    the last place."""
    now = now or timezone.now()
    if now >= event.registration_until:
        raise SupportError("registration_closed")
    if not event_fits(event, team, current_steps):
        raise SupportError("not_for_team")
    with transaction.atomic():
        PartnerEvent.objects.select_for_update().get(pk=event.pk)
        taken = event.registrations.filter(status=Registration.Status.REGISTERED).count()
        status = (
            Registration.Status.REGISTERED
            if taken < event.capacity
            else Registration.Status.WAITING
        )
        registration, _created = Registration.objects.update_or_create(
            event=event,
            user=user,
            defaults={"team": team, "status": status, "created_at": now},
        )
    return registration


def registration_cancel(*, registration: Registration, now=None) -> Registration | None:
    """Cancel; a freed place goes to the first on the waiting list, who is told by mail.
    Returns the promoted registration, if any."""
    with transaction.atomic():
        event = PartnerEvent.objects.select_for_update().get(pk=registration.event_id)
        was = (
            Registration.objects.filter(pk=registration.pk).values_list("status", flat=True).first()
        )
        Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
        if was != Registration.Status.REGISTERED:
            return None
        return _promote(event)


def _promote(event: PartnerEvent) -> Registration | None:
    taken = event.registrations.filter(status=Registration.Status.REGISTERED).count()
    if taken >= event.capacity:
        return None
    first = (
        event.registrations.filter(status=Registration.Status.WAITING)
        .select_related("user", "team")
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    Registration.objects.filter(pk=first.pk).update(status=Registration.Status.REGISTERED)
    first.status = Registration.Status.REGISTERED
    notifications_create(
        recipients=[first.user],
        kind="support.waitlist_promoted",
        url=reverse("support_team:event", args=[first.team.slug, event.pk]),
        params={"event": event.title},
    )
    return first


@transaction.atomic
def materials_upload(*, event: PartnerEvent, user, upload) -> EventMaterial:
    """Store a workshop's materials file, replacing an earlier one (its file goes on commit)."""
    EventMaterial.objects.filter(event=event).delete()
    return stored_upload(
        EventMaterial,
        upload=upload,
        max_bytes=settings.SUPPORT_ATTACHMENT_MAX_BYTES,
        event=event,
        uploaded_by=user,
    )


def attendance_record(*, event: PartnerEvent, attended_ids: set[int]) -> None:
    registered = event.registrations.filter(status=Registration.Status.REGISTERED)
    registered.filter(pk__in=attended_ids).update(attended=True)
    registered.exclude(pk__in=attended_ids).update(attended=False)


def feedback_give(*, registration: Registration, rating: int, feedback: str = "", now=None) -> None:
    now = now or timezone.now()
    if registration.status != Registration.Status.REGISTERED:
        raise SupportError("not_registered")
    if now < registration.event.ends_at:
        raise SupportError("not_over")
    Registration.objects.filter(pk=registration.pk).update(rating=rating, feedback=feedback)


def reminders_send(*, now=None) -> int:
    """Remind registered people of workshops starting within a day (hourly, by the worker).
    Each registration is claimed with a conditional update, so nobody is reminded twice."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.REGISTERED,
        reminded_at__isnull=True,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(days=1),
    ).select_related("event", "user", "team")
    sent = 0
    for registration in due:
        claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            continue
        notifications_create(
            recipients=[registration.user],
            kind="support.event_reminder",
            url=reverse("support_team:event", args=[registration.team.slug, registration.event_id]),
            params={"event": registration.event.title},
        )
        sent += 1
    return sent
