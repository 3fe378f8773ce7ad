from django import template

from klimapakete.actors.analysis.svg import dot

register = template.Library()


@register.simple_tag
def sector_dot(sector):
    """A sector's coloured circle (nothing without a sector)."""
    return dot(sector.colour) if sector else ""
