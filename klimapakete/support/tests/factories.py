"""Small builders for the support tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from klimapakete.support.models import Round
from klimapakete.support.services import need_add, round_create


def open_round(*, staff, voter=Round.Voter.TEAM, dots=8, cap=3, needs=4, **fields):
    now = timezone.now()
    round_ = round_create(
        created_by=staff,
        title=fields.pop("title", "Unterstützungsbedarf 2027"),
        opens_at=fields.pop("opens_at", now - timedelta(hours=1)),
        closes_at=fields.pop("closes_at", now + timedelta(days=7)),
        voter=voter,
        dots_per_voter=dots,
        max_dots_per_need=cap,
        **fields,
    )
    for i in range(needs):
        need_add(round_=round_, title=f"Bedarf {i + 1}", topic="Allianz" if i % 2 else "Beirat")
    return round_


def partner_event(
    *,
    staff=None,
    organisation=None,
    title="Gesprächsleitfäden für den Klimarat",
    capacity=10,
    starts_in=timedelta(days=14),
    **fields,
):
    from klimapakete.support.models import PartnerEvent, PartnerOrganisation

    if organisation is None:
        organisation, _ = PartnerOrganisation.objects.get_or_create(name="Mehr Demokratie e.V.")
    event = PartnerEvent.objects.filter(title=title).first()
    if event is not None:
        return event
    starts = timezone.now() + starts_in
    values = {
        "format": PartnerEvent.Format.ONLINE,
        "link": "https://meet.example.org/klimarat",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "registration_until": starts - timedelta(days=1),
        "capacity": capacity,
        **fields,
    }
    return PartnerEvent.objects.create(
        organisation=organisation, title=title, created_by=staff, **values
    )
