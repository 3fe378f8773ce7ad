from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "klimapakete.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from klimapakete.accounts import personal_data
        from klimapakete.notifications import selectors, services

        personal_data.register_exporter(selectors.personal_export)
        personal_data.register_eraser(services.actor_erase)
