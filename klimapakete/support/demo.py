"""Demo data: the seed's round of dot voting at the federal meeting in autumn 2022, as a
closed round with the dots recorded in its minutes (seed: "Einschätzung des
Unterstützungsbedarfs" of both topics), and an open round the demo teams can vote in."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from klimapakete.accounts.models import User
from klimapakete.core import demo
from klimapakete.packages.models import Step
from klimapakete.support import services
from klimapakete.support.models import PartnerEvent, PartnerOrganisation, Round
from klimapakete.support.services import need_add, round_create
from klimapakete.teams.demo import SUPPORT_USER

ALLIANZ = "Allianz der Schlüsselakteure"
BEIRAT = "Installation eines arbeitsfähigen Klimabeirats"

# (topic, need, dots in the minutes, package key, step key)
SEED_ROUND = [
    (ALLIANZ, "Kick-off Workshop", 4, "allianz", "kickoff"),
    (ALLIANZ, "Hilfe beim Aufbau des Workshops (z. B. Leitfaden)", 2, "allianz", "kickoff"),
    (ALLIANZ, "Kontakt zum Institut für partizipatives Gestalten (IPG)", 1, "allianz", "kickoff"),
    (ALLIANZ, "Kompass / Vision-OnePager", 3, "allianz", "kickoff"),
    (ALLIANZ, "Bürger:innen repräsentativ auswählen über die Stadtverwaltung", 3, None, None),
    (ALLIANZ, "LocalZero-Forum", 3, None, None),
    (ALLIANZ, "Best Practice von LocalZero-Teams", 1, None, None),
    (ALLIANZ, "Organizing", 2, "allianz", "win"),
    (ALLIANZ, "Checkliste / To-do-Liste", 1, None, None),
    (BEIRAT, "Leitfaden / Steckbrief zum Klimarat", 5, "klimabeirat", "profile"),
    (
        BEIRAT,
        "Hilfe, die Stadtverwaltungsstruktur zu durchschauen und Schlüsselpersonen zu finden",
        4,
        "klimabeirat",
        "administration",
    ),
    (BEIRAT, "Machtanalyse", 1, "klimabeirat", "administration"),
    (BEIRAT, "Angepasste Workshops für mehrere Teams mit Partnerorganisationen", 3, None, None),
    (BEIRAT, "Definition lokale Klimaneutralität", 2, "klimabeirat", "neutrality"),
    (BEIRAT, "Kommunikation mit der Klimaleitstelle", 2, "klimabeirat", "climate-office"),
    (BEIRAT, "Literatur: Was ist ein Klimarat?", 1, "klimabeirat", "profile"),
    (BEIRAT, "Beratungsangebot der Supportorganisation", 1, None, None),
    (BEIRAT, "Netzwerke: Beziehungen aufbauen und pflegen", 1, "klimabeirat", "network"),
]


def seed_round(*, created_by=None) -> Round:
    """The recorded round (closed; its dots were given on paper)."""
    tz = timezone.get_current_timezone()
    round_ = round_create(
        created_by=created_by,
        title="Bundestreffen Herbst 2022: Unterstützungsbedarf der Klimapakete",
        description=(
            "Punkteabfrage der Session „Mission Zero: Klimapakete für Lokalteams“. Die "
            "Punkte wurden vor Ort auf Papier vergeben und aus dem Protokoll übernommen."
        ),
        opens_at=datetime(2022, 10, 15, 10, 0, tzinfo=tz),
        closes_at=datetime(2022, 10, 15, 12, 0, tzinfo=tz),
        voter=Round.Voter.MEMBER,
        dots_per_voter=8,
        max_dots_per_need=5,
    )
    steps = {(s.package.key, s.key): s for s in Step.objects.select_related("package").all()}
    for topic, title, dots, package, step in SEED_ROUND:
        need_add(
            round_=round_,
            topic=topic,
            title=title,
            step=steps.get((package, step)),
            offline_dots=dots,
        )
    return round_


@demo.register(order=60)
def build_support(*, context: dict) -> None:
    support = User.objects.filter(email=SUPPORT_USER[0]).first()
    seed_round(created_by=support)
    now = timezone.now()
    open_round = round_create(
        created_by=support,
        title="Unterstützungsbedarf 2027",
        description="Was braucht ihr im nächsten Jahr am dringendsten?",
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=12),
        voter=Round.Voter.TEAM,
        dots_per_voter=8,
        max_dots_per_need=3,
        proposals_until=now + timedelta(days=5),
    )
    for topic, title, _dots, _package, _step in SEED_ROUND[:6]:
        need_add(round_=open_round, topic=topic, title=title)

    team, users = context["team"], context["users"]
    needs = list(open_round.needs.all())
    services.ballot_cast(
        round_=open_round,
        team=team,
        user=users[0],
        allocations={needs[0].pk: 3, needs[3].pk: 3, needs[5].pk: 2},
    )

    advice = services.advice_create(
        team=team,
        user=users[1],
        step=Step.objects.filter(package__key="klimabeirat", key="administration").first(),
        question=(
            "Unsere Klimaschutzmanagerin ist befristet angestellt. Sollen wir sie trotzdem "
            "als Erste ansprechen, oder zuerst die Fraktionen?"
        ),
        tried="Ein Gespräch mit ihr auf dem Stadtfest.",
    )
    services.advice_reply(
        request=advice,
        user=support,
        from_staff=True,
        text=(
            "Ja, sprecht sie zuerst an: Sie kennt die Abläufe im Rathaus. Fragt sie, welche "
            "Fraktion das Thema schon einmal eingebracht hat."
        ),
    )

    organisation, _ = PartnerOrganisation.objects.get_or_create(name="Mehr Demokratie e.V.")
    start = (now + timedelta(days=21)).replace(hour=18, minute=0, second=0, microsecond=0)
    event = PartnerEvent.objects.create(
        organisation=organisation,
        title="Klimabeirat: Gesprächsleitfäden für die Verwaltung",
        description=(
            "Wir üben Gespräche mit Verwaltung und Fraktionen, angepasst an den Klimabeirat."
        ),
        format=PartnerEvent.Format.ONLINE,
        link="https://meet.example.org/klimabeirat",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        registration_until=start - timedelta(days=2),
        capacity=20,
        audience=PartnerEvent.Audience.STEP,
        step=Step.objects.filter(package__key="klimabeirat", key="profile").first(),
        created_by=support,
    )
    services.registration_create(
        event=event, user=users[1], team=team, current_steps={event.step_id}
    )
    seed = Round.objects.filter(title__startswith="Bundestreffen Herbst 2022").first()
    workshop_need = seed.needs.filter(title__startswith="Angepasste Workshops").first()
    services.need_act(need=workshop_need, status="planned", event=event)
