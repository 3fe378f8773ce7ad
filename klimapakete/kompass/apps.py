from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KompassConfig(AppConfig):
    name = "klimapakete.kompass"
    verbose_name = _("Kompass")

    def ready(self):
        from klimapakete.core import navigation
        from klimapakete.kompass import demo, selectors  # noqa: F401 - registers the demo builder
        from klimapakete.teams import exports

        navigation.register(navigation.NavEntry("kompass:editor", _("Kompass"), 35))
        exports.register(selectors.kompass_export)
        exports.register_files(selectors.team_export_files)
