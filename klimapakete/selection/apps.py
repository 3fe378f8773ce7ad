from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "klimapakete.selection"
    verbose_name = _("Citizen selection")

    def ready(self):
        from klimapakete.core import navigation
        from klimapakete.selection import (  # noqa: F401 - demo, evidence, sentences register
            demo,
            evidence,
            messages,
            selectors,
        )
        from klimapakete.teams import exports

        navigation.register(navigation.NavEntry("selection:list", _("Citizen selection"), 40))
        # (label, URL name, the other views whose page belongs to the step)
        steps = [
            (_("Overview"), "selection:detail", ()),
            (_("1. Plan letters"), "selection:plan", ("selection:plan_*",)),
            (_("2. Address draw"), "selection:addresses", ("selection:address*",)),
            (_("3. Respondents"), "selection:respondents", ("selection:import*",)),
            (_("4. Quotas"), "selection:quotas", ("selection:quotas_*",)),
            (_("5. Compute"), "selection:compute", ("selection:run_*",)),
            (_("6. Draw"), "selection:draw", ("selection:draw_*", "selection:commitment")),
            (_("7. Panel and reserves"), "selection:panel", ("selection:dropout",)),
        ]
        navigation.subnav_register(
            navigation.Subnav(
                "selection",
                _("Selection steps"),
                tuple(navigation.SubnavEntry(*step) for step in steps),
            )
        )
        exports.register(selectors.selection_export)
        exports.register_files(selectors.team_export_files)
