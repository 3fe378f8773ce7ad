"""Every saved or deleted actor, sector or relationship bumps the version of the team's
map, so the shared analyses (key persons, recruitment order, network drawings) are
recomputed. A signal rather than a call in each service: the admin, the demo builder
and every service that saves one object are covered; bulk writes (the import, the
recruitment order) call ``map_changed`` themselves.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from klimapakete.actors.analysis.mapdata import map_changed
from klimapakete.actors.models import Actor, Relationship, Sector
from klimapakete.teams.models import Team


def _changed(sender, instance, origin=None, raw=False, **kwargs) -> None:
    if isinstance(origin, Team):
        return  # the whole team is being deleted: nothing left to analyse
    # Rows loaded as they are (a restored backup) queue no tasks: the restore writes
    # only what the backup held.
    map_changed(instance.team_id, refresh=not raw)


def connect() -> None:
    for model in (Actor, Relationship, Sector):
        uid = f"actors-map-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
