"""Fixtures of the knowledge hub tests: the reviews fixtures (countries, organizations and
their members, the secretariat) plus practices walked through the real services."""

from typing import Any

import pytest

from hiwar.accounts.models import Membership
from hiwar.framework.models import Country, GuidingPrinciple, Objective, StakeholderCategory
from hiwar.knowledge.models import Practice
from hiwar.knowledge.services import practices as services
from tests.factories import MembershipFactory, UserFactory
from tests.reviews.conftest import *  # noqa: F403 - countries, organizations, people


def content(**overrides: Any) -> services.PracticeContent:
    """A practice about legal aid for migrant workers in Jordan (objective 6, principle a)."""
    values: dict[str, Any] = {
        "title": "Legal clinics for migrant domestic workers",
        "summary": "Free legal advice for migrant domestic workers on wages and contracts.",
        "description": "Lawyers visit **community centres** every week.",
        "language": "en",
        "start_year": 2018,
        "end_year": 2020,
        "countries": [Country.objects.get(iso2="JO")],
        "objectives": [Objective.objects.get(number=6)],
        "principles": [GuidingPrinciple.objects.get(letter="a")],
        "stakeholder_categories": [StakeholderCategory.objects.get(code="civil_society")],
        "results": "1,200 workers advised.",
        "links": ["https://example.org/clinics"],
        "contact_name": "Layla Nasser",
        "contact_email": "private-contact@example.jo",
    }
    values.update(overrides)
    return services.PracticeContent(**values)


def make_practice(
    organization: Any, author: Any, status: str = Practice.Status.DRAFT, **overrides: Any
) -> Practice:
    """A practice brought to `status` through the services."""
    practice = services.create_practice(
        actor=author, organization=organization, content=content(**overrides)
    )
    if status == Practice.Status.DRAFT:
        return practice
    practice = services.submit_practice(actor=author, practice=practice)
    if status == Practice.Status.PUBLISHED:
        practice = services.publish_practice(actor=None, practice=practice)
    elif status == Practice.Status.CHANGES_REQUESTED:
        practice = services.request_practice_changes(
            actor=None, practice=practice, comment="Add the number of workers."
        )
    elif status == Practice.Status.REJECTED:
        practice = services.reject_practice(actor=None, practice=practice, reason="Off topic.")
    return practice


@pytest.fixture
def org_admin(organization: Any) -> Any:
    return MembershipFactory(
        organization=organization,
        role=Membership.Role.ADMIN,
        user=UserFactory(
            full_name="Hala Admin", email="hala.admin@example.jo", preferred_language="ar"
        ),
    ).user


@pytest.fixture
def draft(organization: Any, org_member: Any) -> Practice:
    return make_practice(organization, org_member)


@pytest.fixture
def submitted(organization: Any, org_member: Any) -> Practice:
    return make_practice(organization, org_member, Practice.Status.SUBMITTED)


@pytest.fixture
def published(organization: Any, org_member: Any) -> Practice:
    return make_practice(organization, org_member, Practice.Status.PUBLISHED)
