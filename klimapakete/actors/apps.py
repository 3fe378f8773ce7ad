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
