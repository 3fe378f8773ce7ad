from django import template

from klimapakete.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context):
    """The bell with the unread count (one query); only for signed-in people."""
    user = context["request"].user
    return {"unread": unread_count(user) if user.is_authenticated else 0}
