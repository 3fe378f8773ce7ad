"""Objects of the persona team for the tenant-isolation walk (see teams/tests)."""

from __future__ import annotations


def _version(ctx):
    from klimapakete.kompass.models import Design, Format, KompassExport
    from klimapakete.kompass.services import kompass_ensure

    kompass = kompass_ensure(team=ctx["team"])
    return kompass.exports.first() or KompassExport.objects.create(
        kompass=kompass,
        design=Design.PLAIN,
        format=Format.A4,
        document={"design": "plain", "format": "a4", "content": {"url": ""}},
    )


KWARG_FIXTURES = {
    "block_key": lambda ctx: "goal",
    "version_id": lambda ctx: _version(ctx).pk,
}
