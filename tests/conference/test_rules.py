"""Every conference permission, for every kind of user."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from hiwar.conference.models import Conference, Item, Role
from tests.conference.conftest import add_person, add_role


@pytest.fixture
def people(
    secretariat_user: Any,
    focal_point: Any,
    rapporteur: Any,
    org_member: Any,
    organization: Any,
    user: Any,
) -> dict[str, Any]:
    from hiwar.accounts.models import Membership
    from tests.factories import UserFactory

    admin = UserFactory()
    Membership.objects.create(
        user=admin, organization=organization, role="admin", status=Membership.Status.ACTIVE
    )
    return {
        "anonymous": AnonymousUser(),
        "secretariat": secretariat_user,
        "focal point": focal_point,
        "rapporteur": rapporteur,
        "organization member": org_member,
        "organization admin": admin,
        "registered user": user,
    }


EXPECTED = {
    "conference.manage_programme": {"secretariat"},
    "conference.manage_registrations": {"secretariat"},
    "conference.record_key_messages": {"secretariat", "rapporteur"},
    "conference.nominate": {"focal point", "organization admin"},
    "conference.register": {
        "secretariat",
        "focal point",
        "rapporteur",
        "organization member",
        "organization admin",
        "registered user",
    },
}


@pytest.mark.parametrize("permission", EXPECTED)
def test_global_permissions(people: dict[str, Any], permission: str) -> None:
    allowed = {name for name, who in people.items() if who.has_perm(permission)}
    assert allowed == EXPECTED[permission]


def test_the_floor_is_run_by_the_secretariat_and_the_items_chair_or_moderator(
    people: dict[str, Any], conference: Conference, plenary: Item, user: Any, rapporteur: Any
) -> None:
    assert {n for n, who in people.items() if who.has_perm("conference.run_floor", plenary)} == {
        "secretariat"
    }
    add_role(plenary, add_person(conference, "Chair", user=user), Role.Kind.CHAIR)
    add_role(plenary, add_person(conference, "Speaker", user=rapporteur), Role.Kind.SPEAKER)
    allowed = {n for n, who in people.items() if who.has_perm("conference.run_floor", plenary)}
    assert allowed == {"secretariat", "registered user"}
    assert not user.has_perm("conference.run_floor", None)
