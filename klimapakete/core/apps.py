from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "klimapakete.core"
    verbose_name = _("Core")

    def ready(self):
        from klimapakete.core import messages  # noqa: F401 - registers the upload sentences
