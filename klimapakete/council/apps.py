from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "klimapakete.council"
    verbose_name = _("Climate council")

    def ready(self):
        from klimapakete.core import dashboard, navigation
        from klimapakete.council import demo, messages, selectors  # noqa: F401 - registers them
        from klimapakete.teams import exports

        navigation.register(navigation.NavEntry("council:profile", _("Climate council"), 35))
        exports.register(selectors.council_export)
        exports.register_files(selectors.team_export_files)
        dashboard.register(selectors.dashboard_panel)
