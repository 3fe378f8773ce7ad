"""Teams created before the calendar feed came with the team (a team hook) got its
address lazily when a member first opened the round tables, a write on GET. Give every
team without one its address now."""

import secrets

from django.db import migrations


def add_calendar_feeds(apps, schema_editor):
    Team = apps.get_model("teams", "Team")
    CalendarFeed = apps.get_model("workshops", "CalendarFeed")
    CalendarFeed.objects.bulk_create(
        CalendarFeed(team=team, token=secrets.token_urlsafe(24))
        for team in Team.objects.filter(calendar_feed__isnull=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0002_actionitem_public"),
        ("teams", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_calendar_feeds, migrations.RunPython.noop)]
