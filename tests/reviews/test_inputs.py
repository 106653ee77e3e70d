"""Written inputs of stakeholder organizations: sending one (sections, a file, or both), who
may read it before publication, and what publication shows of its author."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hiwar.reviews.models import Attachment, Milestone, StakeholderInput
from hiwar.reviews.services import inputs as input_services
from hiwar.reviews.services import open_review_cycle, set_milestone
from tests.factories import MembershipFactory
from tests.reviews.conftest import (
    SLUG,
    STAKEHOLDER_KEYS,
    StakeholderInputFactory,
    StakeholderInputSectionFactory,
    enable_totp,
    make_pdf,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

URL = f"/en/review/{SLUG}/inputs/new/"


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _inputs():
    return list(StakeholderInput.objects.order_by("pk").values_list("pk", "status", "published_at"))


def _files(media_root):
    return sorted(str(p) for p in media_root.rglob("*") if p.is_file())


def _form(organization, **changes):
    data = {
        "organization": organization.pk,
        "title": "Recruitment fees and wage theft",
        "language": "en",
        "publishable": "on",
    }
    data.update(changes)
    return data


@pytest.fixture
def member_client(client, cycle, org_member):
    client.force_login(org_member)
    return client


@pytest.fixture
def officer(secretariat_user):
    enable_totp(secretariat_user)
    return secretariat_user


def test_the_form_offers_the_stakeholder_template_and_the_dialogues(
    member_client, cycle, organization, dialogue
):
    set_milestone(
        actor=None,
        cycle=cycle,
        key="workshop",
        kind=Milestone.Kind.WORKSHOP,
        titles={"en": "Workshop for Member States"},
        starts_on=timezone.localdate(),
    )

    response = member_client.get(URL)

    form = response.context["form"]
    assert [name for name in form.fields if name.startswith("section_")] == [
        f"section_{key}" for key in STAKEHOLDER_KEYS
    ]
    assert list(form.fields["organization"].queryset) == [organization]
    assert list(form.fields["linked_milestone"].queryset) == [dialogue]
    html = response.content.decode()
    assert "Your engagement in implementing and reviewing the Compact" in html
    assert "Workshop for Member States" not in html


def test_a_member_sends_an_input_linked_to_a_dialogue(
    member_client, cycle, organization, org_member, dialogue
):
    response = member_client.post(
        URL,
        _form(
            organization,
            title="  Recruitment   fees  ",
            language="ar",
            linked_milestone=dialogue.pk,
            section_challenges="Workers pay recruitment fees.",
            section_recommendations="Enforce the employer-pays principle.",
            section_about="   ",
            show_author_name="on",
        ),
        follow=True,
    )

    item = StakeholderInput.objects.get()
    assert response.redirect_chain == [(f"/en/review/inputs/{item.pk}/", 302)]
    assert "Thank you: your input has been sent to the secretariat." in _messages(response)
    assert (
        item.cycle,
        item.organization,
        item.author,
        item.title,
        item.language,
        item.linked_milestone,
        item.publishable,
        item.show_author_name,
        item.status,
    ) == (
        cycle,
        organization,
        org_member,
        "Recruitment fees",
        "ar",
        dialogue,
        True,
        True,
        StakeholderInput.Status.SUBMITTED,
    )
    assert item.submitted_at is not None
    assert dict(item.sections.values_list("section__key", "text")) == {
        "challenges": "Workers pay recruitment fees.",
        "recommendations": "Enforce the employer-pays principle.",
    }
    html = response.content.decode()
    assert "linked to: Multi-stakeholder dialogue" in html
    assert "Workers pay recruitment fees." in html


def test_an_input_as_a_pdf_only(member_client, organization, media_root):
    content = make_pdf(pages=4)

    response = member_client.post(
        URL,
        _form(organization, file=SimpleUploadedFile("Our input.pdf", content)),
        follow=True,
    )

    item = StakeholderInput.objects.get()
    attachment = item.attachments.get()
    assert item.sections.count() == 0
    assert (attachment.original_name, attachment.page_count, attachment.version) == (
        "Our input.pdf",
        4,
        None,
    )
    assert (media_root / attachment.file.name).read_bytes() == content
    assert f'<a href="/en/review/files/{attachment.pk}/">Our input.pdf</a>' in (
        response.content.decode()
    )


def test_an_input_with_sections_and_a_pdf(member_client, organization, media_root):
    member_client.post(
        URL, _form(organization, section_about="A network.", file=pdf_upload("annex.pdf"))
    )

    item = StakeholderInput.objects.get()
    assert (item.sections.count(), item.attachments.count()) == (1, 1)


def test_an_input_without_text_or_file_is_refused(member_client, organization, media_root):
    response = member_client.post(URL, _form(organization, section_about="  "))

    assert response.status_code == 200
    assert "Write at least one section or attach your input as a file." in (
        response.content.decode()
    )
    assert (_inputs(), _files(media_root)) == ([], [])


def test_a_disguised_executable_is_refused(member_client, organization, media_root):
    disguised = SimpleUploadedFile("input.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100)

    response = member_client.post(URL, _form(organization, section_about="Hi.", file=disguised))

    assert "This file is not a real PDF: its content does not match its name." in (
        response.content.decode()
    )
    assert (_inputs(), Attachment.objects.count(), _files(media_root)) == ([], 0, [])


def test_a_title_is_required(member_client, organization):
    response = member_client.post(URL, _form(organization, title="", section_about="Hi."))

    assert response.context["form"].errors == {"title": ["This field is required."]}
    assert _inputs() == []


def test_a_member_cannot_send_for_another_organization(member_client, other_org_member, media_root):
    other = other_org_member.memberships.get().organization

    response = member_client.post(URL, _form(other, section_about="Hi."))

    assert "organization" in response.context["form"].errors
    assert _inputs() == []


def test_a_meeting_of_another_review_is_refused(member_client, organization, arab_region, jordan):
    older = open_review_cycle(
        actor=None,
        slug="earlier-review",
        region=arab_region,
        titles={"en": "Earlier review"},
        summaries={},
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 3, 1),
        member_states=[jordan],
        make_current=False,
    )
    elsewhere = set_milestone(
        actor=None,
        cycle=older,
        key="dialogue",
        kind=Milestone.Kind.DIALOGUE,
        titles={"en": "An earlier dialogue"},
        starts_on=datetime.date(2020, 10, 27),
    )

    response = member_client.post(
        URL, _form(organization, section_about="Hi.", linked_milestone=elsewhere.pk)
    )

    assert "linked_milestone" in response.context["form"].errors
    assert _inputs() == []


@pytest.mark.parametrize("membership", ["none", "pending", "declined"])
def test_without_an_active_membership_the_form_leads_to_the_organizations(
    client, cycle, user, organization, membership
):
    if membership != "none":
        MembershipFactory(user=user, organization=organization, status=membership)
    client.force_login(user)

    shown = client.get(URL, follow=True)
    sent = client.post(URL, _form(organization, section_about="Hi."))

    assert shown.redirect_chain == [("/en/me/organizations/", 302)]
    assert "Join or create your organization first: inputs come from organizations." in (
        _messages(shown)
    )
    assert (sent.status_code, sent["Location"]) == (302, "/en/me/organizations/")
    assert _inputs() == []


def test_the_form_of_an_unknown_review_is_404(member_client, cycle):
    assert member_client.get("/en/review/no-such-review/inputs/new/").status_code == 404


# --- Reading and publishing ------------------------------------------------------------------


@pytest.fixture
def item(cycle, organization, org_member):
    submitted = StakeholderInputFactory(
        cycle=cycle, organization=organization, author=org_member, title="Wage protection"
    )
    StakeholderInputSectionFactory(
        stakeholder_input=submitted, text="Wages are paid late <script>alert(1)</script>"
    )
    return submitted


def test_an_unpublished_input_is_read_only_by_its_organization_and_the_secretariat(
    client, request, item
):
    seen = {}
    for who in ("anonymous", "other_org_member", "focal_point", "user", "org_member", "officer"):
        client.logout()
        if who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        response = client.get(f"/en/review/inputs/{item.pk}/")
        html = response.content.decode()
        assert "<script>alert" not in html
        seen[who] = (response.status_code, "Wages are paid late" in html)

    assert seen == {
        "anonymous": (404, False),
        "other_org_member": (404, False),
        "focal_point": (404, False),
        "user": (404, False),
        "org_member": (200, True),
        "officer": (200, True),
    }


def test_the_secretariat_publishes_and_withdraws_an_input(client, item, officer):
    client.force_login(officer)

    published = client.post(f"/en/review/inputs/{item.pk}/publish/", follow=True)
    item.refresh_from_db()
    status_after_publishing = (item.status, item.published_at is not None)
    withdrawn = client.post(f"/en/review/inputs/{item.pk}/withdraw/", follow=True)

    assert "The input is now public." in _messages(published)
    assert status_after_publishing == (StakeholderInput.Status.PUBLISHED, True)
    assert "The input is no longer public." in _messages(withdrawn)
    item.refresh_from_db()
    assert (item.status, item.published_at) == (StakeholderInput.Status.SUBMITTED, None)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("withdraw", "Only a published input can be withdrawn."),
        ("delete", "Unknown action."),
    ],
)
def test_input_actions_that_do_not_apply(client, item, officer, action, message):
    client.force_login(officer)
    before = _inputs()

    response = client.post(f"/en/review/inputs/{item.pk}/{action}/", follow=True)

    assert message in _messages(response)
    assert _inputs() == before


def test_an_input_not_for_publication_cannot_be_published(client, cycle, organization, officer):
    private = StakeholderInputFactory(cycle=cycle, organization=organization, publishable=False)
    client.force_login(officer)
    page = client.get(f"/en/review/inputs/{private.pk}/").content.decode()
    before = _inputs()

    response = client.post(f"/en/review/inputs/{private.pk}/publish/", follow=True)

    assert "The organization did not allow this input to be published." in page
    assert "The organization did not allow this input to be published." in _messages(response)
    assert _inputs() == before
    client.logout()
    assert client.get(f"/en/review/inputs/{private.pk}/").status_code == 404


@pytest.mark.parametrize("show_author_name", [False, True])
def test_the_authors_name_is_shown_only_if_they_chose_so(
    client, cycle, organization, org_member, officer, show_author_name
):
    item = input_services.submit_stakeholder_input(
        actor=org_member,
        cycle=cycle,
        organization=organization,
        title="Wage protection",
        language="en",
        sections={"good_practices": "A wage protection system since 2019."},
        show_author_name=show_author_name,
    )
    input_services.publish_stakeholder_input(actor=officer, item=item)

    html = client.get(f"/en/review/inputs/{item.pk}/").content.decode()

    assert "Jordan Migrant Workers Network" in html
    assert "A wage protection system since 2019." in html
    assert ("Layla Nasser" in html) is show_author_name
    feed = client.get(f"/en/review/{SLUG}/feed/").content.decode()
    assert "Layla Nasser" not in feed


def test_a_published_input_file_is_public(client, cycle, organization, org_member, media_root):
    content = make_pdf()
    item = input_services.submit_stakeholder_input(
        actor=org_member,
        cycle=cycle,
        organization=organization,
        title="Wage protection",
        language="en",
        sections={},
        uploaded=SimpleUploadedFile("input.pdf", content),
    )
    attachment = item.attachments.get()
    assert client.get(f"/en/review/files/{attachment.pk}/").status_code == 404

    input_services.publish_stakeholder_input(actor=None, item=item)
    response = client.get(f"/en/review/files/{attachment.pk}/")

    assert (response.status_code, b"".join(response.streaming_content)) == (200, content)
