from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "klimapakete.workshops"
    verbose_name = _("Workshops and round tables")

    def ready(self):
        from klimapakete.core import dashboard, navigation
        from klimapakete.forum.library import sharing as library_sharing
        from klimapakete.teams import exports, hooks
        from klimapakete.workshops import (  # noqa: F401 - demo and evidence register themselves
            demo,
            evidence,
            selectors,
            services,
            sharing,
        )

        navigation.register(navigation.NavEntry("workshops:list", _("Workshops"), 30))
        navigation.register(navigation.NavEntry("workshops:roundtables", _("Round table"), 31))
        navigation.subnav_register(
            navigation.Subnav(
                "workshops",
                _("Workshop"),
                (
                    navigation.SubnavEntry(_("Overview"), "workshops:detail"),
                    navigation.SubnavEntry(_("Participants"), "workshops:participants"),
                    navigation.SubnavEntry(_("Agenda"), "workshops:agenda"),
                    navigation.SubnavEntry(_("Breakout tables"), "workshops:plan"),
                    navigation.SubnavEntry(_("Results"), "workshops:results"),
                ),
            )
        )
        exports.register(selectors.workshops_export)
        hooks.register(services.calendar_feed_create)
        dashboard.register(selectors.dashboard_panel)
        library_sharing.register(sharing.SOURCE)
