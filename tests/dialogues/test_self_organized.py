"""Self-organized consultations: an organization's member registers a consultation it held and
its outcome document becomes the organization's stakeholder input (checked, stored, submitted
and queued for analysis by the reviews services); the public list shows them, with a link to
the outcome only when the input's own visibility rules allow it. Every refusal stores nothing."""

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hiwar.analysis.models import Document
from hiwar.dialogues.models import SelfOrganizedConsultation
from hiwar.dialogues.services import DialogueError
from hiwar.dialogues.services import self_organized as services
from hiwar.framework.models import StakeholderCategory
from hiwar.reviews.models import Attachment, ReviewCycle, StakeholderInput
from hiwar.reviews.outlines import seed_templates
from hiwar.reviews.services import inputs as input_services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.reviews.conftest import make_pdf, pdf_upload

NEW = reverse("dialogues:self_organized_new")
LIST = reverse("dialogues:self_organized_list")


@pytest.fixture
def cycle(bare_cycle: ReviewCycle) -> ReviewCycle:
    """The review with its templates: inputs are recorded on the stakeholder template."""
    seed_templates(bare_cycle)
    return bare_cycle


@pytest.fixture(autouse=True)
def _media(media_root: Any) -> Any:
    return media_root


def fake_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "outcome.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )


def empty_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("outcome.pdf", b"", content_type="application/pdf")


def register(cycle: ReviewCycle, actor: Any, organization: Any, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "actor": actor,
        "cycle": cycle,
        "organization": organization,
        "title": "National consultation of migrant workers",
        "scope": "national",
        "held_on": timezone.localdate() - datetime.timedelta(days=10),
        "place": "Amman",
        "country": organization.country,
        "participants": 40,
        "counts_by_category": {"civil_society": 25, "trade_unions": 10, "migrants": None},
        "who_took_part": "Domestic workers' groups, two trade unions, the bar association.",
        "outcome": pdf_upload("outcome.pdf", pages=2),
        "language": "ar",
    }
    values.update(overrides)
    return services.register_self_organized_consultation(**values)


def assert_nothing_stored() -> None:
    assert SelfOrganizedConsultation.objects.count() == 0
    assert StakeholderInput.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert Document.objects.count() == 0


def form_data(organization: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organization": organization.pk,
        "title": "Thematic consultation on labour migration",
        "scope": "thematic",
        "held_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "place": "Online",
        "country": "",
        "participants": "30",
        "count_civil_society": "12",
        "count_trade_unions": "8",
        "who_took_part": "Migrant associations and trade unions.",
        "outcome": pdf_upload("outcome.pdf"),
        "language": "fr",
        "publishable": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response: Any) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


# --- The service -----------------------------------------------------------------------------


def test_register_stores_the_consultation_and_submits_its_outcome_as_an_input(
    cycle: ReviewCycle, organization: Any, org_member: Any
) -> None:
    content = make_pdf(2)
    outcome = SimpleUploadedFile("outcome.pdf", content, content_type="application/pdf")
    consultation = register(cycle, org_member, organization, outcome=outcome)

    assert consultation.cycle == cycle
    assert consultation.organization == organization
    assert consultation.registered_by == org_member
    assert consultation.counts_by_category == {"civil_society": 25, "trade_unions": 10}
    item = consultation.stakeholder_input
    assert item.cycle == cycle
    assert item.organization == organization
    assert item.author == org_member
    assert item.title == "National consultation of migrant workers"
    assert item.language == "ar"
    assert item.status == StakeholderInput.Status.SUBMITTED
    assert item.submitted_at is not None
    attachment = item.attachments.get()
    assert (attachment.kind, attachment.page_count, attachment.original_name) == (
        "pdf",
        2,
        "outcome.pdf",
    )
    assert attachment.file.read() == content
    # Submitted inputs are analysed: the reviews service queued the file.
    assert list(
        Document.objects.filter(stakeholder_input=item).values_list("source", flat=True)
    ) == [Document.Source.INPUT_FILE]


def test_a_docx_outcome_is_accepted(cycle: ReviewCycle, organization: Any, org_member: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    docx = SimpleUploadedFile("outcome.docx", buffer.getvalue())
    consultation = register(cycle, org_member, organization, outcome=docx)
    assert consultation.stakeholder_input.attachments.get().kind == "docx"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"held_on": timezone.localdate() + datetime.timedelta(days=1)},
            "Register a consultation once it has taken place.",
        ),
        (
            {"counts_by_category": {"civil_society": 30, "trade_unions": 11}},
            "The participants counted by category (41) are more than the total number of "
            "participants (40).",
        ),
        ({"counts_by_category": {"astrologers": 3}}, "Unknown stakeholder category."),
        ({"counts_by_category": {"migrants": -1}}, "A number of participants cannot be negative."),
        ({"participants": 0}, "A consultation has at least one participant."),
        ({"scope": "global"}, "Choose whether the consultation was national or thematic."),
        ({"title": "   "}, "Give the consultation a title."),
        (
            {"outcome": fake_pdf()},
            "This file is not a real PDF: its content does not match its name.",
        ),
        ({"outcome": empty_pdf()}, "The file is empty."),
        (
            {"outcome": SimpleUploadedFile("outcome.exe", b"%PDF-1.4")},
            "Only PDF and Word (DOCX) files are accepted.",
        ),
    ],
)
def test_bad_registrations_store_nothing(
    cycle: ReviewCycle, organization: Any, org_member: Any, overrides: Any, message: str
) -> None:
    with pytest.raises(DialogueError) as error:
        register(cycle, org_member, organization, **overrides)
    assert str(error.value) == message
    assert_nothing_stored()


def test_a_refused_file_is_reported_as_such(
    cycle: ReviewCycle, organization: Any, org_member: Any
) -> None:
    with pytest.raises(services.OutcomeFileRefused):
        register(cycle, org_member, organization, outcome=fake_pdf())


def test_an_oversized_file_is_refused(
    cycle: ReviewCycle, organization: Any, org_member: Any, settings: Any
) -> None:
    settings.HIWAR_MAX_UPLOAD_BYTES = 100
    with pytest.raises(services.OutcomeFileRefused, match="larger than"):
        register(cycle, org_member, organization)
    assert_nothing_stored()


def test_only_members_register_for_their_organization(
    cycle: ReviewCycle, organization: Any, other_org_member: Any
) -> None:
    with pytest.raises(DialogueError, match="your own organization"):
        register(cycle, other_org_member, organization)
    assert_nothing_stored()


def test_a_pending_member_cannot_register(cycle: ReviewCycle, organization: Any) -> None:
    pending = MembershipFactory(organization=organization, status="pending").user
    with pytest.raises(DialogueError):
        register(cycle, pending, organization)
    assert_nothing_stored()


def test_a_cycle_without_a_stakeholder_template_is_refused(
    bare_cycle: ReviewCycle, organization: Any, org_member: Any
) -> None:
    bare_cycle.templates.all().delete()
    with pytest.raises(DialogueError, match="does not accept stakeholder inputs"):
        register(bare_cycle, org_member, organization)
    assert_nothing_stored()


# --- The registration form -------------------------------------------------------------------


def test_registration_needs_an_account(client: Any, cycle: ReviewCycle) -> None:
    response = client.get(NEW)
    assert response.status_code == 302
    assert "login" in response.url


def test_someone_without_an_organization_is_sent_to_the_organizations(
    client: Any, cycle: ReviewCycle
) -> None:
    client.force_login(UserFactory())
    response = client.get(NEW)
    assert response.status_code == 302
    assert response.url == reverse("accounts:organization_list")


def test_the_form_has_a_count_per_category_and_only_the_members_organizations(
    client: Any, cycle: ReviewCycle, organization: Any, org_member: Any, other_org_member: Any
) -> None:
    client.force_login(org_member)
    response = client.get(NEW)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["organization"].queryset) == [organization]
    codes = list(StakeholderCategory.objects.values_list("code", flat=True))
    assert [name for name in form.fields if name.startswith("count_")] == [
        f"count_{code}" for code in codes
    ]
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "Participants by stakeholder category (GCM para 44)" in html


def test_a_member_registers_a_consultation(
    client: Any, cycle: ReviewCycle, organization: Any, org_member: Any
) -> None:
    client.force_login(org_member)
    response = client.post(NEW, form_data(organization), follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    consultation = SelfOrganizedConsultation.objects.get()
    assert consultation.title == "Thematic consultation on labour migration"
    assert consultation.scope == "thematic"
    assert consultation.participants == 30
    assert consultation.counts_by_category == {"civil_society": 12, "trade_unions": 8}
    assert consultation.country is None
    item = consultation.stakeholder_input
    assert (item.organization, item.cycle, item.status, item.language, item.publishable) == (
        organization,
        cycle,
        StakeholderInput.Status.SUBMITTED,
        "fr",
        True,
    )
    assert item.attachments.count() == 1
    html = response.content.decode()
    assert "the consultation is registered" in html
    assert "Registered by your organization" in html
    assert reverse("reviews:input", kwargs={"pk": item.pk}) in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"held_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
            "held_on",
            "Register a consultation once it has taken place.",
        ),
        (
            {"count_civil_society": "25", "count_migrants": "6"},
            "participants",
            "The participants counted by category (39) are more than the total number of "
            "participants (30).",
        ),
        ({"count_migrants": "-2"}, "count_migrants", None),
        ({"participants": "0"}, "participants", None),
        ({"title": ""}, "title", "This field is required."),
        ({"outcome": None}, "outcome", "This field is required."),
        (
            {"outcome": fake_pdf()},
            "outcome",
            "This file is not a real PDF: its content does not match its name.",
        ),
        ({"outcome": empty_pdf()}, "outcome", "The file is empty."),
    ],
)
def test_bad_form_data_shows_a_message_and_stores_nothing(
    client: Any,
    cycle: ReviewCycle,
    organization: Any,
    org_member: Any,
    overrides: Any,
    field: str,
    message: str | None,
) -> None:
    client.force_login(org_member)
    response = client.post(NEW, form_data(organization, **overrides))
    assert response.status_code == 200
    errors = errors_of(response)
    assert field in errors
    if message:
        assert errors[field] == [message]
        assert message in response.content.decode()
    assert_nothing_stored()


def test_a_forged_organization_is_refused(
    client: Any, cycle: ReviewCycle, organization: Any, org_member: Any, other_org_member: Any
) -> None:
    other = other_org_member.memberships.get().organization
    client.force_login(org_member)
    response = client.post(NEW, form_data(other))
    assert response.status_code == 200
    assert "organization" in errors_of(response)
    assert_nothing_stored()


# --- The public list -------------------------------------------------------------------------


def test_the_list_is_public_and_hides_an_unpublished_outcome(
    client: Any, cycle: ReviewCycle, organization: Any, org_member: Any
) -> None:
    item = register(cycle, org_member, organization).stakeholder_input
    input_url = reverse("reviews:input", kwargs={"pk": item.pk})

    html = client.get(LIST).content.decode()
    assert "National consultation of migrant workers" in html
    assert "Jordan Migrant Workers Network" in html
    assert "Amman" in html
    assert "National" in html
    assert ">40<" in html
    assert ">25<" in html  # civil society
    assert input_url not in html
    assert "The outcome document is not published yet." in html
    assert "Register a consultation" not in html
    # The input page itself agrees: for the public it does not exist yet.
    assert client.get(input_url).status_code == 404

    input_services.publish_stakeholder_input(actor=None, item=item)
    html = client.get(LIST).content.decode()
    assert input_url in html
    assert client.get(input_url).status_code == 200


def test_members_see_their_unpublished_outcome_and_others_do_not(
    client: Any, cycle: ReviewCycle, organization: Any, org_member: Any, other_org_member: Any
) -> None:
    item = register(cycle, org_member, organization).stakeholder_input
    input_url = reverse("reviews:input", kwargs={"pk": item.pk})

    client.force_login(org_member)
    html = client.get(LIST).content.decode()
    assert "Registered by your organization" in html
    assert input_url in html
    assert "Sent to the secretariat, not published" in html
    assert "Register a consultation" in html

    client.force_login(other_org_member)
    html = client.get(LIST).content.decode()
    assert "Registered by your organization" not in html
    assert "National consultation of migrant workers" in html
    assert input_url not in html


def test_the_secretariat_sees_unpublished_outcomes(
    secretariat_client: Any, cycle: ReviewCycle, organization: Any, org_member: Any
) -> None:
    item = register(cycle, org_member, organization).stakeholder_input
    html = secretariat_client.get(LIST).content.decode()
    assert reverse("reviews:input", kwargs={"pk": item.pk}) in html


def test_the_list_without_consultations(client: Any, cycle: ReviewCycle) -> None:
    assert "No consultation has been registered yet." in client.get(LIST).content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow_with_the_consultations(
    client: Any,
    django_assert_num_queries: Any,
    cycle: ReviewCycle,
    organization: Any,
    org_member: Any,
    signed_in: bool,
    count: int,
) -> None:
    for n in range(count):
        other = OrganizationFactory(country=organization.country)
        member = MembershipFactory(organization=other).user
        register(cycle, member, other, title=f"Consultation {n}")
    register(cycle, org_member, organization)
    if signed_in:
        client.force_login(org_member)
    # Anonymous: the cycle, the consultations, the categories, and the page's navigation.
    # Signed in, also the session, the user, the memberships, the secretariat role, and the
    # navigation's permission checks.
    with django_assert_num_queries(14 if signed_in else 4):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["rows"]) == count + 1
