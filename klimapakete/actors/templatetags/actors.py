from django import template
from django.urls import NoReverseMatch, reverse

from klimapakete.actors.subnav import SUBNAV

register = template.Library()


@register.inclusion_tag("actors/_subnav.html", takes_context=True)
def actor_subnav(context):
    request = context["request"]
    team = context["current_team"]
    entries = []
    for entry in SUBNAV:
        try:
            url = reverse(entry.url_name, kwargs={"team_slug": team.slug})
        except NoReverseMatch:
            continue
        entries.append({"url": url, "label": entry.label, "current": request.path == url})
    return {"entries": entries}


@register.inclusion_tag("actors/_sector_dot.html")
def sector_dot(sector):
    return {"sector": sector}
