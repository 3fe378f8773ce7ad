from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "klimapakete.teams"
    verbose_name = _("Teams")

    def ready(self):
        from klimapakete.core import navigation
        from klimapakete.teams import exports, selectors

        navigation.register(navigation.NavEntry("teams:dashboard", _("Dashboard"), 0))
        navigation.register(navigation.NavEntry("teams:members", _("Members"), 80))
        navigation.register(
            navigation.NavEntry("teams:settings", _("Team settings"), 90, coordinator_only=True)
        )
        exports.register(selectors.team_export)
