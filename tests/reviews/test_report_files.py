"""Files attached to a national report, through the upload form: what is accepted, what is
turned away (with a message, leaving nothing behind), who may download; and what the report
page makes of Markdown written with scripts in it."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hiwar.reviews.models import Attachment
from hiwar.reviews.services import reports as report_services
from tests.reviews.conftest import (
    draft_of,
    enable_totp,
    make_pdf,
    pdf_upload,
    publish,
    submit,
    write,
)

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _files(media_root):
    return sorted(
        p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file()
    )


def _upload(client, report, uploaded, whole_report=False):
    data = {"file": uploaded}
    if whole_report:
        data["whole_report"] = "on"
    return client.post(f"/en/review/reports/{report.pk}/upload/", data, follow=True)


@pytest.fixture
def focal_client(client, focal_point):
    client.force_login(focal_point)
    return client


@pytest.fixture
def started(report, focal_point):
    report_services.open_version(report=report)
    return report


def test_a_real_pdf_is_attached(focal_client, started, focal_point, media_root):
    content = make_pdf(pages=3)
    sha256 = hashlib.sha256(content).hexdigest()

    response = _upload(focal_client, started, SimpleUploadedFile("Annex: data 2020.pdf", content))

    assert "The file has been attached." in _messages(response)
    attachment = Attachment.objects.get()
    assert (
        attachment.version,
        attachment.original_name,
        attachment.kind,
        attachment.content_type,
        attachment.size,
        attachment.sha256,
        attachment.page_count,
        attachment.uploaded_by,
    ) == (
        started.versions.get(),
        "Annex: data 2020.pdf",
        "pdf",
        "application/pdf",
        len(content),
        sha256,
        3,
        focal_point,
    )
    # Stored under its checksum, never under the name the user gave.
    assert _files(media_root) == [f"attachments/{sha256[:2]}/{sha256}.pdf"]
    assert (media_root / attachment.file.name).read_bytes() == content
    html = response.content.decode()
    assert f'<a href="/en/review/files/{attachment.pk}/">Annex: data 2020.pdf</a>' in html
    assert "3 pages" in html
    started.refresh_from_db()
    assert started.status == "drafting"
    assert started.versions.get().report_file is None


def test_the_whole_report_as_a_file(focal_client, started, media_root):
    response = _upload(focal_client, started, pdf_upload("VNR Jordan.pdf"), whole_report=True)

    version = started.versions.get()
    assert version.report_file == Attachment.objects.get()
    assert "The report as a file" in response.content.decode()
    # A report given as a file may be submitted without any section written.
    submitted = focal_client.post(f"/en/review/reports/{started.pk}/submit/", follow=True)
    assert "The report has been submitted. Thank you." in _messages(submitted)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
            "This file is not a real PDF: its content does not match its name.",
        ),
        (
            "report.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a PDF at all\n%%EOF",
            "The PDF is damaged and cannot be opened.",
        ),
        ("report.exe", make_pdf(), "Only PDF and Word (DOCX) files are accepted."),
        # Django's form refuses an empty file before the checks run.
        ("report.pdf", b"", "Choose a file to upload."),
    ],
    ids=["executable", "corrupt", "extension", "empty"],
)
def test_a_bad_file_is_turned_away(focal_client, started, media_root, name, content, message):
    response = _upload(focal_client, started, SimpleUploadedFile(name, content))

    assert message in _messages(response)
    assert Attachment.objects.count() == 0
    assert _files(media_root) == []
    started.refresh_from_db()
    assert started.status == "not_started"


def test_a_file_over_the_limit_is_turned_away(focal_client, started, media_root, settings):
    settings.HIWAR_MAX_UPLOAD_BYTES = 512 * 1024
    too_big = SimpleUploadedFile("big.pdf", make_pdf() + b"\n%" + b"x" * (512 * 1024))

    response = _upload(focal_client, started, too_big)

    assert "The file is larger than 0.5 MB." in _messages(response)
    assert Attachment.objects.count() == 0
    assert _files(media_root) == []


def test_no_file_chosen(focal_client, started, media_root):
    response = focal_client.post(f"/en/review/reports/{started.pk}/upload/", {}, follow=True)

    assert "Choose a file to upload." in _messages(response)
    assert Attachment.objects.count() == 0


def test_the_report_must_be_started_before_a_file_is_attached(focal_client, report, media_root):
    response = _upload(focal_client, report, pdf_upload())

    assert "Start the report first." in _messages(response)
    assert (Attachment.objects.count(), _files(media_root)) == (0, [])


def test_no_file_is_added_to_a_submitted_version(focal_client, report, focal_point, media_root):
    submit(report, focal_point)

    response = _upload(focal_client, report, pdf_upload())

    assert "This version has been submitted and can no longer be changed." in _messages(response)
    assert (Attachment.objects.count(), _files(media_root)) == (0, [])


# --- Downloading -----------------------------------------------------------------------------


@pytest.fixture
def attached(started, focal_point, media_root):
    content = make_pdf(pages=2)
    attachment = report_services.attach_file(
        actor=focal_point,
        version=started.versions.get(),
        uploaded=SimpleUploadedFile("Annex 1.pdf", content),
    )
    write(started, focal_point, {"preparation": "See the annex."})
    return attachment, content


def _download(client, attachment):
    response = client.get(f"/en/review/files/{attachment.pk}/")
    body = b"".join(response.streaming_content) if response.status_code == 200 else None
    return response, body


def test_the_focal_point_and_the_secretariat_download_a_draft_file(
    client, attached, focal_point, secretariat_user
):
    attachment, content = attached
    enable_totp(secretariat_user)
    for person in (focal_point, secretariat_user):
        client.force_login(person)

        response, body = _download(client, attachment)

        assert body == content
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Annex 1.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"


OTHERS = ("anonymous", "morocco_focal_point", "org_member", "rapporteur", "user")


def _download_as_others(client, request, attachment):
    results = {}
    for who in OTHERS:
        client.logout()
        if who != "anonymous":
            client.force_login(request.getfixturevalue(who))
        response, body = _download(client, attachment)
        results[who] = (response.status_code, body)
    return results


def test_others_get_404_for_a_draft_file(client, request, attached):
    attachment, _content = attached

    results = _download_as_others(client, request, attachment)

    assert results == dict.fromkeys(OTHERS, (404, None))


def test_an_unknown_file_is_404(client, focal_point):
    client.force_login(focal_point)

    assert client.get("/en/review/files/999999/").status_code == 404


def test_after_publication_anyone_downloads(client, request, attached, focal_point):
    attachment, content = attached
    publish(attachment.version.report, focal_point)

    results = _download_as_others(client, request, attachment)

    assert results == dict.fromkeys(OTHERS, (200, content))


def test_files_of_a_withdrawn_report_are_no_longer_public(
    client, attached, focal_point, secretariat_user
):
    attachment, _content = attached
    report = attachment.version.report
    publish(report, focal_point)
    report_services.withdraw_report(actor=secretariat_user, report=report)

    response, _body = _download(client, attachment)

    assert response.status_code == 404


# --- Markdown --------------------------------------------------------------------------------

HOSTILE = """## Progress

Data are **published** every quarter.

<script>alert('stolen')</script>

<img src="x" onerror="alert('img')">

<a href="https://example.org" onclick="alert('click')">Source</a>

[Click me](javascript:alert('link'))
"""


def _prose(html):
    """The rendered sections of the report page, without the page around them."""
    return "".join(re.findall(r'class="prose">(.*?)</div>', html, flags=re.S))


@pytest.mark.parametrize("who", ["focal_point", "anonymous"])
def test_markdown_is_rendered_without_scripts(client, request, report, focal_point, who):
    publish(report, focal_point, {"progress_rt1": HOSTILE})
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    html = client.get(f"/en/review/reports/{report.pk}/").content.decode()

    prose = _prose(html)
    assert "<h2>Progress</h2>" in prose
    assert "<strong>published</strong>" in prose
    assert "<script" not in prose
    # The only scripts on the page are the site's own files.
    assert all('src="/static/' in tag for tag in re.findall(r"<script[^>]*>", html))
    for hostile in ("alert(", "onerror", "onclick", "javascript:", "<img"):
        assert hostile not in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">Source</a>' in prose
    assert draft_of(report, "progress_rt1").text == HOSTILE  # stored as written
