"""Writes for the Kompass: its blocks, look, exported versions, public page and contacts."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from klimapakete.actors.directory.services import actor_create
from klimapakete.actors.models import Actor, ActorChange, Stance
from klimapakete.core.clients import attempt_counted
from klimapakete.kompass.blocks import BLOCKS
from klimapakete.kompass.content import BLOCKS as BLOCK_ORDER
from klimapakete.kompass.content import layout_normalise
from klimapakete.kompass.errors import KompassError
from klimapakete.kompass.models import ContactAttempt, Kompass, KompassExport

if TYPE_CHECKING:
    from klimapakete.teams.models import Team

LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
LOGO_SIDE = 800  # the longest side of the stored logo, in pixels


def kompass_ensure(*, team: Team) -> Kompass:
    kompass, _created = Kompass.objects.get_or_create(team=team)
    return kompass


def block_fields(block: str) -> list[str]:
    if block not in BLOCKS:
        raise KompassError("unknown_block")
    return [field.name for field in BLOCKS[block].fields]


def kompass_block_save(
    *, kompass: Kompass, block: str, values: dict, defaults: dict, asks: dict | None = None
) -> Kompass:
    """Save one block's texts. A text equal to what the team's data gives is stored
    empty, so the block keeps following the data."""
    fields = block_fields(block)
    for name in fields:
        value = values.get(name)
        if name == "target_year":
            default = defaults.get(name, "")
            setattr(kompass, name, None if str(value or "") in ("", default) else value)
            continue
        value = (value or "").strip()
        setattr(kompass, name, "" if value == defaults.get(name, "").strip() else value)
    if asks is not None:
        fields.append("asks")
        kompass.asks = {key: text.strip() for key, text in asks.items() if text.strip()}
    kompass.save(update_fields=[*fields, "updated_at"])
    return kompass


def kompass_block_reset(*, kompass: Kompass, block: str) -> Kompass:
    """Back to what the team's data gives (the ask per sector too)."""
    fields = block_fields(block)
    for name in fields:
        setattr(kompass, name, None if name == "target_year" else "")
    if block == "ask":
        kompass.asks = {}
        fields.append("asks")
    kompass.save(update_fields=[*fields, "updated_at"])
    return kompass


def kompass_block_move(*, kompass: Kompass, block: str, direction: str) -> Kompass:
    if block not in BLOCK_ORDER or direction not in ("up", "down"):
        raise KompassError("unknown_block")
    layout = layout_normalise(kompass.layout)
    index = next(i for i, entry in enumerate(layout) if entry["key"] == block)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(layout):
        layout[index], layout[other] = layout[other], layout[index]
    kompass.layout = layout
    kompass.save(update_fields=["layout", "updated_at"])
    return kompass


def kompass_block_show(*, kompass: Kompass, block: str, visible: bool) -> Kompass:
    if block not in BLOCK_ORDER:
        raise KompassError("unknown_block")
    layout = layout_normalise(kompass.layout)
    for entry in layout:
        if entry["key"] == block:
            entry["visible"] = visible
    kompass.layout = layout
    kompass.save(update_fields=["layout", "updated_at"])
    return kompass


def kompass_look_save(*, kompass: Kompass, design: str, colour: str, language: str) -> Kompass:
    kompass.design, kompass.colour, kompass.language = design, colour.lower(), language
    kompass.save(update_fields=["design", "colour", "language", "updated_at"])
    return kompass


def logo_clean(data: bytes) -> bytes:
    """The uploaded image, checked by its content and re-encoded as a PNG.

    Only PNG, JPEG, GIF and WebP are read (whatever the file name says); the image is
    decoded in full, shrunk to at most ``LOGO_SIDE`` pixels and written anew, so nothing
    of the original file but its pixels is kept.
    """
    from PIL import Image, UnidentifiedImageError

    if len(data) > settings.KOMPASS_LOGO_MAX_BYTES:
        raise KompassError("logo_too_large", limit=settings.KOMPASS_LOGO_MAX_BYTES // 1024)
    try:
        # Opening reads the header only; the pixel count is checked before decoding.
        with Image.open(io.BytesIO(data), formats=sorted(LOGO_FORMATS)) as image:
            if image.width * image.height > settings.KOMPASS_LOGO_MAX_PIXELS:
                raise KompassError("logo_too_many_pixels")
            image.load()
            picture = image.convert("RGBA")
    except Image.DecompressionBombError:
        raise KompassError("logo_too_many_pixels") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise KompassError("logo_not_an_image") from None
    picture.thumbnail((LOGO_SIDE, LOGO_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def kompass_logo_set(*, kompass: Kompass, data: bytes) -> Kompass:
    kompass.logo = logo_clean(data)
    kompass.save(update_fields=["logo", "updated_at"])
    return kompass


def kompass_logo_remove(*, kompass: Kompass) -> Kompass:
    kompass.logo = None
    kompass.save(update_fields=["logo", "updated_at"])
    return kompass


@transaction.atomic
def kompass_export_record(
    *, kompass: Kompass, user, design: str, format: str, document: dict
) -> KompassExport:
    """Keep the version the team downloads; only the newest ``KOMPASS_VERSIONS_KEPT``."""
    version = KompassExport.objects.create(
        kompass=kompass, created_by=user, design=design, format=format, document=document
    )
    kept = kompass.exports.order_by("-created_at", "-pk").values_list("pk", flat=True)
    old = list(kept[settings.KOMPASS_VERSIONS_KEPT :])
    if old:
        KompassExport.objects.filter(pk__in=old).delete()
    return version


def _free_slug(team: Team) -> str:
    base = slugify(team.slug)[:70] or "allianz"
    slug, n = base, 1
    while Kompass.objects.filter(public_slug=slug).exclude(team=team).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def public_page_set(*, kompass: Kompass, public: bool, indexing: bool) -> Kompass:
    """Switch the public page on or off; its address stays the same once chosen."""
    if public and not kompass.public_slug:
        kompass.public_slug = _free_slug(kompass.team)
    if kompass.public != public or kompass.public_indexing != (indexing and public):
        kompass.public_changed_at = timezone.now()
    kompass.public = public
    kompass.public_indexing = indexing and public
    try:
        kompass.save(
            update_fields=[
                "public",
                "public_slug",
                "public_indexing",
                "public_changed_at",
                "updated_at",
            ]
        )
    except IntegrityError:
        raise KompassError("public_address_taken") from None
    return kompass


def contact_submit(
    *,
    kompass: Kompass,
    client: str,
    name: str,
    organisation: str,
    email: str,
    phone: str,
    message: str,
    sector,
    consent_text: str,
) -> Actor:
    """An interested person from the public page becomes an actor of the team's map."""
    if not attempt_counted(
        ContactAttempt,
        client=client,
        minutes=settings.KOMPASS_CONTACT_WINDOW_MINUTES,
        limit=settings.KOMPASS_CONTACT_LIMIT,
    ):
        raise KompassError("contact_rate_limited")
    team = kompass.team
    day = timezone.now() - timedelta(days=1)
    from_public_page = ActorChange.objects.filter(
        actor__team=team, created=True, user__isnull=True, at__gte=day
    )
    if from_public_page.count() >= settings.KOMPASS_CONTACT_DAILY_LIMIT:
        raise KompassError("contact_team_limit")
    if sector is not None and sector.team_id != team.pk:
        sector = None
    organisation = organisation.strip()
    lines = [
        _("Organisation: %(name)s") % {"name": organisation} if organisation else "",
        message.strip(),
        f"{timezone.localdate():%Y-%m-%d}: {consent_text}",
    ]
    return actor_create(
        team=team,
        user=None,
        kind=Actor.Kind.PERSON,
        name=name.strip(),
        sector=sector,
        email=email.strip(),
        phone=phone.strip(),
        notes="\n\n".join(line for line in lines if line),
        tags=_("alliance page"),
        stance=Stance.NEUTRAL,
    )
