"""The organization directory: who is listed, what they work on (declared, and derived from
their published inputs and practices), filters, the profile page and its editing."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hiwar.accounts.models import Membership, Organization
from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.framework.models import Country, Objective, StakeholderCategory
from hiwar.knowledge import selectors_directory as directory
from hiwar.knowledge.models import OrganizationProfile, Practice
from hiwar.knowledge.services.directory import save_profile
from hiwar.reviews.models import StakeholderInput
from tests.factories import MembershipFactory, OrganizationFactory
from tests.knowledge.conftest import make_practice
from tests.reviews.conftest import StakeholderInputFactory

pytestmark = pytest.mark.django_db


def tagged_input(
    organization: Any,
    cycle: Any,
    tags: list[tuple[int, str, float]],
    status: str = StakeholderInput.Status.PUBLISHED,
) -> StakeholderInput:
    """An input of the organization whose one analysed passage carries the given
    (objective number, tag status, score) tags."""
    item = StakeholderInputFactory(organization=organization, cycle=cycle, status=status)
    document = Document.objects.create(
        cycle=cycle,
        source=Document.Source.INPUT,
        stakeholder_input=item,
        title=item.title,
        status=Document.Status.DONE,
    )
    passage = Passage.objects.create(
        document=document,
        position=0,
        text="We train migrant workers.",
        text_hash="x",
        language="en",
    )
    for number, tag_status, score in tags:
        PassageTag.objects.create(
            passage=passage,
            objective=Objective.objects.get(number=number),
            status=tag_status,
            score=score,
        )
    return item


def listed(client: Any, query: str = "") -> list[str]:
    response = client.get(f"/en/knowledge/directory/{query}")
    assert response.status_code == 200
    return [card["organization"].name for card in response.context["cards"]]


def test_who_is_listed(client, cycle, organization, org_member, jordan):
    nobody = OrganizationFactory(name="Nobody Joined Yet")
    pending = OrganizationFactory(name="Only A Pending Request")
    Membership.objects.create(user=org_member, organization=pending)  # pending
    with_input = OrganizationFactory(name="Published An Input")
    StakeholderInputFactory(
        organization=with_input, cycle=cycle, status=StakeholderInput.Status.PUBLISHED
    )
    draft_input = OrganizationFactory(name="Only A Submitted Input")
    StakeholderInputFactory(organization=draft_input, cycle=cycle)
    with_practice = OrganizationFactory(name="Published A Practice")
    make_practice(with_practice, None, Practice.Status.PUBLISHED)
    names = listed(client)
    assert organization.name in names  # an approved member
    assert "Published An Input" in names
    assert "Published A Practice" in names
    assert nobody.name not in names
    assert "Only A Pending Request" not in names
    assert "Only A Submitted Input" not in names
    assert client.get(f"/en/knowledge/directory/{nobody.pk}/").status_code == 404


def test_objectives_are_derived_from_inputs_practices_and_the_profile(
    cycle, organization, org_member, org_admin
):
    tagged_input(
        organization,
        cycle,
        [
            (2, PassageTag.Status.CONFIRMED, 0.2),  # confirmed: counts whatever the score
            (5, PassageTag.Status.SUGGESTED, 0.8),  # suggested with confidence: counts
            (9, PassageTag.Status.SUGGESTED, 0.3),  # suggested, weak: does not count
            (11, PassageTag.Status.REJECTED, 0.9),  # rejected: never counts
        ],
    )
    tagged_input(organization, cycle, [(12, "confirmed", 0.9)], StakeholderInput.Status.SUBMITTED)
    make_practice(organization, org_member, Practice.Status.PUBLISHED)  # objective 6
    make_practice(organization, org_member, objectives=[Objective.objects.get(number=13)])
    save_profile(
        actor=org_admin,
        organization=organization,
        description="",
        language="ar",
        objectives=list(Objective.objects.filter(number__in=[6, 23])),
        countries=list(Country.objects.filter(iso2="LB")),
    )
    work = directory.organization_work(organization)
    assert work.objective_numbers() == [2, 5, 6, 23]
    assert work.objectives[2] == {"inputs"}
    assert work.objectives[6] == {"declared", "practices"}
    assert work.input_passages == {2: 1, 5: 1}
    assert set(work.countries) == {"JO", "LB"}


def test_the_profile_page_shows_where_each_objective_comes_from(
    client, cycle, organization, org_member
):
    tagged_input(organization, cycle, [(2, PassageTag.Status.CONFIRMED, 0.9)])
    make_practice(organization, org_member, Practice.Status.PUBLISHED, title="Our practice")
    response = client.get(f"/en/knowledge/directory/{organization.pk}/")
    rows = {row["objective"].number: row["sources"] for row in response.context["objectives"]}
    assert rows == {2: ["inputs"], 6: ["practices"]}
    html = response.content.decode()
    assert "Our practice" in html
    assert "published inputs" in html


def test_who_works_on_objective_x_in_country_y(client, cycle, organization, org_member, morocco):
    tagged_input(organization, cycle, [(2, PassageTag.Status.CONFIRMED, 0.9)])  # Jordan
    moroccan = OrganizationFactory(name="Moroccan Network", country=morocco)
    MembershipFactory(organization=moroccan)
    save_profile(
        actor=None,
        organization=moroccan,
        description="",
        language="fr",
        objectives=[Objective.objects.get(number=2)],
        countries=[],
    )
    regional = OrganizationFactory(
        name="Regional Union", category=StakeholderCategory.objects.get(code="trade_unions")
    )
    make_practice(
        regional,
        None,
        Practice.Status.PUBLISHED,
        objectives=[Objective.objects.get(number=2)],
        countries=[morocco],
    )
    assert set(listed(client, "?objective=2")) == {
        organization.name,
        "Moroccan Network",
        "Regional Union",
    }
    assert set(listed(client, "?objective=2&country=MA")) == {"Moroccan Network", "Regional Union"}
    assert listed(client, "?objective=2&country=MA&category=trade_unions") == ["Regional Union"]
    assert listed(client, "?objective=7") == []
    response = client.get("/en/knowledge/directory/?objective=2&country=MA")
    facets = {f.key: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    assert facets["objective"]["2"] == 2
    assert facets["country"]["MA"] == 2
    assert facets["category"] == {"civil_society": 1, "trade_unions": 1}


@pytest.mark.parametrize("query", ["?objective=42", "?country=XX", "?category=spies", "?page=99"])
def test_unknown_directory_filters_are_ignored(client, organization, org_member, query):
    response = client.get(f"/en/knowledge/directory/{query}")
    assert response.status_code == 200
    assert organization.name in [c["organization"].name for c in response.context["cards"]]
    if "page" not in query:
        assert "is not known and was ignored" in response.content.decode()


def test_the_directory_makes_as_many_queries_for_one_organization_as_for_three(
    client, cycle, organization, org_member, django_assert_num_queries
):
    url = "/en/knowledge/directory/"
    tagged_input(organization, cycle, [(2, PassageTag.Status.CONFIRMED, 0.9)])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for name in ("Second", "Third"):
        other = OrganizationFactory(name=name)
        MembershipFactory(organization=other)
        make_practice(other, None, Practice.Status.PUBLISHED)
        save_profile(
            actor=None,
            organization=other,
            description="x",
            language="en",
            objectives=list(Objective.objects.filter(number__in=[1, 2])),
            countries=list(Country.objects.filter(iso2__in=["MA", "TN"])),
        )
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert len(response.context["cards"]) == 3


def test_an_admin_edits_the_declared_profile(client, organization, org_admin):
    client.force_login(org_admin)
    response = client.post(
        f"/ar/knowledge/directory/{organization.pk}/profile/",
        {
            "description": "شبكة أردنية للعمال المهاجرين.",
            "language": "ar",
            "objectives": [Objective.objects.get(number=16).pk],
            "countries": [Country.objects.get(iso2="JO").pk],
        },
    )
    assert response.status_code == 302
    profile = OrganizationProfile.objects.get(organization=organization)
    assert profile.description == "شبكة أردنية للعمال المهاجرين."
    assert [o.number for o in profile.objectives.all()] == [16]
    assert profile.history.count() == 1
    html = client.get(f"/en/knowledge/directory/{organization.pk}/").content.decode()
    assert '<p lang="ar" dir="rtl">شبكة أردنية للعمال المهاجرين.</p>' in html


def test_a_member_who_is_not_admin_cannot_edit_the_profile(client, organization, org_member):
    client.force_login(org_member)
    response = client.post(
        f"/en/knowledge/directory/{organization.pk}/profile/",
        {"description": "Hijacked", "language": "en"},
    )
    assert response.status_code == 403
    assert not OrganizationProfile.objects.filter(organization=organization).exists()


def test_an_admin_cannot_edit_another_organizations_profile(client, organization, org_admin):
    other = OrganizationFactory(name="Someone Else")
    client.force_login(org_admin)
    response = client.post(
        f"/en/knowledge/directory/{other.pk}/profile/", {"description": "x", "language": "en"}
    )
    assert response.status_code == 403
    assert not OrganizationProfile.objects.filter(organization=other).exists()


def test_the_accounts_organization_list_still_lists_every_organization(client, organization):
    assert Organization.objects.filter(pk=organization.pk).exists()
    assert client.get("/en/knowledge/directory/").status_code == 200
