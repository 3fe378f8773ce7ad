"""Teams created before the default sectors came with the team (a team hook) got them
lazily when a member first opened the actor map, a write on GET. Give every team that
has no sector yet the defaults now, in German (the app's default language)."""

from django.db import migrations

DEFAULT_SECTORS = [
    ("Wirtschaft und Industrie", "#1b6ca8"),
    ("Stadtverwaltung", "#b5451b"),
    ("Stadtrat", "#6a3d9a"),
    ("Bildung und Wissenschaft", "#2e7d32"),
    ("Klimainitiativen und Zivilgesellschaft", "#a07700"),
    ("Bürger:innen", "#ad1457"),
]


def add_default_sectors(apps, schema_editor):
    Team = apps.get_model("teams", "Team")
    Sector = apps.get_model("actors", "Sector")
    Sector.objects.bulk_create(
        Sector(team=team, name=name, colour=colour, order=n + 1)
        for team in Team.objects.filter(sectors__isnull=True)
        for n, (name, colour) in enumerate(DEFAULT_SECTORS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_actor_public_consent"),
        ("teams", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_default_sectors, migrations.RunPython.noop)]
