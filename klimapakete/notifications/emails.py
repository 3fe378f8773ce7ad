"""The text of notification mails, rendered in the recipient's language."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

from klimapakete.core.links import absolute_url
from klimapakete.notifications import selectors
from klimapakete.notifications.tokens import unsubscribe_url


def _context(user, notifications) -> dict:
    return {
        "user": user,
        "items": [
            {"sentence": selectors.sentence(n), "url": absolute_url(n.url)} for n in notifications
        ],
        "all_url": absolute_url(reverse("notifications:list")),
        "settings_url": absolute_url(reverse("notifications:settings")),
        "unsubscribe_url": unsubscribe_url(user),
    }


def _headers(context: dict) -> dict:
    return {
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def single_mail(user, notification) -> dict:
    context = _context(user, [notification])
    return {
        "subject": selectors.sentence(notification),
        "body": render_to_string("notifications/email/notification.txt", context),
        "headers": _headers(context),
    }


def digest_mail(user, notifications) -> dict:
    context = _context(user, notifications)
    subject = ngettext(
        "Klimapakete: %(n)s new notification",
        "Klimapakete: %(n)s new notifications",
        len(notifications),
    ) % {"n": len(notifications)}
    context["digest"] = True
    return {
        "subject": subject,
        "body": render_to_string("notifications/email/notification.txt", context),
        "headers": _headers(context),
    }
