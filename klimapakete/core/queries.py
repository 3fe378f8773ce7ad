"""Query helpers shared by the apps."""

from __future__ import annotations

from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce


def aggregate_of(rows, aggregate, *, key: str, default=None):
    """``aggregate`` over ``rows`` (filtered by ``OuterRef``, grouped by ``key``) as a
    correlated subquery: one row's figure without joining and grouping the outer rows,
    which would copy every outer row (and its ``select_related`` rows) per related row."""
    value = Subquery(rows.order_by().values(key).annotate(value=aggregate).values("value"))
    return value if default is None else Coalesce(value, Value(default))
