"""Text of PDF files, read line by line with PDFium; scanned pages go to OCR.

PDFium gives the text of a page with line breaks, in logical order for left-to-right text.
Right-to-left lines are not to be trusted: in PDFs written by Chromium, for instance, some
Arabic words come out reversed and one visual line can be split in two. So consecutive lines
on the same baseline that do not overlap are one line, and every line that holds a
right-to-left character is rebuilt from the positions of its characters (:mod:`.bidi`).
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_raw

from hiwar.analysis.ingest.bidi import is_mostly_right_to_left, logical_line
from hiwar.analysis.ingest.errors import IngestError
from hiwar.analysis.ingest.layout import Line, PageLines, blocks_from_pdf_pages
from hiwar.analysis.ingest.markup import plain_text_blocks
from hiwar.analysis.ingest.ocr import render_page_as_pgm, run_tesseract, tesseract_command
from hiwar.analysis.ingest.split import Block
from hiwar.pdfium import PDFIUM_LOCK

__all__ = ["PDFIUM_LOCK", "PdfText", "read_pdf"]


_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024
#: A page with fewer visible characters than this is taken for a scan, if it has an image.
MIN_PAGE_CHARS = 20
# Lines with more words than this are never headings; see layout.
_MAX_HEADING_WORDS = 20
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms: right-to-left scripts.
_RTL_CHAR = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

Progress = Callable[[str, float], None]


@dataclass
class PdfText:
    """What was read from a PDF: blocks, page count, and the pages read by OCR."""

    blocks: list[Block]
    page_count: int
    ocr_pages: list[int]


def read_pdf(
    data: bytes,
    *,
    max_pages: int,
    ocr: bool,
    ocr_languages: str,
    progress: Progress | None = None,
) -> PdfText:
    """Read a PDF into blocks; raise :class:`IngestError` when it cannot be read."""
    if _PDF_MAGIC not in data[:_PDF_HEADER_WINDOW]:
        raise IngestError("damaged", "no PDF header")
    with PDFIUM_LOCK:
        document = _open(data)
    try:
        with PDFIUM_LOCK:
            page_count = len(document)
        if page_count > max_pages:
            raise IngestError("too_many_pages", f"{page_count} pages, at most {max_pages}")
        pages: list[PageLines] = []
        scans: list[int] = []
        unreadable = 0
        for index in range(page_count):
            with PDFIUM_LOCK:
                read = _read_page(document, index)
            if read is None:
                unreadable += 1
            else:
                lines, needs_ocr = read
                if needs_ocr:
                    scans.append(index + 1)
                else:
                    pages.append(lines)
            _report(progress, "extracting", (index + 1) / page_count)
        if page_count and unreadable == page_count:
            raise IngestError("damaged", "no page could be loaded")
        ocr_blocks = _read_scans(document, scans, ocr_languages, progress) if ocr else {}
    finally:
        with PDFIUM_LOCK:
            document.close()

    blocks = blocks_from_pdf_pages(pages, ocr_blocks)
    if not any(block.text.strip() for block in blocks):
        if scans and ocr:
            reason = "OCR found no text" if tesseract_command() else "tesseract is not installed"
            raise IngestError("ocr_failed", reason)
        raise IngestError("no_text", f"{len(scans)} scanned pages, OCR off" if scans else "")
    return PdfText(blocks=blocks, page_count=page_count, ocr_pages=sorted(ocr_blocks))


def _report(progress: Progress | None, stage: str, fraction: float) -> None:
    if progress is not None:
        progress(stage, fraction)


def _open(data: bytes) -> Any:
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if error.err_code in (pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY):
            raise IngestError("encrypted") from error
        raise IngestError("damaged", str(error)) from error


def _read_page(document: Any, index: int) -> tuple[PageLines, bool] | None:
    """The lines of a page, and whether it needs OCR; ``None`` if PDFium cannot load it."""
    try:
        page = document[index]
    except pypdfium2.PdfiumError:
        return None
    try:
        _left, bottom, _right, top = page.get_bbox()
        textpage = page.get_textpage()
        try:
            lines, visible_chars = _page_lines(textpage, bottom)
        finally:
            textpage.close()
        needs_ocr = visible_chars < MIN_PAGE_CHARS and _has_image(page)
        return PageLines(index + 1, top - bottom, lines), needs_ocr
    except pypdfium2.PdfiumError:
        return None
    finally:
        page.close()


def _has_image(page: Any) -> bool:
    for _ in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        return True
    return False


def _read_scans(
    document: Any, numbers: list[int], languages: str, progress: Progress | None
) -> dict[int, list[Block]]:
    """OCR blocks of the scanned pages, by page number; pages OCR cannot read are left out."""
    found: dict[int, list[Block]] = {}
    if not numbers or tesseract_command() is None:
        return found
    for done, number in enumerate(numbers, start=1):
        with PDFIUM_LOCK:
            page = document[number - 1]
            try:
                image, dpi = render_page_as_pgm(page)
            finally:
                page.close()
        text = run_tesseract(image, dpi=dpi, languages=languages)
        del image
        blocks = plain_text_blocks(text, page=number) if text else []
        if blocks:
            found[number] = blocks
        _report(progress, "ocr", done / len(numbers))
    return found


# --- Lines of a page ---------------------------------------------------------------------------


@dataclass
class _RawLine:
    text: str
    ranges: list[tuple[int, int]]
    baseline: float
    left: float
    right: float
    size: float
    bold: bool
    rtl: bool
    chars: list[tuple[str, float, float]] = field(default_factory=list)


class _TextPageReader:
    """Per-character queries on one PDFium text page, with reusable ctypes buffers."""

    def __init__(self, textpage: Any, bottom: float) -> None:
        self.handle = textpage.raw
        self.bottom = bottom
        self._rect = pdfium_raw.FS_RECTF()
        self._rect_pointer = ctypes.byref(self._rect)
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._font_name = ctypes.create_string_buffer(128)
        self._flags = ctypes.c_int()

    def box(self, index: int) -> tuple[float, float]:
        """Left and right of a glyph. The loose box spans the advance width where PDFium
        knows it, so narrow glyphs such as "1" do not look like they stand apart."""
        pdfium_raw.FPDFText_GetLooseCharBox(self.handle, index, self._rect_pointer)
        return self._rect.left, self._rect.right

    def baseline(self, index: int) -> float:
        pdfium_raw.FPDFText_GetCharOrigin(
            self.handle, index, ctypes.byref(self._x), ctypes.byref(self._y)
        )
        return self._y.value - self.bottom

    def size(self, index: int) -> float:
        return float(pdfium_raw.FPDFText_GetFontSize(self.handle, index)) or 10.0

    def bold(self, index: int) -> bool:
        length = pdfium_raw.FPDFText_GetFontInfo(
            self.handle, index, self._font_name, len(self._font_name), ctypes.byref(self._flags)
        )
        if not length:
            return False
        name = self._font_name.value.decode("latin-1", errors="replace")
        return _BOLD_FONT.search(name.partition("+")[2] or name) is not None

    def char(self, index: int) -> str:
        code = pdfium_raw.FPDFText_GetUnicode(self.handle, index)
        return chr(code) if 0 < code < 0x110000 else ""

    def char_index(self, text_index: int) -> int:
        return int(pdfium_raw.FPDFText_GetCharIndexFromTextIndex(self.handle, text_index))


def _page_lines(textpage: Any, bottom: float) -> tuple[list[Line], int]:
    """The lines of a text page, in reading order, and its number of visible characters."""
    reader = _TextPageReader(textpage, bottom)
    if pdfium_raw.FPDFText_CountChars(reader.handle) <= 0:
        return [], 0
    text = textpage.get_text_range()
    visible = len("".join(text.split()))
    raw_lines: list[_RawLine] = []
    for match in re.finditer(r"[^\r\n]+", text):
        segment = match.group()
        stripped = segment.strip()
        if not stripped:
            continue
        start = match.start() + len(segment) - len(segment.lstrip())
        end = start + len(stripped) - 1
        first, last = reader.char_index(start), reader.char_index(end)
        if first < 0 or last < first:
            continue
        raw_lines.append(_raw_line(reader, stripped, first, last))
    return [_finish(reader, line) for line in _merge_same_baseline(reader, raw_lines)], visible


def _raw_line(reader: _TextPageReader, text: str, first: int, last: int) -> _RawLine:
    rtl = _RTL_CHAR.search(text) is not None
    left_a, right_a = reader.box(first)
    left_b, right_b = reader.box(last)
    line = _RawLine(
        text=text,
        ranges=[(first, last)],
        baseline=reader.baseline(first),
        left=min(left_a, left_b),
        right=max(right_a, right_b),
        size=reader.size(first),
        bold=reader.bold(first) and reader.bold(last),
        rtl=rtl,
    )
    if rtl:
        _load_chars(reader, line)
    return line


def _load_chars(reader: _TextPageReader, line: _RawLine) -> None:
    """Read every character of the line with its horizontal extent, and the line's extent.

    White space is kept as a word boundary, with its position.
    """
    chars = []
    for first, last in line.ranges:
        for index in range(first, last + 1):
            char = reader.char(index)
            if not char:
                continue
            left, right = reader.box(index)
            chars.append((" " if char.isspace() else char, left, right))
        # The parts of a merged line are separate words; this boundary has no position.
        chars.append((" ", math.nan, math.nan))
    line.chars = chars
    visible = [(left, right) for char, left, right in chars if char != " "]
    if visible:
        line.left = min(left for left, _ in visible)
        line.right = max(right for _, right in visible)


def _merge_same_baseline(reader: _TextPageReader, lines: list[_RawLine]) -> list[_RawLine]:
    merged: list[_RawLine] = []
    for line in lines:
        previous = merged[-1] if merged else None
        if previous is not None and _same_visual_line(previous, line):
            rtl = previous.rtl or line.rtl
            if rtl:
                for part in (previous, line):
                    if not part.chars:
                        _load_chars(reader, part)
            first, second = sorted((previous, line), key=lambda part: part.left)
            merged[-1] = _RawLine(
                text=f"{first.text} {second.text}",
                ranges=previous.ranges + line.ranges,
                baseline=previous.baseline,
                left=min(previous.left, line.left),
                right=max(previous.right, line.right),
                size=max(previous.size, line.size),
                bold=previous.bold and line.bold,
                rtl=rtl,
                chars=previous.chars + line.chars,
            )
            continue
        merged.append(line)
    return merged


def _same_visual_line(a: _RawLine, b: _RawLine) -> bool:
    size = max(a.size, b.size)
    overlap = min(a.right, b.right) - max(a.left, b.left)
    return abs(a.baseline - b.baseline) < 0.35 * size and overlap < 0.5 * size


def _finish(reader: _TextPageReader, line: _RawLine) -> Line:
    text = logical_line(line.chars, line.size) if line.rtl and line.chars else line.text
    widest_gap = 0.0
    # A short bold line may be a heading, or the header row of a table: the gaps between
    # columns tell them apart. Other lines do not need it (it costs a call per glyph).
    if line.bold and len(text.split()) <= _MAX_HEADING_WORDS:
        if not line.chars:
            _load_chars(reader, line)
        boxes = sorted((left, right) for char, left, right in line.chars if char != " ")
        widest_gap = max(
            (after[0] - before[1] for before, after in itertools.pairwise(boxes)), default=0.0
        )
    return Line(
        text=text,
        baseline=line.baseline,
        left=line.left,
        right=line.right,
        size=line.size,
        bold=line.bold,
        rtl=line.rtl and is_mostly_right_to_left(text),
        widest_gap=widest_gap,
    )
