"""Reads about the people taking part in a conference: registrations and the numbers the
interpreters need, the speakers' list of an item, and key messages.

Every function here runs a constant number of queries, whatever the number of registrations,
requests or messages (tested with `django_assert_num_queries`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from hiwar.conference.models import (
    Conference,
    FloorRequest,
    Item,
    KeyMessage,
    Registration,
    Sector,
)
from hiwar.framework.models import Country, StakeholderCategory

# --- Registrations --------------------------------------------------------------------------


def registrations_matching(conference: Conference, user: Any) -> QuerySet[Registration]:
    """Registrations of the conference that belong to this account: linked to it, or made
    (for instance by a nominator) with its email address."""
    return Registration.objects.filter(conference=conference).filter(
        Q(user=user) | Q(email__iexact=user.email)
    )


def registration_of(conference: Conference, user: Any) -> Registration | None:
    """The account's registration, an active one before a cancelled one."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = list(registrations_matching(conference, user).select_related("country", "organization"))
    found.sort(key=lambda r: (r.status == Registration.Status.CANCELLED, r.created_at))
    return found[0] if found else None


def confirmed_registration_of(conference: Conference, user: Any) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        registrations_matching(conference, user)
        .filter(status=Registration.Status.CONFIRMED)
        .first()
    )


def waiting_list(conference: Conference) -> QuerySet[Registration]:
    """The waiting list, first come first served."""
    return Registration.objects.filter(
        conference=conference, status=Registration.Status.WAITING
    ).order_by("created_at", "pk")


def confirmed_count(conference: Conference) -> int:
    return Registration.objects.filter(
        conference=conference, status=Registration.Status.CONFIRMED
    ).count()


def waiting_number(registration: Registration) -> int | None:
    """The place (1 = next to get a seat) of a registration on the waiting list."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = (
        Registration.objects.filter(
            conference_id=registration.conference_id, status=Registration.Status.WAITING
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def with_waiting_numbers(registrations: list[Registration]) -> list[Registration]:
    """Set `waiting_number` on each registration of the list, in one query per conference."""
    conference_ids = {r.conference_id for r in registrations if r.status == "waiting"}
    numbers: dict[int, int] = {}
    for conference_id in conference_ids:
        queue = Registration.objects.filter(
            conference_id=conference_id, status=Registration.Status.WAITING
        ).order_by("created_at", "pk")
        numbers.update(
            {pk: place for place, pk in enumerate(queue.values_list("pk", flat=True), 1)}
        )
    for registration in registrations:
        registration.waiting_number = numbers.get(registration.pk)  # type: ignore[attr-defined]
    return registrations


def nominations_by(conference: Conference, user: Any) -> list[Registration]:
    """The people this account nominated, with their place on the waiting list."""
    nominated = list(
        Registration.objects.filter(conference=conference, nominated_by=user)
        .select_related("country", "organization")
        .order_by("created_at", "pk")
    )
    return with_waiting_numbers(nominated)


def registrations_for_secretariat(
    conference: Conference,
    *,
    status: str = "",
    role: str = "",
    interpretation: str = "",
) -> QuerySet[Registration]:
    """The participant list, optionally filtered; every column in one query."""
    registrations = Registration.objects.filter(conference=conference).select_related(
        "country", "organization", "category", "nominated_by"
    )
    if status:
        registrations = registrations.filter(status=status)
    if role:
        registrations = registrations.filter(role=role)
    if interpretation:
        registrations = registrations.filter(interpretation=interpretation)
    return registrations.order_by("created_at", "pk")


@dataclass(frozen=True)
class CountRow:
    label: str
    confirmed: int
    waiting: int

    @property
    def total(self) -> int:
        return self.confirmed + self.waiting


@dataclass(frozen=True)
class RegistrationCounts:
    """Confirmed and waiting registrations (cancelled ones are left out), broken down."""

    by_country: list[CountRow]
    by_sector: list[CountRow]
    by_interpretation: list[CountRow]
    by_role: list[CountRow]
    total: CountRow

    def sections(self) -> list[tuple[str, list[CountRow]]]:
        return [
            (_("By country"), self.by_country),
            (_("By sector and stakeholder category"), self.by_sector),
            (_("By interpretation language"), self.by_interpretation),
            (_("By role"), self.by_role),
        ]


_COUNTS = {
    "confirmed": Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
    "waiting": Count("pk", filter=Q(status=Registration.Status.WAITING)),
}


def registration_counts(conference: Conference) -> RegistrationCounts:
    """The numbers interpreters and logistics need, in six grouped queries."""
    active = Registration.objects.filter(conference=conference).exclude(
        status=Registration.Status.CANCELLED
    )

    def grouped(*fields: str) -> list[dict[str, Any]]:
        return list(active.order_by().values(*fields).annotate(**_COUNTS))

    by_country = grouped("country_id")
    by_sector = grouped("sector", "category_id")
    by_language = grouped("interpretation")
    by_role = grouped("role")
    countries = Country.objects.in_bulk(
        [row["country_id"] for row in by_country if row["country_id"]]
    )
    categories = StakeholderCategory.objects.in_bulk(
        [row["category_id"] for row in by_sector if row["category_id"]]
    )

    def row(label: Any, counts: dict[str, Any]) -> CountRow:
        return CountRow(str(label), counts["confirmed"], counts["waiting"])

    def sector_label(counts: dict[str, Any]) -> str:
        sector = Sector(counts["sector"]).label
        if counts["category_id"]:
            return f"{sector}: {categories[counts['category_id']].name}"
        return str(sector)

    country_rows = sorted(
        (
            row(countries[c["country_id"]].name if c["country_id"] else _("No country given"), c)
            for c in by_country
        ),
        key=lambda r: (r.label == _("No country given"), r.label),
    )
    sector_order = list(Sector.values)
    sector_rows = [
        row(sector_label(c), c)
        for c in sorted(
            by_sector,
            key=lambda c: (
                sector_order.index(c["sector"]),
                categories[c["category_id"]].position if c["category_id"] else 0,
            ),
        )
    ]
    language_order = list(Registration.Language.values)
    language_rows = [
        row(Registration.Language(c["interpretation"]).label, c)
        for c in sorted(by_language, key=lambda c: language_order.index(c["interpretation"]))
    ]
    role_order = list(Registration.Role.values)
    role_rows = [
        row(Registration.Role(c["role"]).label, c)
        for c in sorted(by_role, key=lambda c: role_order.index(c["role"]))
    ]
    total = CountRow(
        str(_("All participants")),
        sum(r.confirmed for r in role_rows),
        sum(r.waiting for r in role_rows),
    )
    return RegistrationCounts(country_rows, sector_rows, language_rows, role_rows, total)


# --- The speakers' list ---------------------------------------------------------------------


def _floor_requests(item: Item) -> QuerySet[FloorRequest]:
    return FloorRequest.objects.filter(item=item).select_related(
        "registration__country", "registration__organization", "registration__category"
    )


def floor_queue(item: Item) -> list[FloorRequest]:
    """Who waits for the floor, in the chair's order."""
    return list(
        _floor_requests(item)
        .filter(status=FloorRequest.Status.WAITING)
        .order_by("position", "requested_at", "pk")
    )


def floor_spoken(item: Item) -> list[FloorRequest]:
    """Who has spoken, in the order they spoke."""
    return list(
        _floor_requests(item).filter(status=FloorRequest.Status.SPOKE).order_by("spoke_at", "pk")
    )


def floor_request_of(item: Item, registration: Registration | None) -> FloorRequest | None:
    """The participant's current request for the floor, if they are waiting."""
    if registration is None:
        return None
    return FloorRequest.objects.filter(
        item=item, registration=registration, status=FloorRequest.Status.WAITING
    ).first()


def queue_place(request: FloorRequest) -> int:
    """1 = the next to speak."""
    ahead = FloorRequest.objects.filter(
        item_id=request.item_id, status=FloorRequest.Status.WAITING
    ).filter(
        Q(position__lt=request.position)
        | Q(position=request.position, requested_at__lt=request.requested_at)
        | Q(position=request.position, requested_at=request.requested_at, pk__lt=request.pk)
    )
    return ahead.count() + 1


# --- Key messages ---------------------------------------------------------------------------


def _key_messages() -> QuerySet[KeyMessage]:
    return KeyMessage.objects.select_related(
        "country", "organization", "category", "recorded_by"
    ).order_by("created_at", "pk")


def key_messages_of_item(item: Item) -> list[KeyMessage]:
    return list(_key_messages().filter(item=item))


def _items_with_messages(conference: Conference) -> QuerySet[Item]:
    return (
        Item.objects.filter(day__conference=conference)
        .select_related("day")
        .prefetch_related(Prefetch("key_messages", _key_messages(), to_attr="recorded_messages"))
        .order_by("day__date", "starts_at", "ends_at", "pk")
    )


def key_messages_of(conference: Conference) -> list[Item]:
    """The conference's items that have key messages, in programme order, each with its
    messages (oldest first) in `item.recorded_messages`. This feeds the outcome document."""
    return list(
        _items_with_messages(conference).filter(
            pk__in=KeyMessage.objects.filter(item__day__conference=conference).values("item_id")
        )
    )


# Items where nothing is discussed, so nothing is recorded.
_SILENT_ITEMS = (Item.Type.BREAK, Item.Type.REGISTRATION)


def items_for_key_messages(conference: Conference) -> list[Item]:
    """Every item where messages may be voiced, with those recorded so far (as
    `key_messages_of`), for the rapporteurs' overview."""
    return list(
        _items_with_messages(conference)
        .filter(~Q(type__in=_SILENT_ITEMS) | Q(key_messages__isnull=False))
        .distinct()
    )


def voiced_by(message: KeyMessage) -> str:
    """Who voiced a key message, as the outcome document names them."""
    parts = [str(Sector(message.sector).label)]
    if message.country_id:
        assert message.country is not None
        parts.append(message.country.name)
    if message.category_id:
        assert message.category is not None
        parts.append(message.category.name)
    if message.organization_id:
        assert message.organization is not None
        parts.append(message.organization.name)
    return " · ".join(parts)
