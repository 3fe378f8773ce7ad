"""Values for the support app's team URL parameters (see teams/tests/test_tenant_isolation.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def _open_round(ctx):
    from klimapakete.support.models import Round
    from klimapakete.support.services import need_add, round_create

    round_ = Round.objects.filter(title="Tenant walk").first()
    if round_ is None:
        now = timezone.now()
        round_ = round_create(
            created_by=ctx["support"],
            title="Tenant walk",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=1),
            voter=Round.Voter.TEAM,
            proposals_until=now + timedelta(hours=1),
        )
        need_add(round_=round_, title="Forum", topic="Allianz")
    return round_.pk


def _advice(ctx):
    from klimapakete.support.models import AdviceRequest
    from klimapakete.support.services import advice_create

    advice = AdviceRequest.objects.filter(team=ctx["team"]).first()
    if advice is None:
        advice = advice_create(
            team=ctx["team"], user=ctx["member"], topic="Klimabeirat", question="Wie anfangen?"
        )
    return advice.pk


def _advice_file(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from klimapakete.support.models import AdviceAttachment, AdviceRequest
    from klimapakete.support.services import advice_attach

    advice = AdviceRequest.objects.get(pk=_advice(ctx))
    attachment = AdviceAttachment.objects.filter(request=advice).first()
    if attachment is None:
        upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 walk", content_type="application/pdf")
        attachment = advice_attach(
            request=advice, user=ctx["member"], upload=upload, from_staff=False
        )
    return attachment.pk


def _partner_event(ctx):
    from klimapakete.support.tests.factories import partner_event

    return partner_event(staff=ctx["support"], title="Tenant walk").pk


def _past_partner_event(ctx):
    """A workshop that is over, with a materials file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from klimapakete.support.models import EventMaterial, PartnerEvent
    from klimapakete.support.services import materials_upload
    from klimapakete.support.tests.factories import partner_event

    event = partner_event(staff=ctx["support"], title="Tenant walk, past")
    if not EventMaterial.objects.filter(event=event).exists():
        past = timezone.now() - timedelta(days=1)
        PartnerEvent.objects.filter(pk=event.pk).update(
            starts_at=past - timedelta(hours=2), ends_at=past, registration_until=past
        )
        upload = SimpleUploadedFile("folien.pdf", b"%PDF-1.4 walk")
        materials_upload(event=event, user=ctx["support"], upload=upload)
    return event.pk


KWARG_FIXTURES = {
    "past_partner_event_id": _past_partner_event,
    "partner_event_id": _partner_event,
    "support_round_id": _open_round,
    "advice_id": _advice,
    "advice_file_id": _advice_file,
}
