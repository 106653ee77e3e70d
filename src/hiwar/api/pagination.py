"""Limit/offset pagination with the total `count` and links to the `next` and `previous`
pages. Every list endpoint takes these parameters (its filter schema inherits PageParams)."""

from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: Token holders may ask for bigger pages of the bulk export.
MAX_EXPORT_LIMIT = 2000
T = TypeVar("T")


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1-200).")
    offset: int = Field(0, ge=0, le=10_000_000, description="Items to skip.")


def _link(request: HttpRequest, offset: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest, items: "QuerySet[Any] | list[Any]", *, limit: int, offset: int
) -> tuple[list[Any], dict[str, Any]]:
    """One page of `items` (two queries for a queryset: the count and the page) and the
    pagination fields of the response."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    page = list(items[offset : offset + limit])
    return page, {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": _link(request, offset + limit) if offset + limit < count else None,
        "previous": _link(request, max(0, offset - limit)) if offset > 0 else None,
    }
