from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def rules_label(request) -> str:
    state = request.team.get_federal_state_display()
    return gettext("Rules in %(state)s") % {"state": state}


class CouncilConfig(AppConfig):
    name = "klimapakete.council"
    verbose_name = _("Climate council")

    def ready(self):
        from klimapakete.core import dashboard, navigation
        from klimapakete.council import demo, messages, selectors  # noqa: F401 - registers them
        from klimapakete.teams import exports

        navigation.register(navigation.NavEntry("council:profile", _("Climate council"), 35))
        navigation.subnav_register(
            navigation.Subnav(
                "council",
                _("Climate council"),
                (
                    navigation.SubnavEntry(_("Profile"), "council:profile", ("council:start",)),
                    navigation.SubnavEntry(_("Edit"), "council:edit"),
                    navigation.SubnavEntry(_("Documents"), "council:documents"),
                    navigation.SubnavEntry(_("Versions"), "council:versions", ("council:version",)),
                    navigation.SubnavEntry(_("Comparison"), "council:compare"),
                    navigation.SubnavEntry(
                        _("From motion to first meeting"),
                        "council:status",
                        ("council:offers", "council:meeting_series", "council:milestone_*"),
                    ),
                    navigation.SubnavEntry(rules_label, "council:rules"),
                ),
            )
        )
        exports.register(selectors.council_export)
        exports.register_files(selectors.team_export_files)
        dashboard.register(selectors.dashboard_panel)
