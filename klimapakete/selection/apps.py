from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "klimapakete.selection"
    verbose_name = _("Citizen selection")

    def ready(self):
        from klimapakete.core import navigation
        from klimapakete.selection import (  # noqa: F401 - demo and evidence register themselves
            demo,
            evidence,
            selectors,
        )
        from klimapakete.teams import exports

        navigation.register(navigation.NavEntry("selection:list", _("Citizen selection"), 40))
        exports.register(selectors.selection_export)
        exports.register_files(selectors.team_export_files)
