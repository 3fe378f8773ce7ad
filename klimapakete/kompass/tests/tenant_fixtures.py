"""Objects of the persona team for the tenant-isolation walk (see teams/tests)."""

from __future__ import annotations


def _version(ctx):
    from klimapakete.kompass import render, selectors, services
    from klimapakete.kompass.models import Design, Format

    kompass = services.kompass_ensure(team=ctx["team"])
    if kompass.exports.exists():
        return kompass.exports.first()
    data = selectors.team_data(kompass.team, kompass)
    document = render.document_data(kompass, data, page="a4", design=Design.PLAIN)
    return services.kompass_export_record(
        kompass=kompass, user=None, design=Design.PLAIN, format=Format.A4, document=document
    )


KWARG_FIXTURES = {
    "block_key": lambda ctx: "goal",
    "export_id": lambda ctx: _version(ctx).pk,
}
