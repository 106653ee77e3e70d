"""django-simple-history keeps who changed organizations, memberships, roles and invitations."""

import pytest

from hiwar.accounts import services
from hiwar.accounts.models import Membership, Organization
from hiwar.framework.models import StakeholderCategory
from tests.factories import InvitationFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_creating_an_organization_records_history(user):
    organization = services.create_organization(
        actor=user,
        name="Arab Women Network",
        category=StakeholderCategory.objects.get(code="civil_society"),
        country=None,
    )

    assert Organization.history.count() == 1
    record = organization.history.get()
    assert (record.history_type, record.name, record.created_by_id) == (
        "+",
        "Arab Women Network",
        user.pk,
    )
    assert list(Membership.history.values_list("history_type", "role", "status")) == [
        ("+", "admin", "active")
    ]


def test_a_refused_organization_records_no_history(user):
    OrganizationFactory(name="Arab Women Network")

    with pytest.raises(services.AccountsError):
        services.create_organization(
            actor=user,
            name="arab women network",
            category=StakeholderCategory.objects.get(code="civil_society"),
            country=None,
        )

    assert Organization.history.count() == 1


def test_changes_made_through_pages_record_who_acted(client, user):
    client.force_login(user)

    client.post(
        "/en/me/organizations/new/",
        {
            "name": "Migrant Workers Forum",
            "kind": "stakeholder",
            "category": StakeholderCategory.objects.get(code="trade_unions").pk,
            "scope": "national",
        },
    )

    assert list(Organization.history.values_list("name", "history_user")) == [
        ("Migrant Workers Forum", user.pk)
    ]


def test_deciding_a_membership_records_the_change(client):
    admin = MembershipFactory(role="admin")
    pending = MembershipFactory(organization=admin.organization, status="pending")
    client.force_login(admin.user)

    client.post(f"/en/me/memberships/{pending.pk}/decide/", {"decision": "approve"})

    assert list(pending.history.order_by("history_date").values_list("status", "history_user")) == [
        ("pending", None),
        ("active", admin.user.pk),
    ]


def test_the_invitation_token_is_not_kept_in_history():
    invitation = InvitationFactory(invited_by=UserFactory())

    record = invitation.history.get()

    assert not hasattr(record, "token")
