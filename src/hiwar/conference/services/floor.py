"""The speakers' list of an item: confirmed participants ask for the floor while the chair has
the list open; the chair reorders the queue (by hand, or balanced across categories), records
who spoke, or withdraws a request.

Permission to chair is checked by the views (`conference.run_floor`); these functions keep the
invariants: one waiting request per participant and item, positions 1..n in queue order.
"""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.conference import selectors_participation as selectors
from hiwar.conference.models import FloorRequest, Item, Registration, Sector
from hiwar.conference.services.errors import ConferenceError

Waiting = FloorRequest.Status.WAITING


# --- Balancing, as a pure function -----------------------------------------------------------


@dataclass(frozen=True)
class Asker:
    """What balancing needs to know of a request for the floor."""

    id: int
    group: str
    is_state: bool
    requested_at: datetime.datetime


def group_of(registration: Registration) -> tuple[str, bool]:
    """The group a participant is balanced in, and whether it speaks for a State."""
    if registration.sector == Sector.STAKEHOLDER:
        return f"stakeholder:{registration.category_id}", False
    return str(registration.sector), registration.sector == Sector.MEMBER_STATE


def balanced_order(askers: Iterable[Asker]) -> list[Asker]:
    """Reorder a queue so that the floor goes round the groups (Member States, the UN system,
    intergovernmental organizations, each stakeholder category) in turn.

    Each group keeps its own first-come order. At every turn a Member State follows a non-State
    speaker and the reverse whenever both are waiting; among the groups allowed, the one that
    spoke least recently goes first (a group that has not spoken yet before all others), and
    ties go to the earliest request.
    """
    queues: dict[str, deque[Asker]] = {}
    for asker in sorted(askers, key=lambda a: (a.requested_at, a.id)):
        queues.setdefault(asker.group, deque()).append(asker)
    last_turn = dict.fromkeys(queues, -1)
    order: list[Asker] = []
    previous_is_state: bool | None = None
    while any(queues.values()):
        heads = [queue[0] for queue in queues.values() if queue]
        alternating = [head for head in heads if head.is_state is not previous_is_state]
        chosen = min(alternating or heads, key=lambda a: (last_turn[a.group], a.requested_at, a.id))
        queues[chosen.group].popleft()
        last_turn[chosen.group] = len(order)
        previous_is_state = chosen.is_state
        order.append(chosen)
    return order


# --- Writes ----------------------------------------------------------------------------------


def _lock(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("day").get(pk=item.pk)


def _renumber(requests: Sequence[FloorRequest]) -> None:
    changed = []
    for position, request in enumerate(requests, 1):
        if request.position != position:
            request.position = position
            changed.append(request)
    FloorRequest.objects.bulk_update(changed, ["position"])


def _check_takes_the_floor(item: Item) -> None:
    if not item.takes_the_floor:
        raise ConferenceError(_("This item has no discussion from the floor."))


@transaction.atomic
def set_floor_open(*, item: Item, is_open: bool) -> Item:
    """Open or close the speakers' list. Closing keeps the queue: the chair may still give the
    floor to those already waiting."""
    item = _lock(item)
    _check_takes_the_floor(item)
    if item.floor_open != is_open:
        item.floor_open = is_open
        item.save(update_fields=["floor_open"])
    return item


@transaction.atomic
def request_floor(*, item: Item, user: Any) -> FloorRequest:
    """A confirmed participant of the item's conference asks for the floor."""
    item = _lock(item)
    _check_takes_the_floor(item)
    if not item.floor_open:
        raise ConferenceError(_("The speakers' list of this item is not open."))
    registration = selectors.registration_of(item.day.conference, user)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        raise ConferenceError(
            _("Only registered participants can ask for the floor, and you are not registered.")
        )
    if registration.status != Registration.Status.CONFIRMED:
        raise ConferenceError(
            _(
                "You are on the waiting list of the conference: only confirmed participants "
                "can ask for the floor."
            )
        )
    if selectors.floor_request_of(item, registration) is not None:
        raise ConferenceError(_("You are already on the speakers' list."))
    last = FloorRequest.objects.filter(item=item, status=Waiting).aggregate(last=Max("position"))
    try:
        with transaction.atomic():
            return FloorRequest.objects.create(
                item=item, registration=registration, position=(last["last"] or 0) + 1
            )
    except IntegrityError as error:  # the same request sent twice at once
        raise ConferenceError(_("You are already on the speakers' list.")) from error


def _waiting(floor_request: FloorRequest) -> FloorRequest:
    fresh = FloorRequest.objects.select_for_update().get(pk=floor_request.pk)
    if fresh.status != Waiting:
        raise ConferenceError(_("This request is no longer on the speakers' list."))
    return fresh


@transaction.atomic
def withdraw_floor_request(*, floor_request: FloorRequest) -> FloorRequest:
    """Take a request off the list (by the participant, or by the chair)."""
    _lock(floor_request.item)
    floor_request = _waiting(floor_request)
    floor_request.status = FloorRequest.Status.WITHDRAWN
    floor_request.save(update_fields=["status"])
    _renumber(selectors.floor_queue(floor_request.item))
    return floor_request


@transaction.atomic
def mark_spoken(*, floor_request: FloorRequest) -> FloorRequest:
    """Record that a participant has taken the floor, and when."""
    _lock(floor_request.item)
    floor_request = _waiting(floor_request)
    floor_request.status = FloorRequest.Status.SPOKE
    floor_request.spoke_at = timezone.now()
    floor_request.save(update_fields=["status", "spoke_at"])
    _renumber(selectors.floor_queue(floor_request.item))
    return floor_request


@transaction.atomic
def move_floor_request(*, floor_request: FloorRequest, up: bool) -> None:
    """Move a request one place up (towards the floor) or down the queue."""
    _lock(floor_request.item)
    floor_request = _waiting(floor_request)
    queue = selectors.floor_queue(floor_request.item)
    index = next(i for i, request in enumerate(queue) if request.pk == floor_request.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(queue):
        queue[index], queue[other] = queue[other], queue[index]
    _renumber(queue)


@transaction.atomic
def balance_floor_queue(*, item: Item) -> list[FloorRequest]:
    """Reorder the queue with `balanced_order`; returns it in its new order."""
    item = _lock(item)
    queue = {request.pk: request for request in selectors.floor_queue(item)}
    askers = []
    for request in queue.values():
        group, is_state = group_of(request.registration)
        askers.append(Asker(request.pk, group, is_state, request.requested_at))
    ordered = [queue[asker.id] for asker in balanced_order(askers)]
    _renumber(ordered)
    return ordered
