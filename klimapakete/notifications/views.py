from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from klimapakete.notifications import selectors, services
from klimapakete.notifications.forms import FrequencyForm
from klimapakete.notifications.models import MailPreference, Notification
from klimapakete.notifications.tokens import unsubscribe_user_id

PAGE_SIZE = 50


@login_required
def notification_list(request):
    page = Paginator(
        selectors.user_notifications(request.user), PAGE_SIZE, allow_empty_first_page=True
    ).get_page(request.GET.get("page"))
    rows = [{"notification": n, "sentence": selectors.sentence(n)} for n in page]
    return render(request, "notifications/list.html", {"page": page, "rows": rows})


@login_required
def bell(request):
    """The bell alone, for htmx to refresh the unread count."""
    return render(
        request, "notifications/bell.html", {"unread": selectors.unread_count(request.user)}
    )


@login_required
@require_POST
def open_notification(request, notification_id: int):
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    services.notification_mark_read(notification=notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notifications:list"
    return redirect(target)


@login_required
@require_POST
def read_all(request):
    services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def mail_settings(request):
    form = FrequencyForm(
        request.POST or None, initial={"frequency": selectors.frequency(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        services.frequency_set(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("notifications:settings")
    context = {
        "form": form,
        "sent_today": selectors.mails_sent_today(request.user),
        "daily_limit": settings.NOTIFICATION_MAILS_PER_DAY,
    }
    return render(request, "notifications/settings.html", context)


# The token in the link authenticates; mail programs send the one-click POST (RFC 8058)
# without a session or CSRF token.
@csrf_exempt
def unsubscribe(request, token: str):
    user_id = unsubscribe_user_id(token)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        raise Http404
    done = selectors.frequency(user) == MailPreference.Frequency.NEVER
    if request.method == "POST":
        services.frequency_set(user=user, frequency=MailPreference.Frequency.NEVER)
        done = True
    return render(request, "notifications/unsubscribe.html", {"done": done, "token": token})
