"""Registration: participants register themselves, or are nominated by their Member State's
focal point or by their organization's administrator; capacity and the waiting list; cancelling.

Every write locks the conference row, so two registrations for the last place cannot both be
confirmed, and the database's unique constraint on (conference, lower(email)) catches the
duplicate that a race lets past the check. Confirmation mails leave on commit.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import Membership, Organization, User
from hiwar.accounts.rules import is_organization_admin, is_secretariat
from hiwar.conference import selectors_participation as selectors
from hiwar.conference.models import Conference, FloorRequest, Registration, Sector
from hiwar.conference.services.errors import ConferenceError
from hiwar.framework.models import Country, StakeholderCategory

Status = Registration.Status

# Which sector an organization's nominees speak for, by the kind of organization. Government
# institutions are missing on purpose: their delegates are nominated by the focal point.
SECTOR_OF_ORGANIZATION_KIND: dict[str, str] = {
    Organization.Kind.STAKEHOLDER: Sector.STAKEHOLDER,
    Organization.Kind.UN_SYSTEM: Sector.UN_SYSTEM,
    Organization.Kind.INTERGOVERNMENTAL: Sector.INTERGOVERNMENTAL,
}


def _send_confirmation(registration: Registration) -> None:
    from hiwar.conference.tasks import send_registration_confirmation

    registration_id = registration.pk
    transaction.on_commit(
        lambda: send_registration_confirmation.enqueue(registration_id=registration_id)
    )


def _lock(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


def fill_free_places(*, conference: Conference) -> list[Registration]:
    """Confirm the oldest waiting registrations while there are free places (after a
    cancellation, or when the secretariat raises the capacity); each gets a mail."""
    if conference.capacity is None:
        free = None
    else:
        free = conference.capacity - selectors.confirmed_count(conference)
        if free <= 0:
            return []
    waiting = selectors.waiting_list(conference)
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
        _send_confirmation(registration)
    return promoted


def _check_fields(
    conference: Conference,
    *,
    sector: str,
    country: Country | None,
    category: StakeholderCategory | None,
    role: str,
    interpretation: str,
) -> None:
    if sector not in Sector.values:
        raise ConferenceError(_("Choose whom you speak for."))
    if role not in Registration.Role.values:
        raise ConferenceError(_("Choose how you take part."))
    if interpretation not in Registration.Language.values:
        raise ConferenceError(_("Choose the language you will listen in."))
    if sector == Sector.STAKEHOLDER and category is None:
        raise ConferenceError(_("Choose the stakeholder category you belong to."))
    if sector == Sector.MEMBER_STATE:
        if country is None:
            raise ConferenceError(_("Choose the Member State you represent."))
        if not conference.cycle.member_states.filter(pk=country.pk).exists():
            raise ConferenceError(
                _("%(country)s is not a Member State of this review.") % {"country": country.name}
            )


def already_registered(*, conference: Conference, email: str, user: User | None) -> bool:
    """An active registration with this address (in any case) or for this account."""
    same_person = Registration.objects.filter(conference=conference, email__iexact=email)
    if user is not None:
        same_person = selectors.registrations_matching(conference, user) | same_person
    return same_person.exclude(status=Status.CANCELLED).exists()


def _store(
    *,
    conference: Conference,
    email: str,
    user: User | None,
    fields: dict[str, Any],
) -> Registration:
    """Create the registration (or revive a cancelled one), confirmed if there is a place and
    on the waiting list otherwise. The caller holds the lock on the conference."""
    if not conference.registration_open:
        raise ConferenceError(_("Registration for this conference is closed."))
    email = email.strip()
    if already_registered(conference=conference, email=email, user=user):
        raise ConferenceError(
            _("%(email)s is already registered for this conference.") % {"email": email}
        )
    fill_free_places(conference=conference)
    full = conference.capacity is not None and (
        selectors.confirmed_count(conference) >= conference.capacity
    )
    status = Status.WAITING if full else Status.CONFIRMED
    if fields.get("sector") != Sector.STAKEHOLDER:
        fields["category"] = None
    registration = Registration.objects.filter(
        conference=conference, email__iexact=email, status=Status.CANCELLED
    ).first() or Registration(conference=conference)
    for name, value in {**fields, "email": email, "user": user, "status": status}.items():
        setattr(registration, name, value)
    # A revived registration joins the waiting list at the back.
    registration.created_at = timezone.now()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        raise ConferenceError(
            _("%(email)s is already registered for this conference.") % {"email": email}
        ) from error
    _send_confirmation(registration)
    return registration


@transaction.atomic
def register_participant(
    *,
    conference: Conference,
    user: User,
    role: str,
    interpretation: str,
    sector: str,
    country: Country | None = None,
    organization: Organization | None = None,
    category: StakeholderCategory | None = None,
    accessibility_needs: str = "",
) -> Registration:
    """Register the signed-in person themself, with the name and address of their account."""
    conference = _lock(conference)
    if (
        organization is not None
        and not user.memberships.filter(
            organization=organization, status=Membership.Status.ACTIVE
        ).exists()
    ):
        raise ConferenceError(_("You can only register with an organization you belong to."))
    _check_fields(
        conference,
        sector=sector,
        country=country,
        category=category,
        role=role,
        interpretation=interpretation,
    )
    return _store(
        conference=conference,
        email=user.email,
        user=user,
        fields={
            "full_name": user.full_name or user.email,
            "role": role,
            "interpretation": interpretation,
            "sector": sector,
            "country": country,
            "organization": organization,
            "category": category,
            "accessibility_needs": accessibility_needs.strip(),
            "nominated_by": None,
        },
    )


@transaction.atomic
def nominate_participant(
    *,
    conference: Conference,
    nominator: User,
    full_name: str,
    email: str,
    interpretation: str,
    country: Country | None = None,
    organization: Organization | None = None,
    role: str = Registration.Role.DELEGATE,
    accessibility_needs: str = "",
) -> Registration:
    """Nominate someone: a delegate of the focal point's own country (give `country`), or a
    participant for an organization the nominator administers (give `organization`)."""
    from hiwar.accounts.rules import is_focal_point_for

    conference = _lock(conference)
    if (country is None) == (organization is None):
        raise ConferenceError(_("Nominate for one Member State or for one organization."))
    if country is not None:
        if not is_focal_point_for(nominator, country):
            raise ConferenceError(
                _("You can only nominate delegates of the Member State you are focal point for.")
            )
        fields: dict[str, Any] = {
            "sector": Sector.MEMBER_STATE,
            "country": country,
            "organization": None,
            "category": None,
            "role": Registration.Role.DELEGATE,
        }
    else:
        assert organization is not None
        if not is_organization_admin(nominator, organization):
            raise ConferenceError(
                _("You can only nominate people for an organization you administer.")
            )
        sector = SECTOR_OF_ORGANIZATION_KIND.get(organization.kind)
        if sector is None:
            raise ConferenceError(
                _("Government delegates are nominated by their Member State's focal point.")
            )
        fields = {
            "sector": sector,
            "country": organization.country,
            "organization": organization,
            "category": organization.category,
            "role": role,
        }
    _check_fields(
        conference,
        sector=fields["sector"],
        country=fields["country"],
        category=fields["category"],
        role=fields["role"],
        interpretation=interpretation,
    )
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ConferenceError(_("Give the name of the person you nominate."))
    account = User.objects.filter(email__iexact=email.strip()).first()
    return _store(
        conference=conference,
        email=email,
        user=account,
        fields={
            **fields,
            "full_name": full_name,
            "interpretation": interpretation,
            "accessibility_needs": accessibility_needs.strip(),
            "nominated_by": nominator,
        },
    )


def may_cancel(user: Any, registration: Registration) -> bool:
    """The participant, whoever nominated them, and the secretariat."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        registration.user_id == user.pk
        or registration.email.lower() == user.email.lower()
        or registration.nominated_by_id == user.pk
        or is_secretariat(user)
    )


@transaction.atomic
def cancel_registration(*, registration: Registration, by: User) -> list[Registration]:
    """Cancel a registration. A confirmed place that becomes free goes to the first person on
    the waiting list, who is told by mail; returns the registrations so confirmed."""
    if not may_cancel(by, registration):
        raise ConferenceError(_("You can only cancel your own registration."))
    conference = _lock(registration.conference)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ConferenceError(_("This registration is already cancelled."))
    registration.status = Status.CANCELLED
    registration.save(update_fields=["status"])
    FloorRequest.objects.filter(
        registration=registration, status=FloorRequest.Status.WAITING
    ).update(status=FloorRequest.Status.WITHDRAWN)
    return fill_free_places(conference=conference)
