"""Fixtures of the API tests: a review with Jordan's national report published and analysed,
Morocco's submitted but NOT published, a published and an unpublished stakeholder input, good
practices in every status, and a conference with a published programme and a later draft.
Everything is made through the platform's own services."""

from collections.abc import Callable
from typing import Any

import pytest

from hiwar.accounts.models import Organization
from hiwar.analysis.models import Document, PassageTag
from hiwar.analysis.services import analyse_document
from hiwar.api.services import NewToken, create_api_token
from hiwar.framework.models import Country, GuidingPrinciple, Objective, StakeholderCategory
from hiwar.knowledge.models import Practice
from hiwar.knowledge.services import practices as practice_services
from hiwar.reviews.models import NationalReport, ReviewCycle, StakeholderInput
from hiwar.reviews.services import inputs as input_services
from hiwar.reviews.services import reports as report_services
from tests.analysis.conftest import *  # noqa: F403 - the review cycle, reports and people
from tests.analysis.conftest import LABOUR, REMITTANCES, SCHOOLS, analysed
from tests.conference.conftest import *  # noqa: F403 - conference fixtures and helpers

UNPUBLISHED_TEXT = "CONFIDENTIAL DRAFT, never public. " + LABOUR


@pytest.fixture(autouse=True)
def _generous_rate_limits(settings: Any) -> None:
    """Tests make many requests from one address; the rate limit tests lower these."""
    settings.HIWAR_API_RATE_ANONYMOUS = "100000/min"
    settings.HIWAR_API_RATE_TOKEN = "100000/min"


@pytest.fixture
def rate_window_clock(monkeypatch: Any) -> None:
    """The limiter counts in fixed one-minute windows: hold its clock 30 s into one, so that a
    test's requests cannot straddle a window boundary (they did once, on a loaded machine)."""
    monkeypatch.setattr("hiwar.api.auth.time.time", lambda: 2_000_000_010.0)


@pytest.fixture
def published_report(report: NationalReport, focal_point: Any) -> NationalReport:
    """Jordan's report, analysed and published; one objective tag confirmed, one rejected."""
    document = analysed(
        report, focal_point, {"policy_environment": LABOUR, "progress_rt2": REMITTANCES}
    )
    report_services.publish_report(actor=None, report=report)
    report.refresh_from_db()
    tags = PassageTag.objects.filter(passage__document=document, objective__isnull=False).order_by(
        "-score", "pk"
    )
    first, second = tags[0], tags[1]
    first.status = PassageTag.Status.CONFIRMED
    first.save(update_fields=["status"])
    second.status = PassageTag.Status.REJECTED
    second.save(update_fields=["status"])
    return report


@pytest.fixture
def unpublished_report(
    cycle: ReviewCycle, morocco: Country, morocco_focal_point: Any
) -> NationalReport:
    """Morocco's report: submitted and analysed, never published."""
    report = report_services.ensure_report(cycle=cycle, country=morocco)
    analysed(report, morocco_focal_point, {"policy_environment": UNPUBLISHED_TEXT})
    report.refresh_from_db()
    assert report.status == NationalReport.Status.SUBMITTED
    return report


def submit_input(
    cycle: ReviewCycle, organization: Organization, author: Any, *, title: str, text: str,
    show_author_name: bool = False,
) -> StakeholderInput:  # fmt: skip
    item = input_services.submit_stakeholder_input(
        actor=author,
        cycle=cycle,
        organization=organization,
        title=title,
        language="en",
        sections={"challenges": text},
        show_author_name=show_author_name,
    )
    for document in Document.objects.filter(stakeholder_input=item):
        analyse_document(document_id=document.pk)
    return item


@pytest.fixture
def published_input(
    cycle: ReviewCycle, organization: Organization, org_member: Any
) -> StakeholderInput:
    item = submit_input(
        cycle, organization, org_member, title="Schools for every child", text=SCHOOLS,
        show_author_name=True,
    )  # fmt: skip
    return input_services.publish_stakeholder_input(actor=None, item=item)


@pytest.fixture
def unpublished_input(
    cycle: ReviewCycle, organization: Organization, org_member: Any
) -> StakeholderInput:
    return submit_input(
        cycle, organization, org_member, title="Confidential draft input", text=UNPUBLISHED_TEXT
    )


# --- Good practices --------------------------------------------------------------------------


def make_practice(
    organization: Organization,
    author: Any,
    *,
    title: str,
    status: str = Practice.Status.PUBLISHED,
    reviewer: Any = None,
    country: str = "JO",
    objectives: tuple[int, ...] = (6,),
    language: str = "en",
    start_year: int = 2019,
) -> Practice:
    content = practice_services.PracticeContent(
        title=title,
        summary=f"{title}: how it works.",
        language=language,
        start_year=start_year,
        countries=[Country.objects.get(iso2=country)],
        objectives=list(Objective.objects.filter(number__in=objectives)),
        principles=[GuidingPrinciple.objects.get(letter="f")],
        stakeholder_categories=[StakeholderCategory.objects.get(code="trade_unions")],
        contact_name="Hidden Contact",
        contact_email="hidden-contact@example.org",
        links=["https://example.org/practice"],
    )
    practice = practice_services.create_practice(
        actor=author, organization=organization, content=content
    )
    if status == Practice.Status.DRAFT:
        return practice
    practice = practice_services.submit_practice(actor=author, practice=practice)
    if status == Practice.Status.PUBLISHED:
        practice = practice_services.publish_practice(actor=reviewer, practice=practice)
    elif status == Practice.Status.REJECTED:
        practice = practice_services.reject_practice(actor=reviewer, practice=practice, reason="No")
    elif status == Practice.Status.CHANGES_REQUESTED:
        practice = practice_services.request_practice_changes(
            actor=reviewer, practice=practice, comment="More detail"
        )
    return practice


@pytest.fixture
def practice_maker(
    organization: Organization, org_member: Any, secretariat_user: Any
) -> Callable[..., Practice]:
    def make(title: str, **kwargs: Any) -> Practice:
        return make_practice(
            organization, org_member, title=title, reviewer=secretariat_user, **kwargs
        )

    return make


# --- Tokens ----------------------------------------------------------------------------------


@pytest.fixture
def api_token(secretariat_user: Any) -> NewToken:
    return create_api_token(actor=secretariat_user, label="IMRF export")


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
