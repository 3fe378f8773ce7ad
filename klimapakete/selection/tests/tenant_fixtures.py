"""Objects of the persona team for the tenant-isolation walk (see teams/tests)."""

from __future__ import annotations


def _selection(ctx):
    from klimapakete.selection.models import Selection

    return Selection.objects.filter(team=ctx["team"]).first() or Selection.objects.create(
        team=ctx["team"], title="Walk selection", panel_size=2
    )


def _respondent(ctx):
    from klimapakete.selection.models import Respondent

    selection = _selection(ctx)
    return selection.respondents.first() or Respondent.objects.create(
        selection=selection, number=1, name="Walk Person", contact="walk@example.org"
    )


def _run(ctx):
    from klimapakete.selection.models import Run

    selection = _selection(ctx)
    return selection.runs.first() or Run.objects.create(
        selection=selection,
        instance={"categories": [], "quotas": [], "respondents": [], "panel_size": 2},
        status=Run.Status.CANCELLED,
    )


def _address_draw(ctx):
    from django.utils import timezone

    from klimapakete.selection.models import AddressDraw

    selection = _selection(ctx)
    return selection.address_draws.first() or AddressDraw.objects.create(
        selection=selection,
        seed="walk",
        extract_rows=1,
        drawn_rows=1,
        columns=["name"],
        rows=[["Walk Address"]],
        extract_deleted_at=timezone.now(),
    )


KWARG_FIXTURES = {
    "selection_id": lambda ctx: _selection(ctx).pk,
    "respondent_id": lambda ctx: _respondent(ctx).pk,
    "run_id": lambda ctx: _run(ctx).pk,
    "draw_id": lambda ctx: _address_draw(ctx).pk,
}
