"""Demo data: Musterstadt's climate-council profile, two versions and a submitted motion."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.utils import timezone

from klimapakete.actors.models import Conversation
from klimapakete.core import demo
from klimapakete.selection.models import Selection

from . import services
from .profile import SeatGroup, profile_from_data

REASON = (
    "Musterstadt will bis 2040 klimaneutral werden. Das Klimaschutzkonzept liegt vor, aber "
    "wichtige Beschlüsse zu Wärme, Verkehr und Bauen fallen bisher ohne den Blick von "
    "Fachleuten und Stadtgesellschaft. Ein Klimabeirat bündelt dieses Wissen und berät den "
    "Rat, bevor entschieden wird."
)


def _seats(civil_society: int) -> tuple[SeatGroup, ...]:
    return (
        SeatGroup("council_groups", "Ratsfraktionen", 1, per_party_group=True,
                  nominated_by="den Fraktionen"),
        SeatGroup("administration", "Stabsstelle Klimaschutz", 1, voting=False, deputies=False),
        SeatGroup("science", "Wissenschaft", 2, nominated_by="der Hochschule Musterstadt"),
        SeatGroup("business", "Wirtschaft, Handwerk und Stadtwerke", 3,
                  nominated_by="der Kreishandwerkerschaft, der IHK und den Stadtwerken"),
        SeatGroup("civil_society", "Umwelt- und Sozialverbände", civil_society,
                  nominated_by="den örtlichen Verbänden"),
        SeatGroup("youth", "Jugend", 2, nominated_by="dem Jugendrat"),
        SeatGroup("residents_by_lot", "Zufällig ausgewählte Einwohner:innen", 2, deputies=False),
    )  # fmt: skip


@demo.register(order=50)
def build_council(*, context: dict) -> None:
    team = context["team"]
    users = context["users"]
    today = timezone.localdate()

    record = services.profile_start(team=team, user=users[0], reference="muenster")
    first = replace(
        profile_from_data(record.data),
        reason=REASON,
        tasks=("advise", "comment", "own_topics", "strategy", "monitor"),
        seats=_seats(civil_society=2),
        chair="elected",
        term_years=0,
        consultation=True,
        consultation_weeks=2,
        consultation_min_days=None,
        publish_statements=True,
        justify_deviations=True,
        meetings_per_year=4,
        secretariat="Stabsstelle Klimaschutz",
        budget=5000,
        committee="Ausschuss für Umwelt und Klima",
        proposers="Fraktion Grüne\nFraktion SPD",
        lead_unit="Stabsstelle Klimaschutz",
        representatives="Mira Mitglied, Lindenstraße 4, Musterstadt\n"
        "Kim Koordination, Am Markt 2, Musterstadt",
    )
    selection = Selection.objects.filter(team=team).first()
    record = services.profile_save(
        record=record, profile=first, revision=record.revision, user=users[0], selection=selection
    )
    services.version_create(record=record, user=users[0], note="Entwurf für die Fraktionsgespräche")

    second = replace(
        first,
        seats=_seats(civil_society=3),
        consultation_weeks=4,
        consultation_min_days=14,
    )
    record = services.profile_save(
        record=record, profile=second, revision=record.revision, user=users[1], selection=selection
    )
    services.version_create(
        record=record,
        user=users[1],
        note="Nach den Gesprächen mit Grünen und SPD: Sozialverbände, vier Wochen Frist",
    )

    talks = list(
        Conversation.objects.filter(team=team, actor__unit__kind="party_group").order_by("date")
    )
    if talks:
        services.milestone_record(
            record=record,
            user=users[0],
            stage="discussed",
            day=talks[-1].date,
            who="Fraktionen Grüne und SPD",
            conversations=talks,
        )
    services.milestone_record(
        record=record,
        user=users[0],
        stage="submitted",
        day=today - timedelta(days=6),
        who="Fraktionen Grüne und SPD",
        variant="group",
        note="Zur nächsten Sitzung des Ausschusses für Umwelt und Klima eingereicht.",
    )
