"""Demo content: the Musterstadt Kompass in two designs, with its public page on."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from klimapakete.actors.models import Actor
from klimapakete.core import demo
from klimapakete.kompass import render, selectors, services
from klimapakete.kompass.models import Design, Format
from klimapakete.workshops.models import ActionItem, Meeting
from klimapakete.workshops.services import action_item_create

# Organisations of the demo actor map that agreed to be named publicly.
CONSENTING = [
    "Stadtwerke Musterstadt GmbH",
    "Sparkasse Musterstadt",
    "Hochschule Musterstadt",
    "Goethe-Gymnasium",
    "Fridays for Future Musterstadt",
    "BUND Ortsgruppe",
    "ADFC Kreisverband",
    "Bürgerenergiegenossenschaft Musterstadt eG",
    "Quartiersverein Nordstadt",
]
PUBLIC_MILESTONES = ["Wärmeplanung: Fragen der Allianz sammeln"]
GOAL = (
    "Musterstadt wird bis 2035 klimaneutral: mit Wärme aus erneuerbaren Quellen für jedes "
    "Quartier, einem Nahverkehr, der das Auto entbehrlich macht, und einer Verwaltung, "
    "die vorangeht."
)
DECISIONS = (
    "Wir gründen einen Klimabeirat mit Sitzen für alle Bereiche.\n"
    "Die Stadtwerke legen bis zum Herbst einen Fahrplan für das Wärmenetz Nordstadt vor.\n"
    "Der Runde Tisch trifft sich alle zwei Monate, reihum bei den Mitgliedern."
)


@demo.register(order=50)
def build_kompass(*, context: dict) -> None:
    team = context["team"]
    users = context["users"]
    today = timezone.localdate()
    Actor.objects.filter(team=team, kind=Actor.Kind.ORGANISATION, name__in=CONSENTING).update(
        public_consent=True, public_consent_on=today - timedelta(days=12)
    )
    ActionItem.objects.filter(round_table__team=team, title__in=PUBLIC_MILESTONES).update(
        public=True
    )
    meeting = Meeting.objects.filter(round_table__team=team).order_by("-starts_at").first()
    if meeting is not None:
        for title, days in (
            ("Antrag für einen Klimabeirat in den Stadtrat einbringen", 45),
            ("Erste Bilanz der Allianz beim Stadtfest vorstellen", 120),
        ):
            action_item_create(
                meeting=meeting,
                title=title,
                owner=users[0],
                due=today + timedelta(days=days),
                public=True,
            )

    kompass = services.kompass_ensure(team=team)
    kompass.target_year = 2035
    kompass.goal = GOAL
    kompass.decisions = DECISIONS
    kompass.save(update_fields=["target_year", "goal", "decisions"])
    services.public_page_set(kompass=kompass, public=True, indexing=False)

    data = selectors.team_data(team, kompass)
    for design, fmt in ((Design.PLAIN, Format.A4), (Design.WHEEL, Format.SLIDE_PDF)):
        document = render.document_data(kompass, data, page=render.OUTPUTS[fmt][0], design=design)
        services.kompass_export_record(
            kompass=kompass, user=users[0], design=design, format=fmt, document=document
        )
    services.kompass_look_save(
        kompass=kompass, design=Design.WHEEL, colour="#1d6b3a", language="de"
    )
