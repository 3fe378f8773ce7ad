"""System checks of the production configuration (``manage.py check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    if settings.SITE_URL_FROM_ENVIRONMENT:
        return []
    return [
        Warning(
            "SITE_URL is not set: links in mails sent by the task worker and in digests "
            f"would point to {settings.SITE_URL}.",
            hint="Set SITE_URL to the public address, e.g. https://klima.example.org.",
            id="klimapakete.W001",
        )
    ]
