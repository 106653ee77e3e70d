"""Tests for hiwar.reviews.uploads: every file here is real, built in the test; no mocks."""

import hashlib
import io
import zipfile
from typing import Any

import docx
import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from hiwar.reviews.uploads import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    CheckedUpload,
    UploadRejected,
    check_upload,
)
from tests.documents import make_password_pdf

# --- Building real files ---------------------------------------------------------------------


def make_pdf(pages: int = 1) -> bytes:
    """A real PDF written by PDFium, with blank A4 pages."""
    document = pypdfium2.PdfDocument.new()
    try:
        for _ in range(pages):
            document.new_page(595, 842)
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        document.close()
    return buffer.getvalue()


def make_docx() -> bytes:
    """A real DOCX written by python-docx, with a paragraph and a table."""
    document = docx.Document()
    document.add_paragraph("Voluntary national review: progress on objective 23.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Objective"
    table.cell(0, 1).text = "Status"
    table.cell(1, 0).text = "23"
    table.cell(1, 1).text = "In progress"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], level: int = 6) -> bytes:
    """A ZIP archive with the given members, deflated at ``level``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(
        buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level
    ) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


_CONTENT_TYPES_XML = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def pdfium_page_count(data: bytes, password: str | None = None) -> int:
    """Open with PDFium directly, to show what a test file really is."""
    document = pypdfium2.PdfDocument(data, password=password)
    try:
        return len(document)
    finally:
        document.close()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def rejection(uploaded: SimpleUploadedFile, **kwargs: Any) -> str:
    """The message check_upload rejects the file with; the file is left at position 0."""
    with pytest.raises(UploadRejected) as caught:
        check_upload(uploaded, **kwargs)
    assert uploaded.tell() == 0
    return str(caught.value)


NOT_A_PDF = "This file is not a real PDF: its content does not match its name."
NOT_A_DOCX = "This file is not a real Word (DOCX) file: its content does not match its name."
DAMAGED_PDF = "The PDF is damaged and cannot be opened."
DAMAGED_DOCX = "The Word file is damaged or is not a DOCX file."
DOCX_TOO_BIG = "The Word file expands to too much data to be safe to open."
ONLY_PDF_AND_DOCX = "Only PDF and Word (DOCX) files are accepted."


# --- Accepted files --------------------------------------------------------------------------


def test_valid_pdf_is_accepted() -> None:
    data = make_pdf()
    uploaded = upload("national-review.pdf", data)

    checked = check_upload(uploaded)

    assert checked == CheckedUpload(
        kind="pdf",
        content_type=PDF_CONTENT_TYPE,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=1,
    )
    assert uploaded.tell() == 0
    assert uploaded.read() == data  # the caller can store it straight away


def test_pdf_page_count_is_counted() -> None:
    assert check_upload(upload("review.pdf", make_pdf(pages=3))).page_count == 3


def test_pdf_header_may_follow_leading_bytes() -> None:
    """The PDF spec lets the header start anywhere within the first 1024 bytes."""
    data = b"\n" * 100 + make_pdf()
    assert pdfium_page_count(data) == 1
    assert check_upload(upload("review.pdf", data)).kind == "pdf"


def test_valid_docx_is_accepted() -> None:
    data = make_docx()
    uploaded = upload("written-input.docx", data)

    checked = check_upload(uploaded)

    assert checked == CheckedUpload(
        kind="docx",
        content_type=DOCX_CONTENT_TYPE,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=None,
    )
    assert uploaded.tell() == 0
    assert uploaded.read() == data


@pytest.mark.parametrize(
    ("name", "maker", "kind"),
    [("REVIEW.PDF", make_pdf, "pdf"), ("Input.DocX", make_docx, "docx")],
)
def test_extension_is_case_insensitive(name: str, maker: Any, kind: str) -> None:
    assert check_upload(upload(name, maker())).kind == kind


def test_file_read_from_a_later_position_is_checked_whole() -> None:
    data = make_pdf()
    uploaded = upload("review.pdf", data)
    uploaded.read(10)

    assert check_upload(uploaded).sha256 == hashlib.sha256(data).hexdigest()
    assert uploaded.tell() == 0


# --- File name -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["notes.txt", "setup.exe", "review.doc", "review.pdf.exe", "review", "docx"]
)
def test_other_extensions_are_rejected(name: str) -> None:
    assert rejection(upload(name, make_pdf())) == ONLY_PDF_AND_DOCX


@pytest.mark.parametrize(
    ("name", "maker", "allowed", "message"),
    [
        ("review.docx", make_docx, frozenset({"pdf"}), "Only PDF files are accepted."),
        ("review.pdf", make_pdf, frozenset({"docx"}), "Only Word (DOCX) files are accepted."),
    ],
)
def test_kind_outside_allowed_kinds_is_rejected(
    name: str, maker: Any, allowed: frozenset[str], message: str
) -> None:
    assert rejection(upload(name, maker()), allowed_kinds=allowed) == message


@pytest.mark.parametrize("allowed", [frozenset(), frozenset({"pdf", "exe"})])
def test_bad_allowed_kinds_is_a_programming_error(allowed: frozenset[str]) -> None:
    with pytest.raises(ValueError, match="allowed_kinds") as caught:
        check_upload(upload("review.pdf", make_pdf()), allowed_kinds=allowed)
    assert not isinstance(caught.value, UploadRejected)


# --- Content that does not match the name ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("review.pdf", b"MZ\x90\x00" + b"\x00" * 2000, NOT_A_PDF),
        ("review.docx", b"MZ\x90\x00" + b"\x00" * 2000, NOT_A_DOCX),
        ("review.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 2000, NOT_A_PDF),
        # An executable cannot slip through by carrying a PDF header in its first 1024 bytes.
        ("review.pdf", b"MZ" + b"\x00" * 100 + make_pdf(), NOT_A_PDF),
        (
            "review.pdf",
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            NOT_A_PDF,
        ),
        ("review.pdf", b"\x00" * 1024 + make_pdf(), NOT_A_PDF),  # header too late
        ("review.pdf", make_docx(), NOT_A_PDF),
        ("review.docx", make_pdf(), NOT_A_DOCX),
        ("review.docx", b"<html><body>Not a document</body></html>", NOT_A_DOCX),
    ],
    ids=[
        "exe-as-pdf",
        "exe-as-docx",
        "elf-as-pdf",
        "exe-with-pdf-header",
        "html-as-pdf",
        "pdf-header-too-late",
        "docx-as-pdf",
        "pdf-as-docx",
        "html-as-docx",
    ],
)
def test_content_must_match_the_name(name: str, content: bytes, message: str) -> None:
    assert rejection(upload(name, content)) == message


def test_zip_that_is_not_a_docx_is_rejected() -> None:
    data = make_zip({"[Content_Types].xml": _CONTENT_TYPES_XML, "readme.txt": b"hello"})
    assert rejection(upload("review.docx", data)) == NOT_A_DOCX


def test_password_protected_or_legacy_word_file_is_explained() -> None:
    """Encrypted DOCX and old .doc files are OLE compound files, not ZIPs."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    assert "password" in rejection(upload("review.docx", ole))


def test_empty_file_is_rejected() -> None:
    assert rejection(upload("review.pdf", b"")) == "The file is empty."


# --- Damaged and protected PDFs --------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "garbage-middle"])
def test_damaged_pdf_is_rejected(damage: str) -> None:
    data = make_pdf()
    if damage == "truncated":
        broken = data[: len(data) // 2]
    else:
        start, end = len(data) // 4, 3 * len(data) // 4
        broken = data[:start] + b"\x00garbage\xff" * ((end - start) // 10 + 1) + data[end:]
    with pytest.raises(pypdfium2.PdfiumError):  # PDFium really cannot open it
        pdfium_page_count(broken)

    assert rejection(upload("review.pdf", broken)) == DAMAGED_PDF


def test_password_protected_pdf_is_rejected() -> None:
    data = make_password_pdf(user_password="secret", owner_password="owner")
    # A real protected PDF: PDFium wants the password, and opens it with the password.
    with pytest.raises(pypdfium2.PdfiumError):
        pdfium_page_count(data)
    assert pdfium_page_count(data, password="secret") == 1

    message = rejection(upload("review.pdf", data))
    assert "password" in message
    assert message != DAMAGED_PDF


# --- DOCX zip bombs and damaged DOCX ---------------------------------------------------------


def test_docx_zip_bomb_is_rejected_by_compression_ratio() -> None:
    # 20 MB of one byte deflates to about 20 kB: a ratio near 1000, far over the limit of 100.
    data = make_zip(
        {"[Content_Types].xml": _CONTENT_TYPES_XML, "word/document.xml": b"0" * (20 * 1024 * 1024)}
    )
    assert len(data) < 100_000
    assert rejection(upload("review.docx", data)) == DOCX_TOO_BIG


def test_docx_declaring_too_much_data_in_total_is_rejected() -> None:
    """Members of 1 MB each escape the ratio rule, but together they declare over 200 MB."""
    members = {"[Content_Types].xml": _CONTENT_TYPES_XML, "word/document.xml": b"<w:document/>"}
    one_mb = b"\0" * (1024 * 1024)
    members.update({f"word/media/image{number}.bin": one_mb for number in range(201)})
    data = make_zip(members, level=1)  # the fastest level; the size hardly matters here
    assert len(data) < 1024 * 1024
    assert rejection(upload("review.docx", data)) == DOCX_TOO_BIG


def test_docx_with_too_many_members_is_rejected() -> None:
    members = {"[Content_Types].xml": _CONTENT_TYPES_XML, "word/document.xml": b"<w:document/>"}
    members.update({f"word/part{number}.xml": b"" for number in range(2000)})
    assert rejection(upload("review.docx", make_zip(members))) == DOCX_TOO_BIG


def test_docx_with_many_members_under_the_limit_is_accepted() -> None:
    members = {"[Content_Types].xml": _CONTENT_TYPES_XML, "word/document.xml": b"<w:document/>"}
    members.update({f"word/part{number}.xml": b"" for number in range(1998)})
    assert check_upload(upload("review.docx", make_zip(members))).kind == "docx"


@pytest.mark.parametrize("member", ["/etc/passwd", "../../evil.xml", "word/../../evil.xml"])
def test_docx_with_unsafe_member_path_is_rejected(member: str) -> None:
    data = make_zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES_XML,
            "word/document.xml": b"<w:document/>",
            member: b"x",
        }
    )
    assert rejection(upload("review.docx", data)) == DAMAGED_DOCX


def test_truncated_docx_is_rejected() -> None:
    data = make_docx()
    assert rejection(upload("review.docx", data[: len(data) // 2])) == DAMAGED_DOCX


# --- Size limit ------------------------------------------------------------------------------


def test_file_over_max_bytes_is_rejected() -> None:
    message = rejection(upload("review.pdf", make_pdf() + b"\n" * 1000), max_bytes=1000)
    assert message.startswith("The file is larger than ")
    assert message.endswith(" MB.")


def test_file_exactly_at_max_bytes_is_accepted() -> None:
    data = make_pdf()
    assert check_upload(upload("review.pdf", data), max_bytes=len(data)).size == len(data)


def test_size_is_checked_before_the_name() -> None:
    """The declared size is checked first, without reading the file."""
    message = rejection(upload("setup.exe", b"MZ" + b"\x00" * 2000), max_bytes=1000)
    assert message.startswith("The file is larger than ")


def test_size_limit_comes_from_settings(settings: Any) -> None:
    settings.HIWAR_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = make_pdf() + b"\n" * (2 * 1024 * 1024)
    assert rejection(upload("review.pdf", big)) == "The file is larger than 2 MB."

    settings.HIWAR_MAX_UPLOAD_BYTES = 100
    assert rejection(upload("review.pdf", make_pdf())).startswith("The file is larger than ")


def test_default_limit_is_25_mb(settings: Any) -> None:
    del settings.HIWAR_MAX_UPLOAD_BYTES
    big = upload("review.pdf", b"")
    big.size = 25 * 1024 * 1024 + 1  # declared size, as Django counted it while receiving
    assert rejection(big) == "The file is larger than 25 MB."


def test_explicit_max_bytes_overrides_settings(settings: Any) -> None:
    settings.HIWAR_MAX_UPLOAD_BYTES = 100
    assert check_upload(upload("review.pdf", make_pdf()), max_bytes=10_000).kind == "pdf"


# --- Translation -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize(
    ("name", "content", "kwargs"),
    [
        ("setup.exe", b"MZ", {}),
        ("review.pdf", b"MZ" + b"\x00" * 100, {}),
        ("review.pdf", b"%PDF-1.7\n" + b"\x00" * 100, {}),
        ("review.pdf", b"%PDF-1.7\n" + b"\x00" * 2000, {"max_bytes": 1000}),
    ],
    ids=["kind", "mismatch", "damaged", "too-large"],
)
def test_messages_are_translated_strings(
    language: str, name: str, content: bytes, kwargs: dict[str, Any]
) -> None:
    """The catalogues are edited elsewhere: only check that a message comes out."""
    with translation.override(language):
        message = rejection(upload(name, content), **kwargs)
    assert isinstance(message, str)
    assert message.strip()
