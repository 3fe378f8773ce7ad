from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lang(text) -> str:
    """The variant of a German/English ``Text`` pair in the page's language."""
    if not text:
        return ""
    return text.en if (get_language() or "de")[:2] == "en" else text.de
