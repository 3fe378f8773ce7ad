from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """`migrate` creates the database cache's table (a no-op for other cache backends and
    when the table exists), so `make run` and deployments need no extra step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


def _register_pickers():
    from klimapakete.accounts.models import User
    from klimapakete.core.pickers import Picker, register

    register(
        Picker(
            "members",
            lambda team: User.objects.filter(memberships__team=team),
            search_fields=("name", "email"),
            order_by=("name", "email"),
            label=lambda user: user.name or user.email,
        )
    )


class CoreConfig(AppConfig):
    name = "klimapakete.core"
    verbose_name = _("Core")

    def ready(self):
        # post_migrate is sent only for apps with models; listen once, for the sessions
        # app (always installed).
        from django.apps import apps
        from django_tasks.signals import task_finished

        from klimapakete.core import (  # noqa: F401 - checks register
            checks,
            converters,
            messages,  # noqa: F401 - registers the upload sentences
        )
        from klimapakete.core.logs import log_task_finished

        converters.register()
        _register_pickers()
        post_migrate.connect(
            _create_cache_table,
            sender=apps.get_app_config("sessions"),
            dispatch_uid="kp-cache-table",
        )
        task_finished.connect(log_task_finished, dispatch_uid="klimapakete.core.task_log")
