"""The public page of a cited passage: what it shows, and who may see it before its source is
published."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.framework.models import Country
from hiwar.reviews.models import NationalReport, StakeholderInput
from tests.factories import UserFactory
from tests.publications.test_generators_fixtures import add_passage, report_document
from tests.reviews.conftest import StakeholderInputFactory

ARABIC = "ألغت وزارة العمل رسوم التوظيف المفروضة على العمال المنزليين المهاجرين."


def url(passage: Passage, language: str = "en") -> str:
    return f"/{language}/publications/passages/{passage.pk}/"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published_passage(cycle: Any, jordan: Country) -> Passage:
    document = report_document(cycle, jordan, language="ar")
    return add_passage(
        document,
        ARABIC,
        objectives={
            6: PassageTag.Status.CONFIRMED,
            7: PassageTag.Status.SUGGESTED,
            15: PassageTag.Status.REJECTED,
        },
        page=7,
    )


@pytest.fixture
def draft_passage(cycle: Any, jordan: Country) -> Passage:
    document = report_document(cycle, jordan, status=NationalReport.Status.SUBMITTED)
    return add_passage(document, "Not yet public.", objectives={6: PassageTag.Status.CONFIRMED})


def test_anyone_reads_a_passage_of_a_published_report(published_passage: Passage) -> None:
    response = Client().get(url(published_passage))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<blockquote class="cited-passage__text" lang="ar" dir="rtl">' in page
    assert ARABIC in page
    assert "National report of Jordan" in page
    assert "page 7" in page
    assert "Progress on round table 1" in page  # the section heading
    confirmed, suggested = page.split("Suggested by the analysis, not yet confirmed")
    assert "6. Facilitate fair and ethical recruitment" in confirmed
    assert "7. Address and reduce vulnerabilities" in suggested
    assert "15. Provide access to basic services" not in page  # rejected
    report = published_passage.document.report
    assert f'href="{reverse("reviews:report", kwargs={"pk": report.pk})}"' in page


def test_the_passage_page_speaks_the_reader_language(published_passage: Passage) -> None:
    page = Client().get(url(published_passage, "fr")).content.decode()
    assert Country.objects.get(iso2="JO").name_fr in page


def test_an_unknown_passage_is_404(db: None) -> None:
    assert Client().get("/en/publications/passages/999999/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "user", "morocco_focal_point", "org_member"])
def test_a_passage_of_an_unpublished_report_is_hidden(
    request: pytest.FixtureRequest, draft_passage: Passage, who: str
) -> None:
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))
    assert client.get(url(draft_passage)).status_code == 404


def test_the_country_focal_point_and_the_secretariat_see_an_unpublished_report_passage(
    draft_passage: Passage, focal_point: Any, secretariat_client: Client
) -> None:
    assert client_for(focal_point).get(url(draft_passage)).status_code == 200
    assert secretariat_client.get(url(draft_passage)).status_code == 200


def _input_passage(cycle: Any, organization: Any, **fields: Any) -> Passage:
    item = StakeholderInputFactory(
        cycle=cycle,
        organization=organization,
        title="Recruitment of domestic workers",
        author=UserFactory(full_name="Huda Author"),
        **fields,
    )
    document = Document.objects.create(
        cycle=cycle,
        source=Document.Source.INPUT,
        stakeholder_input=item,
        country=organization.country,
        title=item.title,
        status=Document.Status.DONE,
        language="en",
    )
    return add_passage(document, "Our members report unpaid wages.", objectives={6: "suggested"})


def test_an_unpublished_input_passage_is_seen_by_its_organization_only(
    cycle: Any, organization: Any, org_member: Any, other_org_member: Any
) -> None:
    passage = _input_passage(cycle, organization)
    assert Client().get(url(passage)).status_code == 404
    assert client_for(other_org_member).get(url(passage)).status_code == 404
    page = client_for(org_member).get(url(passage))
    assert page.status_code == 200
    assert "Jordan Migrant Workers Network" in page.content.decode()


@pytest.mark.parametrize("show", [True, False])
def test_a_published_input_passage_names_the_author_only_if_allowed(
    cycle: Any, organization: Any, show: bool
) -> None:
    passage = _input_passage(
        cycle, organization, status=StakeholderInput.Status.PUBLISHED, show_author_name=show
    )
    page = Client().get(url(passage)).content.decode()
    assert "Jordan Migrant Workers Network" in page
    assert "Recruitment of domestic workers" in page
    assert ("Huda Author" in page) is show


def test_a_document_uploaded_for_analysis_only_is_for_analysts(
    cycle: Any, jordan: Country, rapporteur: Any, user: Any
) -> None:
    document = Document.objects.create(
        cycle=cycle,
        source=Document.Source.UPLOAD,
        country=jordan,
        title="Report received by mail",
        status=Document.Status.DONE,
        language="en",
    )
    passage = add_passage(document, "Received by mail.", objectives={6: "suggested"})
    assert Client().get(url(passage)).status_code == 404
    assert client_for(user).get(url(passage)).status_code == 404
    assert client_for(rapporteur).get(url(passage)).status_code == 200


def test_the_passage_page_runs_a_constant_number_of_queries(
    published_passage: Passage, django_assert_num_queries: Any
) -> None:
    client = Client()
    client.get(url(published_passage))
    with django_assert_num_queries(3):
        assert client.get(url(published_passage)).status_code == 200
