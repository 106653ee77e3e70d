"""Ingest a document in this process: check it, read its blocks, split them into passages."""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from hiwar.analysis.ingest.errors import IngestError
from hiwar.analysis.ingest.language import LANGUAGES
from hiwar.analysis.ingest.markup import (
    decode_text,
    html_blocks,
    markdown_blocks,
    plain_text_blocks,
)
from hiwar.analysis.ingest.ocr import check_languages
from hiwar.analysis.ingest.pdf import read_pdf
from hiwar.analysis.ingest.split import Block, Passage, split_passages
from hiwar.analysis.ingest.word import docx_blocks

__all__ = [
    "EXTENSIONS",
    "MAX_INPUT_BYTES",
    "IngestResult",
    "ingest_bytes",
    "ingest_markdown_sections",
]

#: File name extensions ingest reads, and the kind of content each must hold.
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
#: Larger inputs are refused before any parsing ("too_large").
MAX_INPUT_BYTES = 100 * 1024 * 1024
#: Below this many words, a document is never refused for its language.
LANGUAGE_CHECK_MIN_WORDS = 40
#: At least this share of words must be in Arabic, English or French passages.
SUPPORTED_LANGUAGE_MIN_SHARE = 0.2

Progress = Callable[[str, float], None]


@dataclass
class IngestResult:
    """The passages of a document and what was learned on the way.

    ``ocr_pages`` counts the PDF pages whose text came from OCR; ``language`` is the language
    most words are in; ``word_count`` counts the words of all passages.
    """

    passages: list[Passage]
    page_count: int | None
    ocr_pages: int
    language: str
    word_count: int


def ingest_bytes(
    data: bytes,
    filename: str,
    *,
    max_pages: int = 1500,
    ocr: bool = True,
    ocr_languages: str = "ara+eng+fra",
    progress: Progress | None = None,
) -> IngestResult:
    """Read a PDF, DOCX, text, Markdown or HTML document into passages.

    The extension of ``filename`` chooses the reader, and the content must match it. Progress
    is reported as ``progress(stage, fraction)`` with stages ``"extracting"``, ``"ocr"`` (PDF
    scans only) and ``"splitting"``. Runs in this process with no limit on time or memory:
    for uploads, use :func:`hiwar.analysis.ingest.ingest_file_limited`.

    Raises:
        IngestError: The document cannot be ingested; ``code`` says why.
        ValueError: ``ocr_languages`` is not like ``"ara+eng+fra"`` (a programming error).
    """
    check_languages(ocr_languages)
    kind = EXTENSIONS.get(PurePosixPath(filename.lower()).suffix)
    if kind is None:
        raise IngestError("unsupported_format", f"extension of {filename!r}")
    if len(data) > MAX_INPUT_BYTES:
        raise IngestError("too_large", f"{len(data)} bytes")
    if not data.removeprefix(codecs.BOM_UTF8).strip():
        raise IngestError("empty")
    _report(progress, "extracting", 0.0)
    page_count: int | None = None
    ocr_pages: list[int] = []
    if kind == "pdf":
        pdf = read_pdf(
            data, max_pages=max_pages, ocr=ocr, ocr_languages=ocr_languages, progress=progress
        )
        blocks, page_count, ocr_pages = pdf.blocks, pdf.page_count, pdf.ocr_pages
    elif kind == "docx":
        blocks = docx_blocks(data)
    else:
        blocks = _text_blocks(decode_text(data), kind)
    if kind != "pdf":  # the PDF reader reports page by page
        _report(progress, "extracting", 1.0)
    _report(progress, "splitting", 0.0)
    passages = split_passages(blocks, ocr_pages=ocr_pages)
    if not passages:
        raise IngestError("no_text")
    result = _result(passages, page_count=page_count, ocr_pages=len(ocr_pages))
    _report(progress, "splitting", 1.0)
    return result


def ingest_markdown_sections(sections: list[tuple[str, str]]) -> IngestResult:
    """Passages of a report written in the platform's editor: (heading, Markdown) pairs.

    Each heading is a top-level section; headings inside a body nest below it.

    Raises:
        IngestError: ``"empty"`` when no section has text; ``"unsupported_language"``.
    """
    blocks: list[Block] = []
    for heading, body in sections:
        if heading.strip():
            blocks.append(Block("heading", heading, None, 1))
        blocks.extend(markdown_blocks(body, heading_offset=1))
    passages = split_passages(blocks)
    if not passages:
        raise IngestError("empty")
    return _result(passages, page_count=None, ocr_pages=0)


def _report(progress: Progress | None, stage: str, fraction: float) -> None:
    if progress is not None:
        progress(stage, fraction)


def _text_blocks(text: str, kind: str) -> list[Block]:
    if not text.strip():
        raise IngestError("empty")
    if kind == "markdown":
        return markdown_blocks(text)
    if kind == "html":
        return html_blocks(text)
    return plain_text_blocks(text)


def _result(passages: list[Passage], *, page_count: int | None, ocr_pages: int) -> IngestResult:
    """The result, refused when too few of its words are in a supported language."""
    words: Counter[str] = Counter()
    for passage in passages:
        words[passage.language] += len(passage.text.split())
    total = sum(words.values())
    supported = sum(words[language] for language in LANGUAGES)
    if total >= LANGUAGE_CHECK_MIN_WORDS and supported < SUPPORTED_LANGUAGE_MIN_SHARE * total:
        raise IngestError("unsupported_language", f"{supported} of {total} words supported")
    order = (*LANGUAGES, "other")
    dominant = max(order, key=lambda language: (words[language], -order.index(language)))
    return IngestResult(
        passages=passages,
        page_count=page_count,
        ocr_pages=ocr_pages,
        language=dominant,
        word_count=total,
    )
