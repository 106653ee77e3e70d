"""Hostile or wrong input: links that are not web addresses, bad files, ids of another
organization. Each gets a clear message and changes no stored data."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hiwar.accounts.models import Organization
from hiwar.knowledge.models import Practice, PracticeFile
from hiwar.knowledge.services import practices as services
from hiwar.knowledge.services.errors import KnowledgeError
from tests.knowledge.conftest import content, make_practice
from tests.knowledge.test_workflow import form_data
from tests.reviews.conftest import make_pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "//example.org",
        "example.org",
        "https://" + "a" * 600 + ".org",
    ],
)
def test_only_web_links_are_accepted(client, draft, org_member, link):
    client.force_login(org_member)
    response = client.post(
        f"/en/knowledge/practices/{draft.pk}/edit/", form_data(links=f"https://ok.org\n{link}")
    )
    assert response.status_code == 200
    assert "is not a web address" in response.content.decode() or "too long" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.links == ["https://example.org/clinics"]
    assert draft.title == "Legal clinics for migrant domestic workers"


def test_too_many_links_are_refused():
    with pytest.raises(KnowledgeError):
        services.clean_links([f"https://example.org/{n}" for n in range(services.MAX_LINKS + 1)])


def test_a_forged_organization_id_is_refused(client, org_member, other_org_member):
    other = Organization.objects.get(memberships__user=other_org_member)
    client.force_login(org_member)
    response = client.post("/en/knowledge/practices/new/", form_data(other))
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert Practice.objects.count() == 0


def test_the_service_refuses_a_non_member(organization, other_org_member):
    with pytest.raises(KnowledgeError):
        services.create_practice(
            actor=other_org_member, organization=organization, content=content()
        )
    assert Practice.objects.count() == 0


def test_a_file_of_another_practice_cannot_be_removed_through_mine(
    client, organization, org_member, other_org_member, media_root
):
    other = Organization.objects.get(memberships__user=other_org_member)
    theirs = make_practice(other, other_org_member)
    their_file = services.attach_practice_file(
        actor=other_org_member,
        practice=theirs,
        uploaded=SimpleUploadedFile("plan.pdf", make_pdf(), content_type="application/pdf"),
    )
    mine = make_practice(organization, org_member)
    client.force_login(org_member)
    response = client.post(f"/en/knowledge/practices/{mine.pk}/files/{their_file.pk}/remove/")
    assert response.status_code == 404
    assert PracticeFile.objects.filter(pk=their_file.pk).exists()
    # Nor can it be downloaded through my practice, nor through theirs (a draft).
    assert (
        client.get(f"/en/knowledge/practices/{mine.pk}/files/{their_file.pk}/").status_code == 404
    )
    assert (
        client.get(f"/en/knowledge/practices/{theirs.pk}/files/{their_file.pk}/").status_code == 404
    )


def test_invalid_form_data_shows_errors_and_saves_nothing(client, organization, org_member):
    client.force_login(org_member)
    response = client.post(
        "/en/knowledge/practices/new/",
        form_data(organization, title="", start_year="1800", end_year="abc", countries=[999999]),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "start_year", "end_year", "countries"} <= set(errors)
    assert Practice.objects.count() == 0


def test_the_last_year_must_follow_the_first(client, organization, org_member):
    client.force_login(org_member)
    response = client.post(
        "/en/knowledge/practices/new/", form_data(organization, start_year="2020", end_year="2010")
    )
    assert "The last year must come after the first year." in response.content.decode()
    assert Practice.objects.count() == 0


def test_oversized_text_is_refused(client, organization, org_member):
    client.force_login(org_member)
    response = client.post(
        "/en/knowledge/practices/new/", form_data(organization, summary="x" * 5000)
    )
    assert response.context["form"].errors["summary"]
    assert Practice.objects.count() == 0


# --- Files ------------------------------------------------------------------------------------


def upload(client, practice, name, data, content_type="application/pdf"):
    return client.post(
        f"/en/knowledge/practices/{practice.pk}/files/",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        follow=True,
    )


def test_a_pdf_is_attached_and_served_as_a_download(client, draft, org_member, media_root):
    client.force_login(org_member)
    response = upload(client, draft, "report.pdf", make_pdf())
    assert "The document is attached." in response.content.decode()
    attached = PracticeFile.objects.get()
    assert attached.original_name == "report.pdf"
    download = client.get(f"/en/knowledge/practices/{draft.pk}/files/{attached.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    client.logout()
    assert client.get(f"/en/knowledge/practices/{draft.pk}/files/{attached.pk}/").status_code == 404


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is an executable", "not a real PDF"),
        ("fake.pdf", b"just some text, not a PDF at all", "not a real PDF"),
        ("script.exe", b"MZ", "Only PDF and Word (DOCX) files are accepted."),
        (
            "notes.html",
            b"<script>alert(1)</script>",
            "Only PDF and Word (DOCX) files are accepted.",
        ),
        ("bomb.docx", zip_bomb(), "expands to too much data"),
        ("empty.pdf", b"", "Choose a PDF or DOCX file to upload."),
    ],
)
def test_hostile_files_are_refused(client, draft, org_member, media_root, name, data, message):
    client.force_login(org_member)
    response = upload(client, draft, name, data)
    html = response.content.decode()
    assert message in html
    assert PracticeFile.objects.count() == 0


def test_an_oversized_file_is_refused(client, draft, org_member, media_root, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILE_BYTES", 1000)
    client.force_login(org_member)
    response = upload(client, draft, "big.pdf", make_pdf(pages=30))
    assert "The file is larger than" in response.content.decode()
    assert PracticeFile.objects.count() == 0


def test_files_cannot_be_added_once_submitted(client, submitted, org_member, media_root):
    client.force_login(org_member)
    response = client.post(
        f"/en/knowledge/practices/{submitted.pk}/files/",
        {"file": SimpleUploadedFile("a.pdf", make_pdf(), content_type="application/pdf")},
    )
    assert response.status_code == 403
    assert PracticeFile.objects.count() == 0
