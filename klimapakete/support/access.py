from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def support_view(view):
    """Only support organisation staff (and superusers); everyone else gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_support_staff or request.user.is_superuser):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def is_staff(user) -> bool:
    return user.is_authenticated and (user.is_support_staff or user.is_superuser)


def partner_view(view):
    """Support staff, and people of a partner organisation (who see only their own
    organisation's events: use :func:`events_for`); everyone else gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (is_staff(request.user) or request.user.partner_organisations.exists()):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def organisations_for(user):
    from klimapakete.support.models import PartnerOrganisation

    if is_staff(user):
        return PartnerOrganisation.objects.all()
    return PartnerOrganisation.objects.filter(people=user)


def events_for(user):
    """The events a person may manage: all for staff, their organisations' for partners."""
    from klimapakete.support.models import PartnerEvent

    if is_staff(user):
        return PartnerEvent.objects.all()
    return PartnerEvent.objects.filter(organisation__people=user)
