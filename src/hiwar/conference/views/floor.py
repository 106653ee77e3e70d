"""The speakers' list of an item: participants ask for the floor, the chair orders the queue
and records who spoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiwar.conference import selectors_participation as selectors
from hiwar.conference.models import FloorRequest, Item
from hiwar.conference.services import floor as floor_services
from hiwar.conference.services.errors import ConferenceError
from hiwar.conference.views.common import (
    QUEUE_REFRESH_SECONDS,
    _floor_item,
    is_htmx,
)
from hiwar.reviews.views.common import require


def _queue_context(request: HttpRequest, item: Item) -> dict[str, Any]:
    return {
        "conference": item.day.conference,
        "item": item,
        "queue": selectors.floor_queue(item),
        "spoken": selectors.floor_spoken(item),
        "refresh_seconds": QUEUE_REFRESH_SECONDS,
        "now": timezone.now(),
    }


@login_required
def floor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The chair runs the list here; a participant asks for (or gives up) the floor."""
    item = _floor_item(slug, pk)
    conference = item.day.conference
    is_chair = request.user.has_perm("conference.run_floor", item)
    registration = selectors.registration_of(conference, request.user)
    my_request = selectors.floor_request_of(item, registration)
    context: dict[str, Any] = {
        "conference": conference,
        "item": item,
        "is_chair": is_chair,
        "registration": registration,
        "my_request": my_request,
        "my_place": selectors.queue_place(my_request) if my_request else None,
    }
    if is_chair:
        context.update(_queue_context(request, item))
    else:
        context["spoken"] = selectors.floor_spoken(item)
    return render(request, "conference/participation/floor.html", context)


def _chair_item(request: HttpRequest, slug: str, pk: int) -> Item:
    item = _floor_item(slug, pk)
    require(request, "conference.run_floor", item)
    return item


@login_required
def floor_queue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The chair's queue alone, polled by htmx."""
    item = _chair_item(request, slug, pk)
    return render(
        request, "conference/participation/_floor_queue.html", _queue_context(request, item)
    )


def _after_chair_action(request: HttpRequest, item: Item, error: str = "") -> HttpResponse:
    if is_htmx(request):
        context = {**_queue_context(request, item), "error": error}
        return render(request, "conference/participation/_floor_queue.html", context)
    if error:
        messages.error(request, error)
    return redirect("conference:floor", slug=item.day.conference.slug, pk=item.pk)


@login_required
@require_POST
def floor_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _chair_item(request, slug, pk)
    action = request.POST.get("action")
    if action not in ("open", "close"):
        messages.error(request, _("Unknown action."))
    else:
        floor_services.set_floor_open(item=item, is_open=action == "open")
        if action == "open":
            messages.success(request, _("The speakers' list is open."))
        else:
            messages.success(request, _("The speakers' list is closed."))
    return redirect("conference:floor", slug=slug, pk=item.pk)


@login_required
@require_POST
def floor_balance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _chair_item(request, slug, pk)
    floor_services.balance_floor_queue(item=item)
    if not is_htmx(request):
        messages.success(request, _("The queue now goes round the categories in turn."))
    return _after_chair_action(request, item)


CHAIR_ACTIONS = ("up", "down", "spoke", "withdraw")


@login_required
@require_POST
def floor_chair_action(
    request: HttpRequest, slug: str, pk: int, request_pk: int, action: str
) -> HttpResponse:
    item = _chair_item(request, slug, pk)
    if action not in CHAIR_ACTIONS:
        raise Http404
    floor_request = get_object_or_404(
        FloorRequest.objects.select_related("item__day__conference"), pk=request_pk, item=item
    )
    try:
        if action in ("up", "down"):
            floor_services.move_floor_request(floor_request=floor_request, up=action == "up")
        elif action == "spoke":
            floor_services.mark_spoken(floor_request=floor_request)
        else:
            floor_services.withdraw_floor_request(floor_request=floor_request)
    except ConferenceError as error:
        return _after_chair_action(request, item, str(error))
    return _after_chair_action(request, item)


@login_required
@require_POST
def floor_ask(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant asks for the floor."""
    item = _floor_item(slug, pk)
    try:
        floor_request = floor_services.request_floor(item=item, user=request.user)
    except ConferenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You are on the speakers' list, number %(n)d.")
            % {"n": selectors.queue_place(floor_request)},
        )
    return redirect("conference:floor", slug=slug, pk=item.pk)


@login_required
@require_POST
def floor_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A participant takes their own request off the list."""
    item = _floor_item(slug, pk)
    registration = selectors.registration_of(item.day.conference, request.user)
    my_request = selectors.floor_request_of(item, registration)
    if my_request is None:
        messages.error(request, _("You are not on the speakers' list."))
    else:
        try:
            floor_services.withdraw_floor_request(floor_request=my_request)
        except ConferenceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You are no longer on the speakers' list."))
    return redirect("conference:floor", slug=slug, pk=item.pk)


urlpatterns: list[URLPattern] = [
    path("<slug:slug>/items/<int:pk>/floor/", floor, name="floor"),
    path("<slug:slug>/items/<int:pk>/floor/queue/", floor_queue, name="floor_queue"),
    path("<slug:slug>/items/<int:pk>/floor/open/", floor_open, name="floor_open"),
    path("<slug:slug>/items/<int:pk>/floor/balance/", floor_balance, name="floor_balance"),
    path("<slug:slug>/items/<int:pk>/floor/ask/", floor_ask, name="floor_ask"),
    path("<slug:slug>/items/<int:pk>/floor/withdraw/", floor_withdraw, name="floor_withdraw"),
    path(
        "<slug:slug>/items/<int:pk>/floor/<int:request_pk>/<slug:action>/",
        floor_chair_action,
        name="floor_chair_action",
    ),
]
