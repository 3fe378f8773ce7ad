"""Numbers in the neutrality pages, written the way the reader's language writes them."""

from django import template
from django.utils.translation import get_language

from klimapakete.documents import format_number, format_percent

register = template.Library()


def _language() -> str:
    return (get_language() or "de")[:2]


@register.filter
def tonnes(value, decimals: int = 0) -> str:
    """1234.56 → "1.235" (German) or "1,235"; ``|tonnes:1`` keeps one decimal."""
    if value is None or value == "":
        return "—"
    return format_number(round(float(value), int(decimals)), _language(), decimals=int(decimals))


@register.filter
def percent(value) -> str:
    """A share 0..1 as a percentage: 0.206 → "20,6 %"."""
    if value is None or value == "":
        return "—"
    return format_percent(round(float(value) * 100, 1), _language())
