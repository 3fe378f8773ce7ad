from django import template

register = template.Library()


@register.inclusion_tag("actors/_sector_dot.html")
def sector_dot(sector):
    return {"sector": sector}
