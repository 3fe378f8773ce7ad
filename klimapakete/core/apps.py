from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "klimapakete.core"
    verbose_name = _("Core")

    def ready(self):
        from klimapakete.core import checks, converters  # noqa: F401 - checks register

        converters.register()
        from django_tasks.signals import task_finished

        from klimapakete.core import messages  # noqa: F401 - registers the upload sentences
        from klimapakete.core.logs import log_task_finished

        task_finished.connect(log_task_finished, dispatch_uid="klimapakete.core.task_log")
