"""Every predicate and every permission in hiwar.accounts.rules."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from rules.permissions import permissions

from hiwar.accounts import rules as account_rules
from hiwar.accounts.models import Membership, PlatformRole
from hiwar.framework.models import Country
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLE_PREDICATES = {
    PlatformRole.SECRETARIAT: account_rules.is_secretariat,
    PlatformRole.FOCAL_POINT: account_rules.is_focal_point,
    PlatformRole.RAPPORTEUR: account_rules.is_rapporteur,
    PlatformRole.TRANSLATOR: account_rules.is_translator,
}
ORGANIZATION_PREDICATES = (
    "is_organization_member",
    "is_organization_admin",
    "has_membership_or_request",
)


def _grant(user, role):
    country = Country.objects.get(iso2="JO") if role == PlatformRole.FOCAL_POINT else None
    return RoleAssignmentFactory(user=user, role=role, country=country)


def test_every_predicate_of_the_module_is_covered_here():
    predicates = {
        name for name, value in vars(account_rules).items() if isinstance(value, rules.Predicate)
    }
    assert predicates == {
        "is_secretariat",
        "is_focal_point",
        "is_rapporteur",
        "is_translator",
        "is_focal_point_for",
        *ORGANIZATION_PREDICATES,
    }


def test_every_registered_accounts_permission_is_covered_here():
    assert {name for name in permissions if name.startswith("accounts.")} == {
        "accounts.invite_people",
        "accounts.view_invitations",
        "accounts.create_organization",
        "accounts.join_organization",
        "accounts.change_organization",
        "accounts.decide_membership",
        "accounts.view_organization_members",
        "accounts.speak_for_country",
    }


# Platform roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(ROLE_PREDICATES))
def test_role_predicate_is_false_for_anonymous(role):
    assert ROLE_PREDICATES[role].test(AnonymousUser()) is False


@pytest.mark.parametrize("role", list(ROLE_PREDICATES))
def test_role_predicate_is_false_without_role(role):
    assert ROLE_PREDICATES[role].test(UserFactory()) is False


@pytest.mark.parametrize("role", list(ROLE_PREDICATES))
def test_role_predicate_is_true_only_for_its_own_role(role):
    person = UserFactory()
    _grant(person, role)
    results = {other: predicate.test(person) for other, predicate in ROLE_PREDICATES.items()}
    assert results == {other: other == role for other in ROLE_PREDICATES}


def test_focal_point_speaks_for_own_country_only():
    jordan = Country.objects.get(iso2="JO")
    morocco = Country.objects.get(iso2="MA")
    focal_point = UserFactory()
    RoleAssignmentFactory(user=focal_point, role=PlatformRole.FOCAL_POINT, country=jordan)
    assert account_rules.is_focal_point_for.test(focal_point, jordan) is True
    assert account_rules.is_focal_point_for.test(focal_point, morocco) is False
    assert account_rules.is_focal_point_for.test(focal_point, None) is False
    assert focal_point.has_perm("accounts.speak_for_country", jordan) is True
    assert focal_point.has_perm("accounts.speak_for_country", morocco) is False


@pytest.mark.parametrize("role", [None, PlatformRole.SECRETARIAT, PlatformRole.RAPPORTEUR])
def test_only_focal_points_speak_for_a_country(role):
    jordan = Country.objects.get(iso2="JO")
    person = UserFactory()
    if role:
        _grant(person, role)
    assert account_rules.is_focal_point_for.test(person, jordan) is False
    assert person.has_perm("accounts.speak_for_country", jordan) is False


def test_anonymous_speaks_for_no_country():
    jordan = Country.objects.get(iso2="JO")
    assert account_rules.is_focal_point_for.test(AnonymousUser(), jordan) is False
    assert AnonymousUser().has_perm("accounts.speak_for_country", jordan) is False


# Organizations -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        # (member, admin, has_membership_or_request)
        (None, None, (False, False, False)),
        (Membership.Role.MEMBER, Membership.Status.PENDING, (False, False, True)),
        (Membership.Role.MEMBER, Membership.Status.DECLINED, (False, False, False)),
        (Membership.Role.MEMBER, Membership.Status.ACTIVE, (True, False, True)),
        (Membership.Role.ADMIN, Membership.Status.PENDING, (False, False, True)),
        (Membership.Role.ADMIN, Membership.Status.DECLINED, (False, False, False)),
        (Membership.Role.ADMIN, Membership.Status.ACTIVE, (True, True, True)),
    ],
)
def test_organization_predicates(role, status, expected):
    organization = OrganizationFactory()
    person = UserFactory()
    if role:
        MembershipFactory(user=person, organization=organization, role=role, status=status)
    results = tuple(
        getattr(account_rules, name).test(person, organization) for name in ORGANIZATION_PREDICATES
    )
    assert results == expected


@pytest.mark.parametrize("name", ORGANIZATION_PREDICATES)
def test_organization_predicates_are_false_for_anonymous_and_without_organization(name):
    organization = OrganizationFactory()
    admin = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    predicate = getattr(account_rules, name)
    assert predicate.test(AnonymousUser(), organization) is False
    assert predicate.test(admin, None) is False


def test_membership_of_one_organization_counts_for_no_other():
    admin = MembershipFactory(role=Membership.Role.ADMIN).user
    other = OrganizationFactory()
    results = [getattr(account_rules, name).test(admin, other) for name in ORGANIZATION_PREDICATES]
    assert results == [False, False, False]


# Permissions -------------------------------------------------------------------------------------


def _person(kind, organization):
    """A person standing in a given relation to `organization`; None is the anonymous visitor."""
    if kind == "anonymous":
        return AnonymousUser()
    person = UserFactory()
    if kind == "secretariat":
        _grant(person, PlatformRole.SECRETARIAT)
    elif kind in {"focal_point", "rapporteur", "translator"}:
        _grant(person, kind)
    elif kind == "admin":
        MembershipFactory(user=person, organization=organization, role=Membership.Role.ADMIN)
    elif kind in {"member", "pending", "declined"}:
        status = {
            "member": Membership.Status.ACTIVE,
            "pending": Membership.Status.PENDING,
            "declined": Membership.Status.DECLINED,
        }[kind]
        MembershipFactory(user=person, organization=organization, status=status)
    return person


PEOPLE = [
    "anonymous",
    "no_role",
    "secretariat",
    "focal_point",
    "rapporteur",
    "translator",
    "admin",
    "member",
    "pending",
    "declined",
]


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ("accounts.invite_people", {"secretariat"}),
        ("accounts.view_invitations", {"secretariat"}),
        ("accounts.create_organization", set(PEOPLE) - {"anonymous"}),
        (
            "accounts.join_organization",
            {"no_role", "secretariat", "focal_point", "rapporteur", "translator", "declined"},
        ),
        ("accounts.change_organization", {"secretariat", "admin"}),
        ("accounts.decide_membership", {"secretariat", "admin"}),
        ("accounts.view_organization_members", {"secretariat", "admin", "member"}),
    ],
)
def test_permission(permission, allowed):
    organization = OrganizationFactory()
    people = {kind: _person(kind, organization) for kind in PEOPLE}
    granted = {kind for kind, person in people.items() if person.has_perm(permission, organization)}
    assert granted == allowed


def test_admin_of_one_organization_cannot_decide_for_another():
    admin = MembershipFactory(role=Membership.Role.ADMIN).user
    other = OrganizationFactory()
    assert admin.has_perm("accounts.decide_membership", other) is False
    assert admin.has_perm("accounts.change_organization", other) is False
    assert admin.has_perm("accounts.view_organization_members", other) is False
