import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from klimapakete.core.navigation import SUBNAVS, subnav_items

register = template.Library()

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    # Building the converter costs more than converting a short text: one per thread.
    if not hasattr(_local, "converter"):
        _local.converter = markdown_lib.Markdown(extensions=["sane_lists", "tables"])
    return _local.converter


@register.filter
def markdown(text: str) -> str:
    """Markdown rendered to sanitised HTML (safe for user-written text too)."""
    text = text or ""
    if len(text) > MARKDOWN_CACHED_CHARS:
        return mark_safe(_render(text))  # noqa: S308 - sanitised by nh3 in _render
    return mark_safe(_render_cached(text))  # noqa: S308 - sanitised by nh3 in _render


# A thread page shows the same posts to everyone: each process keeps the HTML of the
# texts it rendered last (a pure function of the text), bounded in count and length.
MARKDOWN_CACHED_CHARS = 8_000


@lru_cache(maxsize=1024)
def _render_cached(text: str) -> str:
    return _render(text)


def _render(text: str) -> str:
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@register.filter
def tr(obj, field: str) -> str:
    """The German or English variant of a bilingual field (``title`` → ``title_de``)."""
    lang = (get_language() or "de")[:2]
    value = getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_de", "")
    return value


@register.filter
def percent(value: float) -> int:
    return round((value or 0) * 100)


@register.inclusion_tag("core/_queue_notice.html")
def queue_notice(since):
    """A plain notice when work queued at ``since`` waits and no task worker is running."""
    from klimapakete.core.workers import waiting_without_worker

    return {"show": waiting_without_worker(since)}


@register.simple_tag
def search_picker(picker_key: str, name: str, value=None, *, team, id: str, suffix=None):
    """A search picker (core/pickers.py) outside a form object, e.g. one per row of a list:
    ``{% search_picker "members" "assignee" progress.assignee team=current_team
    id="assignee" suffix=item.pk %}`` (the field's id is ``assignee-<pk>``)."""
    from klimapakete.core.pickers import SearchChoiceField

    field = SearchChoiceField(picker_key)
    field.bind(team)
    element_id = f"{id}-{suffix}" if suffix is not None else id
    return field.widget.render(name, value, attrs={"id": element_id})


@register.inclusion_tag("core/_subnav.html", takes_context=True)
def subnav(context, key: str, **kwargs):
    """An area's tabs (registered with ``core.navigation.subnav_register``)."""
    area = SUBNAVS[key]
    return {"label": area.label, "items": subnav_items(context["request"], area, **kwargs)}
