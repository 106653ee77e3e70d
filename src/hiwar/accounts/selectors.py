"""Reads of accounts and organizations shared by views and later by the API."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hiwar.accounts.models import Invitation, Membership, Organization, RoleAssignment, User


def organization_list(*, query: str = "") -> QuerySet[Organization]:
    organizations = Organization.objects.select_related("category", "country").annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    )
    if query:
        organizations = organizations.filter(Q(name__icontains=query) | Q(acronym__icontains=query))
    return organizations


def organization_memberships(*, organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("status", "user__email")


def user_memberships(*, user: User) -> QuerySet[Membership]:
    return user.memberships.select_related(
        "organization", "organization__category", "organization__country"
    )


def user_roles(*, user: User) -> QuerySet[RoleAssignment]:
    return user.role_assignments.select_related("country")


def pending_requests_for_admin(*, user: User) -> QuerySet[Membership]:
    """Join requests waiting in the organizations this person administers."""
    administered = Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, status=Membership.Status.ACTIVE
    ).values("organization")
    return Membership.objects.filter(
        organization__in=administered, status=Membership.Status.PENDING
    ).select_related("user", "organization")


def open_invitations_for(*, user: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        email__iexact=user.email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("country", "organization")


def invitation_list() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("country", "organization", "invited_by", "accepted_by")
