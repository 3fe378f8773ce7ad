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
        navigation.subnav_register(
            navigation.Subnav(
                "neutrality",
                _("Climate neutrality"),
                (
                    navigation.SubnavEntry(_("Definition"), "neutrality:definition"),
                    navigation.SubnavEntry(_("1. Boundary"), "neutrality:boundary"),
                    navigation.SubnavEntry(_("2. Influence"), "neutrality:influence"),
                    # The baseline's forms render the baseline page again when invalid.
                    navigation.SubnavEntry(
                        _("3. Baseline and target path"),
                        "neutrality:baseline",
                        (
                            "neutrality:frame",
                            "neutrality:entry_*",
                            "neutrality:factor",
                            "neutrality:import",
                        ),
                    ),
                ),
            )
        )
        exports.register(selectors.neutrality_export)
