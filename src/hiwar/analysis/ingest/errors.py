"""Why a document could not be ingested, with a message the uploader can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    # A dev-only package: only the type checker needs it.
    from django_stubs_ext import StrPromise

__all__ = ["ERROR_CODES", "IngestError"]

# Written for a ministry focal point: say what happened, then what to do.
_MESSAGES: dict[str, StrPromise] = {
    "empty": _("The file is empty. Check that you chose the right file and upload it again."),
    "encrypted": _(
        "This document is protected by a password. Remove the protection and upload it again."
    ),
    "damaged": _(
        "The file is damaged, or its content does not match its type, so it cannot be read. "
        "Open it on your computer, save it again as PDF or Word (DOCX), and upload the new copy."
    ),
    "too_many_pages": _(
        "The document has too many pages to be analysed. Upload the report without its "
        "annexes, or split it into smaller parts."
    ),
    "no_text": _(
        "No text was found in this document. If it is a scan, upload a version in which the "
        "text can be selected, such as the original Word file or a PDF exported from it."
    ),
    "ocr_failed": _(
        "This document appears to be scanned, and its text could not be read automatically. "
        "Upload a version in which the text can be selected, such as the original Word file "
        "or a PDF exported from it."
    ),
    "unsupported_format": _(
        "This type of file cannot be analysed. Upload a PDF or Word (DOCX) file, or a text, "
        "Markdown or HTML file."
    ),
    "binary": _(
        "This file does not contain readable text. If it is a text file, save it with UTF-8 "
        "encoding and upload it again; otherwise upload a PDF or Word (DOCX) file."
    ),
    "unsupported_language": _(
        "The document does not appear to be written in Arabic, English or French, the "
        "languages the analysis supports. Upload a version in one of these languages."
    ),
    "timeout": _(
        "The document took too long to process. Upload a smaller file, such as the report "
        "without its annexes, or a PDF exported from the original document instead of a scan."
    ),
    "too_much_memory": _(
        "The document needs more memory to process than is available. Upload a smaller file, "
        "such as the report without its annexes, or reduce the size of its images."
    ),
    "too_large": _(
        "The file is too large to be analysed. Upload a smaller file, such as the report "
        "without its annexes."
    ),
}

#: Every code an :class:`IngestError` can carry.
ERROR_CODES: frozenset[str] = frozenset(_MESSAGES)


class IngestError(Exception):
    """A document that cannot be turned into passages.

    ``code`` is one of :data:`ERROR_CODES`; ``message`` is the translatable text to show the
    uploader; ``detail`` is an untranslated note for logs, never shown to users.
    """

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in _MESSAGES:
            raise ValueError(f"unknown ingest error code {code!r}")
        super().__init__(code, detail)
        self.code = code
        self.detail = detail

    @property
    def message(self) -> StrPromise:
        """The user-facing message: a lazy translation, rendered in the active language."""
        return _MESSAGES[self.code]

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else self.code
