"""The permissions of hiwar/reviews/rules.py, for every kind of person, on drafts and on
published material."""

import pytest
from django.contrib.auth.models import AnonymousUser

from hiwar.accounts.models import Membership
from hiwar.reviews.services import inputs as input_services
from tests.factories import MembershipFactory
from tests.reviews.conftest import StakeholderInputFactory, publish, submit, write

pytestmark = pytest.mark.django_db

PEOPLE = (
    "anonymous",
    "user",
    "focal_point",
    "other_focal_point",
    "org_member",
    "pending_member",
    "other_org_member",
    "rapporteur",
    "secretariat",
)


@pytest.fixture
def everyone(
    user,
    focal_point,
    morocco_focal_point,
    org_member,
    organization,
    other_org_member,
    rapporteur,
    secretariat_user,
):
    pending = MembershipFactory(organization=organization, status=Membership.Status.PENDING).user
    return {
        "anonymous": AnonymousUser(),
        "user": user,
        "focal_point": focal_point,
        "other_focal_point": morocco_focal_point,
        "org_member": org_member,
        "pending_member": pending,
        "other_org_member": other_org_member,
        "rapporteur": rapporteur,
        "secretariat": secretariat_user,
    }


def _allowed(everyone, permission, obj=None):
    return {name for name in PEOPLE if everyone[name].has_perm(permission, obj)}


def test_only_the_secretariat_manages_the_review(everyone):
    assert _allowed(everyone, "reviews.manage_cycle") == {"secretariat"}


@pytest.mark.parametrize(
    ("stage", "permission", "expected"),
    [
        ("not_started", "reviews.view_report", {"focal_point", "secretariat"}),
        ("drafting", "reviews.view_report", {"focal_point", "secretariat"}),
        ("submitted", "reviews.view_report", {"focal_point", "secretariat"}),
        ("published", "reviews.view_report", set(PEOPLE)),
        ("drafting", "reviews.edit_report", {"focal_point"}),
        ("published", "reviews.edit_report", {"focal_point"}),
        ("drafting", "reviews.request_extension", {"focal_point"}),
    ],
)
def test_report_permissions(everyone, report, focal_point, stage, permission, expected):
    if stage == "drafting":
        write(report, focal_point, {"preparation": "Draft."})
    elif stage == "submitted":
        submit(report, focal_point)
    elif stage == "published":
        publish(report, focal_point)

    assert _allowed(everyone, permission, report) == expected


def test_nobody_may_act_on_a_missing_report(everyone):
    assert _allowed(everyone, "reviews.view_report", None) == {"secretariat"}
    assert _allowed(everyone, "reviews.edit_report", None) == set()


@pytest.mark.parametrize(
    ("published", "expected"),
    [(False, {"org_member", "secretariat"}), (True, set(PEOPLE))],
)
def test_who_reads_a_stakeholder_input(everyone, cycle, organization, published, expected):
    item = StakeholderInputFactory(cycle=cycle, organization=organization)
    if published:
        input_services.publish_stakeholder_input(actor=None, item=item)

    assert _allowed(everyone, "reviews.view_input", item) == expected


def test_only_active_members_send_inputs_for_their_organization(everyone, organization):
    assert _allowed(everyone, "reviews.submit_input", organization) == {"org_member"}
