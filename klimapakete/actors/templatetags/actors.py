from django import template
from django.utils.html import format_html

register = template.Library()


def sector_dot_html(colour: str):
    """The coloured dot of a sector (decorative: the sector's name stands next to it)."""
    return format_html(
        '<svg class="dot" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" '
        'focusable="false"><circle cx="6" cy="6" r="6" fill="{}"/></svg>',
        colour,
    )


@register.simple_tag
def sector_dot(sector):
    return sector_dot_html(sector.colour) if sector else ""
