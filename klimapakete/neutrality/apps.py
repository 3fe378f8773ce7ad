from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeutralityConfig(AppConfig):
    name = "klimapakete.neutrality"
    verbose_name = _("Climate neutrality")

    def ready(self):
        from klimapakete.core import navigation
        from klimapakete.neutrality import demo, messages, selectors  # noqa: F401 - registers them
        from klimapakete.teams import exports

        navigation.register(
            navigation.NavEntry("neutrality:definition", _("Climate neutrality"), 37)
        )
        exports.register(selectors.neutrality_export)
