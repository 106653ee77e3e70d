"""Fixtures and factories of the reviews tests: an Arab regional review with its two guiding
templates, focal points for Jordan and Morocco, organization members, and helpers that walk a
report through the real services (never by writing fields directly)."""

import datetime
import io
from typing import Any

import factory
import pypdfium2
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hiwar.accounts.models import PlatformRole, RoleAssignment
from hiwar.framework.models import Country, Region, StakeholderCategory
from hiwar.reviews.models import (
    Milestone,
    NationalReport,
    ReviewCycle,
    SectionDraft,
    StakeholderInput,
    StakeholderInputSection,
    TemplateSection,
)
from hiwar.reviews.outlines import seed_templates
from hiwar.reviews.services import open_review_cycle, set_milestone
from hiwar.reviews.services import reports as report_services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

SLUG = "arab-review"
MEMBER_STATE_KEYS = [
    "preparation",
    "policy_environment",
    "progress_rt1",
    "progress_rt2",
    "progress_rt3",
    "progress_rt4",
    "means_of_implementation",
    "next_steps",
]
STAKEHOLDER_KEYS = ["about", "engagement", "challenges", "good_practices", "recommendations"]


# --- Files -----------------------------------------------------------------------------------


def make_pdf(pages: int = 1) -> bytes:
    """A real PDF written by PDFium."""
    document = pypdfium2.PdfDocument.new()
    try:
        for _ in range(pages):
            document.new_page(200, 200)
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        document.close()
    return buffer.getvalue()


def pdf_upload(name: str = "national-report.pdf", pages: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(pages), content_type="application/pdf")


# --- Factories -------------------------------------------------------------------------------


class FocalPointFactory(factory.django.DjangoModelFactory):
    """A Member State focal point: a role bound to one country."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = PlatformRole.FOCAL_POINT
    country = factory.LazyFunction(lambda: Country.objects.get(iso2="JO"))


class StakeholderInputFactory(factory.django.DjangoModelFactory):
    """A submitted input; `status="published"` with `published_at` for a published one."""

    class Meta:
        model = StakeholderInput

    cycle = factory.LazyFunction(lambda: ReviewCycle.objects.get(slug=SLUG))
    organization = factory.SubFactory(OrganizationFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Input {n}")
    language = "en"
    status = StakeholderInput.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class StakeholderInputSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderInputSection

    stakeholder_input = factory.SubFactory(StakeholderInputFactory)
    section = factory.LazyAttribute(
        lambda o: TemplateSection.objects.get(
            template__cycle=o.stakeholder_input.cycle,
            template__kind="stakeholder",
            key="about",
        )
    )
    text = "We are a network of migrant associations."


# --- The review ------------------------------------------------------------------------------


@pytest.fixture
def arab_region(db: None) -> Region:
    return Region.objects.get(code="arab-states")


@pytest.fixture
def jordan(db: None) -> Country:
    return Country.objects.get(iso2="JO")


@pytest.fixture
def morocco(db: None) -> Country:
    return Country.objects.get(iso2="MA")


@pytest.fixture
def bare_cycle(arab_region: Region) -> ReviewCycle:
    """A current review of the Arab region, deadline for national reports in 30 days."""
    today = timezone.localdate()
    cycle = open_review_cycle(
        actor=None,
        slug=SLUG,
        region=arab_region,
        titles={
            "en": "Regional review in the Arab region",
            "fr": "Examen régional dans la région arabe",
            "ar": "الاستعراض الإقليمي في المنطقة العربية",
        },
        summaries={"en": "How the Compact is implemented in the Arab region."},
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=300),
        member_states=list(arab_region.countries.all()),
        national_report_deadline=today + datetime.timedelta(days=30),
    )
    return cycle


@pytest.fixture
def dialogue(bare_cycle: ReviewCycle) -> Milestone:
    return set_milestone(
        actor=None,
        cycle=bare_cycle,
        key="dialogue-1",
        kind=Milestone.Kind.DIALOGUE,
        titles={"en": "Multi-stakeholder dialogue", "fr": "Dialogue multipartite"},
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
    )


@pytest.fixture
def cycle(bare_cycle: ReviewCycle, dialogue: Milestone) -> ReviewCycle:
    """The review with its two guiding templates and a dialogue milestone."""
    seed_templates(bare_cycle)
    return bare_cycle


@pytest.fixture
def report(cycle: ReviewCycle, jordan: Country) -> NationalReport:
    """Jordan's report, not started."""
    return report_services.ensure_report(cycle=cycle, country=jordan)


# --- People ----------------------------------------------------------------------------------


@pytest.fixture
def focal_point(jordan: Country) -> Any:
    return FocalPointFactory(
        user=UserFactory(full_name="Amal Haddad", email="amal@example.jo"), country=jordan
    ).user


@pytest.fixture
def second_focal_point(jordan: Country) -> Any:
    return FocalPointFactory(
        user=UserFactory(full_name="Omar Saleh", email="omar@example.jo", preferred_language="ar"),
        country=jordan,
    ).user


@pytest.fixture
def morocco_focal_point(morocco: Country) -> Any:
    return FocalPointFactory(
        user=UserFactory(full_name="Nadia Benali", email="nadia@example.ma"), country=morocco
    ).user


@pytest.fixture
def rapporteur(db: None) -> Any:
    person = UserFactory(full_name="Rana Rapporteur")
    RoleAssignment.objects.create(user=person, role=PlatformRole.RAPPORTEUR)
    return person


@pytest.fixture
def organization(jordan: Country) -> Any:
    return OrganizationFactory(
        name="Jordan Migrant Workers Network",
        category=StakeholderCategory.objects.get(code="civil_society"),
        country=jordan,
    )


@pytest.fixture
def org_member(organization: Any) -> Any:
    return MembershipFactory(
        organization=organization, user=UserFactory(full_name="Layla Nasser")
    ).user


@pytest.fixture
def other_org_member(morocco: Country) -> Any:
    other = OrganizationFactory(
        name="Moroccan Trade Union Federation",
        category=StakeholderCategory.objects.get(code="trade_unions"),
        country=morocco,
    )
    return MembershipFactory(organization=other, user=UserFactory(full_name="Karim Alaoui")).user


@pytest.fixture
def media_root(settings: Any, tmp_path: Any) -> Any:
    """Uploaded files go to a fresh folder that the test can inspect."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def enable_totp(user: Any) -> None:
    """The secretariat must use two-factor authentication (the middleware insists)."""
    TOTP.activate(user, generate_totp_secret())


# --- Walking a report through the services ---------------------------------------------------


def draft_of(report: NationalReport, key: str, number: int | None = None) -> SectionDraft:
    """The draft of one section in the latest (or the given) version."""
    version = (
        report.versions.get(number=number)
        if number is not None
        else report.versions.order_by("-number").first()
    )
    assert version is not None
    return version.sections.get(section__key=key)


def write(
    report: NationalReport, author: Any, texts: dict[str, str], language: str = "en"
) -> NationalReport:
    """Open the report (if needed) and save each section once."""
    report_services.open_version(report=report, language=language)
    for key, text in texts.items():
        draft = draft_of(report, key)
        report_services.save_section(
            actor=author, draft=draft, text=text, language=language, base_revision=draft.revision
        )
    report.refresh_from_db()
    return report


def submit(
    report: NationalReport, author: Any, texts: dict[str, str] | None = None, language: str = "en"
) -> Any:
    texts = texts or {"preparation": "The Ministry of Labour led the review."}
    write(report, author, texts, language=language)
    version = report_services.submit_report(actor=author, report=report, notify=False)
    report.refresh_from_db()
    return version


def publish(
    report: NationalReport, author: Any, texts: dict[str, str] | None = None, language: str = "en"
) -> Any:
    version = submit(report, author, texts, language=language)
    report_services.publish_report(actor=None, report=report)
    report.refresh_from_db()
    return version
