"""Values for the tenant walk: a workshop of the persona team, shared as an agenda."""

from datetime import date


def _workshop(ctx):
    from klimapakete.workshops.models import Workshop

    workshop = Workshop.objects.filter(team=ctx["team"]).first()
    if workshop is None:
        workshop = Workshop.objects.create(team=ctx["team"], title="Auftakt", date=date(2027, 3, 1))
    return workshop.pk


KWARG_FIXTURES = {
    "source": lambda ctx: "workshops.agenda",
    "object_id": _workshop,
}
