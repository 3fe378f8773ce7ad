from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0005_actor_sort_name"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="actor",
            index=models.Index(
                fields=["team", "ladder", "-power", "name", "id"],
                name="actor_team_ladder_power_idx",
            ),
        ),
    ]
