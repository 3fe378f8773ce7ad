from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """``mapping|get:key`` for dictionaries in templates."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
