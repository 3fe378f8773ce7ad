from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def duration_words(span: timedelta) -> str:
    """A duration as people say it: minutes under two hours, hours under two days, days."""
    minutes = int(span.total_seconds() // 60)
    if minutes < 120:
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
