"""Helpers shared by the participation, floor and key-message views."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from hiwar.conference.models import Conference, Item

# The chair's queue is refreshed this often (htmx polling).
QUEUE_REFRESH_SECONDS = 5


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _conference(slug: str) -> Conference:
    return get_object_or_404(Conference.objects.select_related("cycle"), slug=slug)


def _item(slug: str, pk: int) -> Item:
    return get_object_or_404(
        Item.objects.select_related("day__conference"), pk=pk, day__conference__slug=slug
    )


def _floor_item(slug: str, pk: int) -> Item:
    item = _item(slug, pk)
    if not item.takes_the_floor:
        raise Http404
    return item
