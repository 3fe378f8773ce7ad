from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "klimapakete.forum"
    verbose_name = _("Forum and best practices")

    def ready(self):
        from django.db.models.signals import post_delete

        from klimapakete.accounts import personal_data
        from klimapakete.core import attachments, navigation
        from klimapakete.forum import demo, messages, selectors, services  # noqa: F401
        from klimapakete.forum.library import selectors as library_selectors
        from klimapakete.forum.models import PracticeAttachment
        from klimapakete.packages import panels
        from klimapakete.packages import services as package_services
        from klimapakete.teams import exports

        navigation.subnav_register(
            navigation.Subnav(
                "forum",
                _("Forum"),
                (
                    navigation.SubnavEntry(
                        _("Forum"),
                        "forum:index",
                        ("forum:category", "forum:thread*", "forum:post_*", "forum:report"),
                    ),
                    navigation.SubnavEntry(_("Best practices"), "library:index", ("library:*",)),
                    navigation.SubnavEntry(
                        _("Moderation"),
                        "forum:moderation",
                        ("forum:categories", "forum:category_*", "forum:hide", "forum:move"),
                        show=lambda request: getattr(request, "is_moderator", False),
                    ),
                ),
                team=False,
            )
        )
        package_services.content_listeners_register(services.categories_sync)
        panels.register(selectors.step_panel)
        exports.register(library_selectors.team_export)
        exports.register_files(library_selectors.team_export_files)
        personal_data.register_exporter(selectors.personal_export)
        personal_data.register_eraser(services.author_erase)
        post_delete.connect(
            attachments.attachment_file_delete,
            sender=PracticeAttachment,
            dispatch_uid="forum.attachment_file_delete",
        )
