from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PackagesConfig(AppConfig):
    name = "klimapakete.packages"
    verbose_name = _("Climate packages")

    def ready(self):
        from klimapakete.core import navigation
        from klimapakete.packages import selectors
        from klimapakete.teams import exports

        navigation.register(navigation.NavEntry("packages:list", _("Packages"), 10))
        exports.register(selectors.progress_export)
