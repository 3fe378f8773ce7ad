"""Demo content: a kick-off workshop of the Musterstadt actors and a round-table series."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from klimapakete.core import demo
from klimapakete.workshops import services
from klimapakete.workshops.models import ActionItem, Participant, RoundTable

MINUTES = [
    """**Anwesend:** 11 Personen aus fünf Bereichen, Gastgeberin: Volkshochschule.

### Neues aus den Bereichen
- Die Stadtwerke prüfen ein Wärmenetz für die Nordstadt.
- Die Fraktionen von Grünen und SPD wollen einen gemeinsamen Antrag für einen Klimabeirat.

### Beschlüsse
1. Wir schreiben einen Steckbrief für den Klimabeirat.
2. Das nächste Treffen findet bei den Stadtwerken statt.
""",
    """**Anwesend:** 9 Personen, Gastgeber: Stadtwerke Musterstadt.

### Aufgaben vom letzten Mal
Der Steckbrief ist im Entwurf fertig; die Gespräche mit den Fraktionen laufen.

### Schwerpunkt: Wärmeplanung
Die Stabsstelle Klimaschutz stellt den Zeitplan der kommunalen Wärmeplanung vor.
""",
]


@demo.register(order=30)
def build_workshops(*, context: dict) -> None:
    team = context["team"]
    users = context["users"]
    today = timezone.localdate()

    workshop = services.workshop_create(
        team=team,
        title="Kick-off: Allianz für ein klimaneutrales Musterstadt",
        date=today + timedelta(days=24),
        start_time=time(14, 0),
        place="Volkshochschule Musterstadt, Saal 2",
        facilitators="Institut für partizipatives Gestalten; Kim Koordination",
        rounds=4,
    )
    people = list(team.actors.filter(kind="person", sector__isnull=False).order_by("pk"))
    services.participants_add_actors(workshop=workshop, actors=people)
    guests = [("Selin Kaya", 5), ("Peter Hoffmann", 5), ("Lea Schulz", 3), ("Hannah Vogel", 4)]
    sectors = list(team.sectors.order_by("order"))
    for name, sector in guests:
        services.participant_add_guest(workshop=workshop, name=name, sector=sectors[sector])
    participants = list(workshop.participants.order_by("pk"))
    for n, participant in enumerate(participants):
        participant.status = (
            Participant.Status.DECLINED if n % 11 == 5 else Participant.Status.ACCEPTED
        )
    Participant.objects.bulk_update(participants, ["status"])
    services.plan_generate(workshop=workshop, rounds=4, group_size=5, seed=2026)

    table = services.round_table_create(
        team=team,
        title="Stammtisch Klimaallianz Musterstadt",
        place="reihum bei den Akteur:innen",
        frequency=RoundTable.Frequency.MONTHLY,
        interval=2,
        first_date=today - timedelta(days=70),
        start_time=time(18, 30),
        duration_minutes=90,
        description="Austausch, Aufgaben vom letzten Mal, ein Schwerpunktthema.",
    )
    first = services.meeting_create(
        round_table=table, starts_at=services._at(table.first_date, table.start_time)
    )
    second = services.meeting_create(
        round_table=table,
        starts_at=services._at(table.first_date + timedelta(days=63), table.start_time),
    )
    for meeting, minutes in zip([first, second], MINUTES, strict=True):
        services.meeting_update(meeting=meeting, minutes=minutes)
    items = [
        (first, "Steckbrief Klimabeirat entwerfen", users[0], 20, ActionItem.Status.DONE),
        (first, "Termin mit Fraktion CDU vereinbaren", users[1], 30, ActionItem.Status.DELAYED),
        (first, "Pressemitteilung zum Kick-off", users[2], 14, ActionItem.Status.IN_PROGRESS),
        (
            second,
            "Wärmeplanung: Fragen der Allianz sammeln",
            users[0],
            80,
            ActionItem.Status.PLANNED,
        ),
        (
            second,
            "Gastgeber:in für das nächste Treffen finden",
            users[1],
            75,
            ActionItem.Status.PLANNED,
        ),
    ]
    for meeting, title, owner, due_days, status in items:
        item = services.action_item_create(
            meeting=meeting,
            title=title,
            owner=owner,
            due=table.first_date + timedelta(days=due_days),
        )
        if status != item.status:
            services.action_item_update(item=item, status=status)
