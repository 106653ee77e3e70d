"""Checks on uploaded review documents (PDF and DOCX) before they are stored.

Uploads come from the public internet: government focal points send voluntary national
review reports and civil-society organizations send written inputs. Nothing is stored on the
strength of a file name or a browser-sent content type. :func:`check_upload` reads the file
once, confirms that its content really is what its extension says, opens PDFs with PDFium and
inspects the ZIP directory of DOCX files (without decompressing anything) so that damaged
files, disguised executables and zip bombs are turned away with a message the user can act on.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import pypdfium2
import pypdfium2.raw as pdfium_raw
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hiwar.pdfium import PDFIUM_LOCK

__all__ = [
    "DEFAULT_MAX_UPLOAD_BYTES",
    "DOCX_CONTENT_TYPE",
    "DOCX_MAX_COMPRESSION_RATIO",
    "DOCX_MAX_MEMBERS",
    "DOCX_MAX_UNCOMPRESSED_BYTES",
    "DOCX_RATIO_CHECK_MIN_BYTES",
    "PDF_CONTENT_TYPE",
    "CheckedUpload",
    "UploadRejected",
    "check_upload",
]

MB = 1024 * 1024

#: Used when ``settings.HIWAR_MAX_UPLOAD_BYTES`` is not set.
DEFAULT_MAX_UPLOAD_BYTES = 25 * MB

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: A DOCX with more ZIP members than this is refused.
DOCX_MAX_MEMBERS = 2000
#: A DOCX whose members declare more uncompressed bytes than this, in total, is refused.
DOCX_MAX_UNCOMPRESSED_BYTES = 200 * MB
#: Members at least this large (uncompressed) must not compress better than the ratio below.
DOCX_RATIO_CHECK_MIN_BYTES = 1 * MB
DOCX_MAX_COMPRESSION_RATIO = 100

_KINDS_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx"}
_CONTENT_TYPES = {"pdf": PDF_CONTENT_TYPE, "docx": DOCX_CONTENT_TYPE}

# The PDF specification lets the header start anywhere in the first 1024 bytes.
_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024
_ZIP_MAGIC = b"PK\x03\x04"
_DOCX_REQUIRED_MEMBERS = ("[Content_Types].xml", "word/document.xml")
# Password-protected Word files, and old .doc files, are OLE compound files, not ZIPs.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXECUTABLE_MAGICS = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",  # Linux and other Unix
    b"\xfe\xed\xfa\xce",  # Mach-O 32-bit
    b"\xfe\xed\xfa\xcf",  # Mach-O 64-bit
    b"\xce\xfa\xed\xfe",  # Mach-O 32-bit, little-endian
    b"\xcf\xfa\xed\xfe",  # Mach-O 64-bit, little-endian
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary / Java class
    b"#!",  # script with an interpreter line
)


class UploadRejected(ValueError):
    """The file cannot be accepted; str(error) is a translated message for the user."""


@dataclass(frozen=True)
class CheckedUpload:
    """What :func:`check_upload` learned about a file it accepted.

    Attributes:
        kind: ``"pdf"`` or ``"docx"``.
        content_type: The MIME type to store and serve the file with.
        size: The number of bytes actually read from the file.
        sha256: Hex SHA-256 digest of the whole content.
        page_count: Number of pages, for PDFs; ``None`` for DOCX files.
    """

    kind: str
    content_type: str
    size: int
    sha256: str
    page_count: int | None


def check_upload(
    uploaded: UploadedFile,
    *,
    allowed_kinds: frozenset[str] = frozenset({"pdf", "docx"}),
    max_bytes: int | None = None,
) -> CheckedUpload:
    """Check an uploaded PDF or DOCX file before it is stored.

    The checks, in order: the declared size (before anything is read), the extension of the
    file name, the content's signature (it must match the extension), then a real parse:
    PDFs are opened with PDFium, DOCX files have their ZIP directory inspected for zip-bomb
    signs without decompressing any member.

    Args:
        uploaded: The file from ``request.FILES`` (or any Django ``UploadedFile``).
        allowed_kinds: Which of ``"pdf"`` and ``"docx"`` this upload may be.
        max_bytes: Largest accepted size; defaults to ``settings.HIWAR_MAX_UPLOAD_BYTES``
            (25 MB when that setting is absent).

    Returns:
        A :class:`CheckedUpload` describing the accepted file. The file's position is left at
        0, so the caller can store it straight away.

    Raises:
        UploadRejected: The file is refused; ``str(error)`` is a translated message to show.
        ValueError: ``allowed_kinds`` is empty or names an unknown kind (a programming error).
    """
    unknown = allowed_kinds - _CONTENT_TYPES.keys()
    if not allowed_kinds or unknown:
        raise ValueError(f"allowed_kinds must be a non-empty subset of {set(_CONTENT_TYPES)}")
    limit = _max_upload_bytes() if max_bytes is None else max_bytes

    # Cheap checks first: the size Django counted while receiving the upload, and the name.
    if uploaded.size is not None and uploaded.size > limit:
        raise UploadRejected(_too_large_message(limit))
    kind = _kind_from_name(uploaded.name)
    if kind is None or kind not in allowed_kinds:
        raise UploadRejected(_unsupported_kind_message(allowed_kinds))

    try:
        uploaded.seek(0)
        # One byte more than the limit tells a too-large file from one exactly at the limit,
        # should the declared size be missing or wrong.
        data = uploaded.read(limit + 1)
    finally:
        uploaded.seek(0)
    if len(data) > limit:
        raise UploadRejected(_too_large_message(limit))
    if not data:
        raise UploadRejected(_("The file is empty."))
    if data.startswith(_EXECUTABLE_MAGICS):
        raise UploadRejected(_content_mismatch_message(kind))

    page_count: int | None = None
    if kind == "pdf":
        page_count = _check_pdf(data)
    else:
        _check_docx(data)
    return CheckedUpload(
        kind=kind,
        content_type=_CONTENT_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=page_count,
    )


def _max_upload_bytes() -> int:
    """The site-wide upload limit, from settings."""
    return int(getattr(settings, "HIWAR_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _kind_from_name(name: str | None) -> str | None:
    """``"pdf"`` or ``"docx"`` from the file name's extension (any case), else ``None``."""
    if not name:
        return None
    return _KINDS_BY_SUFFIX.get(PurePosixPath(name).suffix.lower())


def _check_pdf(data: bytes) -> int:
    """Open the PDF with PDFium and return its page count; reject anything PDFium refuses."""
    if _PDF_MAGIC not in data[:_PDF_HEADER_WINDOW]:
        raise UploadRejected(_content_mismatch_message("pdf"))
    with PDFIUM_LOCK:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            if error.err_code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
                raise UploadRejected(
                    _(
                        "This PDF is protected with a password, so it cannot be read. "
                        "Please upload a copy without password protection."
                    )
                ) from error
            raise UploadRejected(_("The PDF is damaged and cannot be opened.")) from error
        try:
            return len(document)
        finally:
            document.close()


def _check_docx(data: bytes) -> None:
    """Check that the data is a DOCX package that is safe to open.

    Only the ZIP central directory is read. Python's :mod:`zipfile` never inflates a member
    beyond the uncompressed size declared there, so limiting the declared sizes is enough.
    """
    if data.startswith(_OLE_MAGIC):
        raise UploadRejected(
            _(
                "This Word file is password-protected or in the old .doc format. "
                "Please save it as a DOCX file without a password and upload it again."
            )
        )
    if not data.startswith(_ZIP_MAGIC):
        raise UploadRejected(_content_mismatch_message("docx"))
    damaged = _("The Word file is damaged or is not a DOCX file.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise UploadRejected(damaged) from error

    too_big = _("The Word file expands to too much data to be safe to open.")
    if len(members) > DOCX_MAX_MEMBERS:
        raise UploadRejected(too_big)
    total = 0
    for member in members:
        path = member.filename.replace("\\", "/")
        if path.startswith("/") or ".." in path:
            raise UploadRejected(damaged)
        total += member.file_size
        if total > DOCX_MAX_UNCOMPRESSED_BYTES:
            raise UploadRejected(too_big)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > DOCX_RATIO_CHECK_MIN_BYTES and ratio > DOCX_MAX_COMPRESSION_RATIO:
            raise UploadRejected(too_big)

    names = {member.filename for member in members}
    if not all(required in names for required in _DOCX_REQUIRED_MEMBERS):
        raise UploadRejected(_content_mismatch_message("docx"))


def _too_large_message(limit: int) -> str:
    """The translated "too large" message, with the limit in MB."""
    megabytes = limit / MB
    if megabytes.is_integer():
        shown = number_format(int(megabytes))
    else:
        # Enough decimals that a small limit does not show as 0.
        decimals = next((d for d in (1, 2, 3) if round(megabytes, d)), 3)
        shown = number_format(round(megabytes, decimals), decimal_pos=decimals)
    return _("The file is larger than %(limit)s MB.") % {"limit": shown}


def _unsupported_kind_message(allowed_kinds: frozenset[str]) -> str:
    """The translated message naming the kinds of file this upload accepts."""
    if allowed_kinds == {"pdf"}:
        return _("Only PDF files are accepted.")
    if allowed_kinds == {"docx"}:
        return _("Only Word (DOCX) files are accepted.")
    return _("Only PDF and Word (DOCX) files are accepted.")


def _content_mismatch_message(kind: str) -> str:
    """The translated message for content that does not match the file's extension."""
    if kind == "pdf":
        return _("This file is not a real PDF: its content does not match its name.")
    return _("This file is not a real Word (DOCX) file: its content does not match its name.")
