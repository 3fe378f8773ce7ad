"""Demo forum: threads in several step categories (one solved, one post reported), a
general category, two best practices with an attachment and a shared workshop agenda."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from klimapakete.accounts.models import User
from klimapakete.core import demo
from klimapakete.forum import services
from klimapakete.forum.library import services as library
from klimapakete.forum.models import Category, Practice, Thread, TownSize
from klimapakete.forum.moderation.services import report_create
from klimapakete.teams.demo import SUPPORT_USER

THREADS = [
    "Wie viele Akteur:innen habt ihr am Anfang gesammelt?",
    "Wer hat bei euch den Antrag für den Klimabeirat eingebracht?",
    "Raum für den Auftakt-Workshop: eure Erfahrungen?",
    "Stellt euch vor: Wer seid ihr, wo steht ihr?",
]


def _pdf() -> bytes:
    """A small, valid one-page PDF (an empty page with a title in its metadata)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Title (Akteurslandkarte Beispielheim) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _png() -> bytes:
    """A small green PNG (16 × 16)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x1d\x6b\x3a" * 16 for _ in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _category(package: str, step: str) -> Category:
    return Category.objects.get(step__package__key=package, step__key=step)


@demo.register(order=50)
def build_forum(*, context: dict) -> None:
    Thread.objects.filter(title__in=THREADS).delete()
    services.categories_sync()
    musterstadt = context["team"]
    kim, mira, max_ = context["users"]
    beispielheim, seestadt = context["other_teams"]
    bea, bastian = (m.user for m in beispielheim.memberships.order_by("pk"))
    sina, tom = (m.user for m in seestadt.memberships.order_by("pk"))
    support = User.objects.get(email=SUPPORT_USER[0])
    for user in (kim, mira, max_, bea, bastian, sina, tom, support):
        services.profile_ensure(user)

    general = Category.objects.filter(slug="austausch").first() or services.general_category_save(
        title_de="Austausch unter Teams",
        title_en="Exchange between teams",
        description_de="Alles, was zu keinem Paketschritt passt.",
        description_en="Everything that fits no package step.",
        order=1000,
    )

    # A1: solved.
    actors = services.thread_create(
        user=bea,
        team=beispielheim,
        category=_category("allianz", "actors"),
        title=THREADS[0],
        body=(
            "Wir sitzen gerade an der Akteurslandkarte und haben nach einem Abend schon 60 "
            "Namen. Ist das zu viel für den Anfang? Wie habt ihr die Liste klein gehalten?"
        ),
    )
    answer = services.post_create(
        user=kim,
        team=musterstadt,
        thread=actors,
        body=(
            "Bei uns waren es am Anfang rund 80. Geholfen hat, **pro Sektor nur die fünf "
            "wichtigsten** zu markieren und die anderen erst später anzusprechen. Die "
            "Macht-Haltungs-Matrix zeigt schnell, wen ihr zuerst braucht."
        ),
    )
    services.post_create(
        user=sina,
        team=seestadt,
        thread=actors,
        body="Bei uns in Seestadt sind es nur 25 – kleine Gemeinde. Wir sprechen alle an.",
    )
    services.reaction_toggle(user=bea, post=answer, emoji="thanks")
    services.reaction_toggle(user=tom, post=answer, emoji="thumbs_up")
    services.solution_set(user=bea, thread=actors, post=answer)

    # B5: an open question with a mention.
    motion = services.thread_create(
        user=mira,
        team=musterstadt,
        category=_category("klimabeirat", "motion"),
        title=THREADS[1],
        body=(
            "Wir überlegen, ob der Antrag von einer Fraktion kommen soll oder als "
            "Einwohnerantrag. @bea-beispiel, wie war das bei euch in Bayern?"
        ),
    )
    services.post_create(
        user=tom,
        team=seestadt,
        thread=motion,
        body="Bei uns haben zwei Fraktionen gemeinsam beantragt – das hat die Mehrheit gesichert.",
    )

    # A4: a reported post with a third party's contact details.
    kickoff = services.thread_create(
        user=sina,
        team=seestadt,
        category=_category("allianz", "kickoff"),
        title=THREADS[2],
        body="Wo habt ihr den Auftakt-Workshop gemacht? Wir suchen einen Raum für 40 Personen.",
    )
    reported = services.post_create(
        user=bastian,
        team=beispielheim,
        thread=kickoff,
        body=(
            "Fragt doch beim Pfarrer nach, der hat privat die Nummer 0171 2345678 und "
            "ist bestimmt froh über Besuch."
        ),
    )
    services.post_create(
        user=max_,
        team=None,
        thread=kickoff,
        body="We used the adult education centre (VHS): free of charge for non-profit groups.",
    )
    report_create(
        user=kim,
        post=reported,
        reason="personal_data",
        note="Private Telefonnummer einer dritten Person.",
    )

    # General category.
    services.thread_create(
        user=support,
        category=general,
        title=THREADS[3],
        body="Willkommen im Forum! Schreibt kurz, wer ihr seid und an welchem Schritt ihr steht.",
    )

    # Best practices: two with an attachment, one shared workshop agenda.
    Practice.objects.filter(team__in=[beispielheim, seestadt, musterstadt]).delete()
    practice = library.practice_create(
        user=bea,
        team=beispielheim,
        step=_category("allianz", "actors").step,
        title="Akteurslandkarte an einem Abend",
        what_we_did=(
            "Zwölf Leute, sechs Tische – einer pro Sektor. Jede Gruppe schrieb Namen auf "
            "Moderationskarten und ordnete sie auf der Macht-Haltungs-Matrix ein."
        ),
        what_worked="Die Sektoren-Tische: niemand musste alles wissen.",
        what_did_not="Zu viele Karten ohne Ansprechperson im Team.",
        would_do_again="Ja – mit einer festen Person pro Sektor für die Nacharbeit.",
        town_size=TownSize.S,
        federal_state=beispielheim.federal_state,
    )
    library.attachment_add(
        user=bea,
        practice=practice,
        upload=SimpleUploadedFile("Akteurslandkarte.pdf", _pdf(), "application/pdf"),
    )
    library.practice_publish(practice=practice, publish=True)
    library.practice_feature(moderator=support, practice=practice, featured=True)
    library.practice_react(user=kim, practice=practice, kind="helped")

    practice = library.practice_create(
        user=sina,
        team=seestadt,
        step=_category("klimabeirat", "motion").step,
        title="Gespräche mit allen Fraktionen vor dem Antrag",
        what_we_did="Vor dem Antrag haben wir mit jeder Fraktion einzeln gesprochen.",
        what_worked="Niemand fühlte sich überrumpelt; der Antrag kam einstimmig durch.",
        what_did_not="Es hat drei Monate gedauert.",
        town_size=TownSize.XS,
        federal_state=seestadt.federal_state,
    )
    library.attachment_add(
        user=sina,
        practice=practice,
        upload=SimpleUploadedFile("Gespraechsplan.png", _png(), "image/png"),
    )
    library.practice_publish(practice=practice, publish=True)

    workshop = musterstadt.workshops.order_by("date").first()
    if workshop is not None:
        document = library.sharing.document(musterstadt, "workshops.agenda", workshop.pk)
        if document is not None:
            _source, shared = document
            library.document_share(
                user=kim,
                team=musterstadt,
                source_key="workshops.agenda",
                object_id=workshop.pk,
                title=shared.title,
                text=library.shared_text(musterstadt, shared),
                town_size=TownSize.M,
                step=_category("allianz", "kickoff").step,
                confirmed=True,
            )
