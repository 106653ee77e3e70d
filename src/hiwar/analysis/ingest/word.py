"""Blocks from Word (DOCX) files, read in document order with python-docx.

The ZIP directory is checked before python-docx opens anything, as uploads are: a package
that expands to too much data is refused without inflating a byte.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from hiwar.analysis.ingest.errors import IngestError
from hiwar.analysis.ingest.split import Block, blocks_from_table

__all__ = [
    "DOCX_MAX_COMPRESSION_RATIO",
    "DOCX_MAX_MEMBERS",
    "DOCX_MAX_UNCOMPRESSED_BYTES",
    "docx_blocks",
]

MB = 1024 * 1024
DOCX_MAX_MEMBERS = 2000
DOCX_MAX_UNCOMPRESSED_BYTES = 200 * MB
_RATIO_CHECK_MIN_BYTES = 1 * MB
DOCX_MAX_COMPRESSION_RATIO = 100

_ZIP_MAGIC = b"PK\x03\x04"
# Password-protected Word files (and old .doc files) are OLE compound files.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_REQUIRED_MEMBERS = ("[Content_Types].xml", "word/document.xml")
# "Heading 1" in English Word; "Titre 1", "Título 1", "Überschrift 1", "عنوان 1" elsewhere.
_HEADING_STYLE = re.compile(
    r"(?:heading|titre|t[ií]tulo|[üu]berschrift|عنوان)\s*(\d)", re.IGNORECASE
)
_TITLE_STYLE = re.compile(r"(?:title|titre|t[ií]tulo|titel|العنوان)", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:toc|table of contents|tdm|table des matières)\b", re.IGNORECASE)


def docx_blocks(data: bytes) -> list[Block]:
    """Headings, paragraphs and table rows of a DOCX file, in document order."""
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
        return list(_body_blocks(document))
    except (IngestError, MemoryError):
        raise
    except Exception as error:
        # Untrusted input: whatever python-docx trips on (bad XML, missing parts, broken
        # relationships), the file is damaged for the uploader.
        raise IngestError("damaged", f"{type(error).__name__}: {error}") from error


def _check_package(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        if _OLE_ENCRYPTION_STREAM in data:
            raise IngestError("encrypted", "encrypted OLE package")
        raise IngestError("unsupported_format", "an old .doc file named .docx")
    if not data.startswith(_ZIP_MAGIC):
        raise IngestError("damaged", "not a ZIP package")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise IngestError("damaged", f"bad ZIP: {error}") from error
    if len(members) > DOCX_MAX_MEMBERS:
        raise IngestError("too_large", f"{len(members)} ZIP members")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > DOCX_MAX_UNCOMPRESSED_BYTES or (
            member.file_size > _RATIO_CHECK_MIN_BYTES and ratio > DOCX_MAX_COMPRESSION_RATIO
        ):
            raise IngestError("too_large", "the package expands to too much data")
    names = {member.filename for member in members}
    missing = [name for name in _REQUIRED_MEMBERS if name not in names]
    if missing:
        raise IngestError("damaged", f"missing {', '.join(missing)}")


def _body_blocks(document: Any) -> Iterator[Block]:
    body = document.element.body
    for element in _content_elements(body):
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            block = _paragraph_block(paragraph)
            if block is not None:
                yield block
        else:
            table = Table(element, document)
            yield from blocks_from_table(_table_rows(table), None)


def _content_elements(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _content_elements(content)


def _paragraph_block(paragraph: Paragraph) -> Block | None:
    text = paragraph.text
    if not text.strip():
        return None
    style_name = _style_name(paragraph)
    if _TOC_STYLE.match(style_name):
        return None  # a table of contents repeats the headings, with page numbers
    level = _heading_level(paragraph, style_name)
    if level:
        return Block("heading", text, None, level)
    return Block("paragraph", text, None)


def _style_name(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return ""
    return (style.name or "") if style is not None else ""


def _heading_level(paragraph: Paragraph, style_name: str) -> int:
    """1-based heading level from the style name or the outline level; 0 for body text."""
    match = _HEADING_STYLE.search(style_name)
    if match:
        return max(1, int(match.group(1)))
    if _TITLE_STYLE.fullmatch(style_name.strip()):
        return 1
    outline = _outline_level(paragraph._p)
    if outline is None:
        style = paragraph.style if style_name else None
        seen = 0
        while style is not None and outline is None and seen < 10:
            outline = _outline_level(style.element)
            style = style.base_style
            seen += 1
    # Outline level 9 (value 9) means body text.
    return outline + 1 if outline is not None and outline < 9 else 0


def _outline_level(element: Any) -> int | None:
    properties = element.find(qn("w:pPr"))
    if properties is None:
        return None
    level = properties.find(qn("w:outlineLvl"))
    if level is None:
        return None
    try:
        return int(level.get(qn("w:val")))
    except (TypeError, ValueError):
        return None


def _table_rows(table: Table) -> list[list[str]]:
    """Cell texts by grid column. A merged cell comes once per column it spans: a header
    keeps the repeats, as labels of each column; a body row keeps only the first."""
    rows = []
    for number, row in enumerate(table.rows):
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            text = "\n".join(paragraph.text for paragraph in cell.paragraphs)
            repeat = previous is not None and cell._tc is previous
            cells.append("" if repeat and number > 0 else text)
            previous = cell._tc
        rows.append(cells)
    return rows
