"""Who may do what, as `rules` predicates. Every predicate and permission is tested.

Permissions are checked with `user.has_perm("accounts.<name>", obj)` in views and templates.
"""

from typing import Any

import rules

from hiwar.accounts.models import Membership, Organization, PlatformRole, RoleAssignment


def _holds(user: Any, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return RoleAssignment.objects.filter(user=user, role=role).exists()


@rules.predicate
def is_secretariat(user: Any) -> bool:
    return _holds(user, PlatformRole.SECRETARIAT)


@rules.predicate
def is_focal_point(user: Any) -> bool:
    return _holds(user, PlatformRole.FOCAL_POINT)


@rules.predicate
def is_rapporteur(user: Any) -> bool:
    return _holds(user, PlatformRole.RAPPORTEUR)


@rules.predicate
def is_translator(user: Any) -> bool:
    return _holds(user, PlatformRole.TRANSLATOR)


@rules.predicate
def is_focal_point_for(user: Any, country: Any) -> bool:
    """A focal point speaks only for the country their role is bound to."""
    if not getattr(user, "is_authenticated", False) or country is None:
        return False
    return RoleAssignment.objects.filter(
        user=user, role=PlatformRole.FOCAL_POINT, country=country
    ).exists()


def _membership(user: Any, organization: Organization | None) -> Membership | None:
    if not getattr(user, "is_authenticated", False) or organization is None:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


@rules.predicate
def is_organization_member(user: Any, organization: Organization | None) -> bool:
    membership = _membership(user, organization)
    return membership is not None and membership.status == Membership.Status.ACTIVE


@rules.predicate
def is_organization_admin(user: Any, organization: Organization | None) -> bool:
    membership = _membership(user, organization)
    return (
        membership is not None
        and membership.status == Membership.Status.ACTIVE
        and membership.role == Membership.Role.ADMIN
    )


@rules.predicate
def has_membership_or_request(user: Any, organization: Organization | None) -> bool:
    membership = _membership(user, organization)
    return membership is not None and membership.status != Membership.Status.DECLINED


rules.add_perm("accounts.invite_people", is_secretariat)
rules.add_perm("accounts.view_invitations", is_secretariat)
rules.add_perm("accounts.create_organization", rules.is_authenticated)
rules.add_perm("accounts.join_organization", rules.is_authenticated & ~has_membership_or_request)
rules.add_perm("accounts.change_organization", is_organization_admin | is_secretariat)
rules.add_perm("accounts.decide_membership", is_organization_admin | is_secretariat)
rules.add_perm("accounts.view_organization_members", is_organization_member | is_secretariat)
rules.add_perm("accounts.speak_for_country", is_focal_point_for)
