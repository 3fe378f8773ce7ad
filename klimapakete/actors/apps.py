from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    name = "klimapakete.actors"
    verbose_name = _("Actor map")

    def ready(self):
        from klimapakete.actors import demo, messages  # noqa: F401 - registers builder, sentences
        from klimapakete.actors.analysis import charts as _charts  # noqa: F401 - analyses
        from klimapakete.actors.analysis import selectors as _analysis  # noqa: F401 - analyses
        from klimapakete.actors.analysis import versions
        from klimapakete.actors.directory import selectors, services
        from klimapakete.core import dashboard, navigation, pickers
        from klimapakete.teams import exports, hooks

        versions.connect()
        navigation.register(navigation.NavEntry("actors:list", _("Actors"), 20))
        navigation.subnav_register(
            navigation.Subnav(
                "actors",
                _("Actor map"),
                (
                    navigation.SubnavEntry(_("List"), "actors:list"),
                    navigation.SubnavEntry(_("Grid"), "actors:grid"),
                    navigation.SubnavEntry(_("Network"), "actors:network"),
                    navigation.SubnavEntry(_("Key persons"), "actors:key_persons"),
                    navigation.SubnavEntry(_("Introductions"), "actors:introductions"),
                    navigation.SubnavEntry(_("Recruitment order"), "actors:recruitment"),
                    navigation.SubnavEntry(_("Ladder"), "actors:pipeline"),
                    navigation.SubnavEntry(_("Administration"), "actors:administration"),
                    navigation.SubnavEntry(_("Approach plan"), "actors:approach"),
                    navigation.SubnavEntry(_("Digest mail"), "actors:digest_settings"),
                    navigation.SubnavEntry(_("Import and export"), "actors:import"),
                    navigation.SubnavEntry(_("Sectors"), "actors:sectors"),
                ),
            )
        )
        exports.register(selectors.actors_export)
        hooks.register(services.sectors_ensure_defaults)
        dashboard.register(selectors.dashboard_panel)
        pickers.register(
            pickers.Picker(
                "actors",
                lambda team: team.actors.all(),
                search_fields=("name", "position"),
                order_by=("name", "pk"),
                label=lambda actor: (
                    f"{actor.name} – {actor.position}" if actor.position else actor.name
                ),
            )
        )
