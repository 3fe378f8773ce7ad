"""Objects of the persona team for the tenant-isolation walk (see teams/tests)."""

from __future__ import annotations


def _entry(ctx):
    from klimapakete.neutrality import services
    from klimapakete.neutrality.calc import Entry

    team = ctx["team"]
    record = services.definition_ensure(team=team, user=ctx["coordinator"])
    return record.entries.first() or services.entry_add(
        team=team, user=ctx["coordinator"], entry=Entry("households", "electricity", 100.0)
    )


KWARG_FIXTURES = {"neutrality_entry_id": lambda ctx: _entry(ctx).pk}
