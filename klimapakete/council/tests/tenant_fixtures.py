"""Objects of the persona team for the tenant-isolation walk (see teams/tests)."""

from __future__ import annotations

from datetime import date


def _record(ctx):
    from klimapakete.council.models import CouncilProfile
    from klimapakete.council.services import profile_start

    team = ctx["team"]
    return CouncilProfile.objects.filter(team=team).first() or profile_start(
        team=team, user=ctx["coordinator"], reference="muenchen"
    )


def _version(ctx):
    from klimapakete.council.models import ProfileVersion

    record = _record(ctx)
    return record.versions.first() or ProfileVersion.objects.create(
        profile=record, number=1, data=record.data, note="Walk"
    )


def _milestone(ctx):
    from klimapakete.council.models import Milestone

    record = _record(ctx)
    return record.milestones.first() or Milestone.objects.create(
        profile=record,
        stage="submitted",
        date=date(2026, 3, 1),
        file_data=b"%PDF-1.4 walk",
        file_name="Beschluss.pdf",
    )


KWARG_FIXTURES = {
    "kind": lambda ctx: (_record(ctx), "steckbrief")[1],
    "version_id": lambda ctx: _version(ctx).pk,
    "milestone_id": lambda ctx: _milestone(ctx).pk,
}
