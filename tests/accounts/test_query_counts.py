"""List pages make the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hiwar.framework.models import Country, StakeholderCategory
from tests.factories import InvitationFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

COUNTRIES = ("JO", "MA", "LB")
CATEGORIES = ("civil_society", "trade_unions", "civil_society")


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _organization(index):
    organization = OrganizationFactory(
        category=StakeholderCategory.objects.get(code=CATEGORIES[index]),
        country=Country.objects.get(iso2=COUNTRIES[index]),
        acronym=f"O{index}",
    )
    MembershipFactory(organization=organization)
    MembershipFactory(organization=organization)
    return organization


@pytest.mark.parametrize("signed_in", [False, True])
def test_organization_list(client, user, signed_in):
    if signed_in:
        client.force_login(user)
    _organization(0)
    one = _queries(client, "/en/me/organizations/")
    _organization(1)
    _organization(2)
    three = _queries(client, "/en/me/organizations/")

    assert three == one


def _invitation(index, organization):
    now = timezone.now()
    states = [{}, {"accepted_at": now, "accepted_by": UserFactory()}, {"revoked_at": now}]
    if index == 1:
        return InvitationFactory(
            role="focal_point", country=Country.objects.get(iso2=COUNTRIES[index]), **states[index]
        )
    return InvitationFactory(role="organization_member", organization=organization, **states[index])


def test_invitation_list(secretariat_client):
    organization = OrganizationFactory()
    _invitation(0, organization)
    one = _queries(secretariat_client, "/en/me/invitations/")
    _invitation(1, organization)
    _invitation(2, OrganizationFactory())
    three = _queries(secretariat_client, "/en/me/invitations/")

    assert three == one


def test_dashboard(client, user):
    client.force_login(user)
    MembershipFactory(user=user)
    InvitationFactory(
        email=user.email, role="organization_member", organization=OrganizationFactory()
    )
    one = _queries(client, "/en/me/")
    for _ in range(2):
        MembershipFactory(user=user)
        InvitationFactory(
            email=user.email, role="organization_member", organization=OrganizationFactory()
        )
    three = _queries(client, "/en/me/")

    assert three == one


def test_organization_detail_members(client):
    organization = OrganizationFactory()
    admin = MembershipFactory(organization=organization, role="admin").user
    client.force_login(admin)
    url = f"/en/me/organizations/{organization.pk}/"
    MembershipFactory(organization=organization, status="pending")
    one = _queries(client, url)
    MembershipFactory(organization=organization)
    MembershipFactory(organization=organization, status="pending")
    three = _queries(client, url)

    assert three == one
