from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "klimapakete.support"
    verbose_name = _("Support organisation")

    def ready(self):
        from django.db.models.signals import post_delete

        from klimapakete.accounts import personal_data
        from klimapakete.core import dashboard
        from klimapakete.packages import panels
        from klimapakete.support import demo, messages, selectors  # noqa: F401
        from klimapakete.teams import exports

        dashboard.register(selectors.dashboard_panel)
        panels.register(selectors.step_panel)
        exports.register(selectors.team_export)
        exports.register_files(selectors.team_export_files)
        personal_data.register_exporter(selectors.personal_export)
        # the forum's attachment storage: files go once their row is gone (also by cascade)
        from klimapakete.core.attachments import attachment_file_delete
        from klimapakete.support.models import AdviceAttachment, EventMaterial

        for model in (AdviceAttachment, EventMaterial):
            post_delete.connect(
                attachment_file_delete,
                sender=model,
                dispatch_uid=f"support.{model.__name__}_file_delete",
            )
