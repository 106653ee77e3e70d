"""From the text lines of PDF pages to headings and paragraphs.

A PDF has no paragraphs, only positioned lines. They are rebuilt here from geometry:

* Page furniture goes first: lines in the top or bottom 12% of a page that repeat (digits
  ignored) on at least two pages and 40% of them, and bare page numbers there. On OCR pages
  the first and last two short blocks count as those zones. Table of contents entries (dot
  leaders and a page number) go too.
* A new paragraph starts after a vertical gap wider than 1.35 times the usual line pitch,
  at a change of font size or weight, at a list item, or after a short line that ends a
  sentence ("short": it stops well before the right margin, the left one for Arabic).
* A paragraph of at most three lines and 20 words, not ending like a sentence, is a heading
  when its font is at least 12% larger than the page's body text, or bold (up to 15 words)
  while the body is not, and it has no gap as wide as a table's columns. Heading levels
  follow font size across the document.
* A paragraph cut by a page break is joined again when the page's last line runs to the
  margin or the next page goes on in lower case, and it did not end like a sentence.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from hiwar.analysis.ingest.bidi import has_letters, neutral_line_right_to_left, pair_brackets
from hiwar.analysis.ingest.split import Block, BlockKind
from hiwar.analysis.ingest.text import normalize_text

__all__ = ["Line", "PageLines", "blocks_from_pdf_pages"]

_FURNITURE_ZONE = 0.12
_MIN_REPEAT_SHARE = 0.4
# Longer blocks of OCR text are never taken for running headers or footers.
_FURNITURE_WORDS = 20
_GAP_FACTOR = 1.35
_SHORT_LINE_SHARE = 0.12
_HEADING_SIZE_RATIO = 1.12
# A gap this wide (in em) inside a line separates the columns of a table.
_TABLE_GAP_EM = 1.2
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|pages?|صفحة|الصفحة)?\s*[-\u2013\u2014(]?\s*[0-9\u0660-\u0669]{1,4}\s*"
    r"[-\u2013\u2014)]?\s*(?:(?:/|of|sur|de|من)\s*[0-9\u0660-\u0669]{1,4})?"
    # Roman numerals up to 399 ("civil" is not one).
    r"|(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2013\u2014\u27a2\u2713\uf0b7*\-]|"
    r"\(?\d{1,3}[.)]|\(?[a-z][.)])\s"
)
# A table of contents entry: dot leaders, then a page number.
_CONTENTS_ENTRY = re.compile(r"(?:\.\s?){4,}\s*[0-9ivxlc]+\s*$|\u2026{2,}\s*[0-9ivxlc]+\s*$")
_SENTENCE_END = ".!?\u2026\u061f\u06d4:"
_NOT_HEADING_END = ".;,\u060c\u061b"
_CONTINUES_END = '.!?\u2026\u061f\u06d4:;"\u201d\u00bb)'


@dataclass(frozen=True)
class Line:
    """A line of text on a PDF page, in logical order, with its geometry in PDF points.

    ``baseline`` is measured from the bottom of the page; ``rtl`` marks a right-to-left line;
    ``widest_gap`` is the widest space between two glyphs, measured on short bold lines only
    (0 otherwise): columns of a table leave wide gaps.
    """

    text: str
    baseline: float
    left: float
    right: float
    size: float
    bold: bool
    rtl: bool
    widest_gap: float = 0.0


@dataclass
class PageLines:
    """The lines of one PDF page; ``number`` is 1-based."""

    number: int
    height: float
    lines: list[Line]


@dataclass
class _Paragraph:
    page: int
    lines: list[Line] = field(default_factory=list)
    heading_level: int = 0
    # The last line ran to the margin: the paragraph may go on on the next page.
    ends_full: bool = False

    @property
    def text(self) -> str:
        texts = [line.text for line in self.lines]
        if sum(line.rtl for line in self.lines) * 2 <= len(self.lines):
            return "\n".join(texts)
        # A right-to-left paragraph: lines of digits and punctuation read right to left too,
        # and brackets split over two lines pair up again.
        texts = [text if has_letters(text) else neutral_line_right_to_left(text) for text in texts]
        return pair_brackets("\n".join(texts))


def blocks_from_pdf_pages(
    pages: list[PageLines], ocr_blocks: dict[int, list[Block]]
) -> list[Block]:
    """Headings and paragraphs of a PDF, in page order; OCR pages come as ready blocks."""
    pages, ocr_blocks = _without_furniture(pages, ocr_blocks)
    all_lines = [line for page in pages for line in page.lines]
    if not all_lines and not ocr_blocks:
        return []
    pitch = _line_pitch(pages)
    per_page = [_paragraphs(page, pitch) for page in pages]
    _mark_headings(per_page)
    blocks: list[Block] = []
    previous: _Paragraph | None = None
    numbers = sorted({page.number for page in pages} | set(ocr_blocks))
    paragraphs_by_page = {
        page.number: paragraphs for page, paragraphs in zip(pages, per_page, strict=True)
    }
    for number in numbers:
        if number in ocr_blocks:
            blocks.extend(ocr_blocks[number])
            previous = None
            continue
        paragraphs = paragraphs_by_page.get(number, [])
        for index, paragraph in enumerate(paragraphs):
            if index == 0 and previous is not None and _continues(previous, paragraph):
                # Same block, extended: it keeps the page it started on.
                last = blocks.pop()
                blocks.append(Block("paragraph", f"{last.text}\n{paragraph.text}", last.page))
                previous = paragraph
                continue
            kind: BlockKind = "heading" if paragraph.heading_level else "paragraph"
            blocks.append(Block(kind, paragraph.text, number, paragraph.heading_level))
            previous = paragraph
    return blocks


def _without_furniture(
    pages: list[PageLines], ocr_blocks: dict[int, list[Block]]
) -> tuple[list[PageLines], dict[int, list[Block]]]:
    """The pages without running headers, footers and page numbers.

    On OCR pages, which have no geometry, the first and last two short blocks stand for the
    top and bottom zones.
    """

    def in_zone(line: Line, page: PageLines) -> bool:
        return (
            line.baseline > page.height * (1 - _FURNITURE_ZONE)
            or line.baseline < page.height * _FURNITURE_ZONE
        )

    def ocr_zone(blocks: list[Block]) -> set[int]:
        edges = {0, 1, len(blocks) - 2, len(blocks) - 1}
        return {
            index
            for index in edges
            if 0 <= index < len(blocks) and len(blocks[index].text.split()) <= _FURNITURE_WORDS
        }

    pages_with_text = sum(1 for page in pages if page.lines) + len(ocr_blocks)
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_furniture_key(line.text) for line in page.lines if in_zone(line, page)})
    for blocks in ocr_blocks.values():
        seen.update({_furniture_key(blocks[index].text) for index in ocr_zone(blocks)})
    repeated = {
        text
        for text, count in seen.items()
        if count >= 2 and count >= _MIN_REPEAT_SHARE * pages_with_text
    }

    def is_furniture(text: str) -> bool:
        return _furniture_key(text) in repeated or bool(
            _PAGE_NUMBER.fullmatch(normalize_text(text))
        )

    cleaned = [
        PageLines(
            page.number,
            page.height,
            [
                line
                for line in page.lines
                if not (in_zone(line, page) and is_furniture(line.text))
                and not _CONTENTS_ENTRY.search(line.text)
            ],
        )
        for page in pages
    ]
    cleaned_ocr = {}
    for number, blocks in ocr_blocks.items():
        zone = ocr_zone(blocks)
        kept = [
            block
            for index, block in enumerate(blocks)
            if not (index in zone and is_furniture(block.text))
        ]
        if kept:
            cleaned_ocr[number] = kept
    return cleaned, cleaned_ocr


def _furniture_key(text: str) -> str:
    """Text compared across pages to find running headers: digits do not count."""
    return re.sub(r"[0-9\u0660-\u0669]+", "#", normalize_text(text).lower())


def _body_size(lines: list[Line]) -> float:
    """The font size most characters are set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    if not sizes:
        return 10.0
    return max(sorted(sizes), key=lambda size: sizes[size])


def _line_pitch(pages: list[PageLines]) -> float:
    """The usual distance between baselines of body text, relative to its font size."""
    ratios = []
    for page in pages:
        for previous, line in zip(page.lines, page.lines[1:], strict=False):
            if abs(line.size - previous.size) > 0.1 * line.size:
                continue
            ratio = (previous.baseline - line.baseline) / line.size
            if 0.9 < ratio < 2.5:
                ratios.append(ratio)
    return statistics.median(ratios) if ratios else 1.2


def _paragraphs(page: PageLines, pitch: float) -> list[_Paragraph]:
    if not page.lines:
        return []
    lefts = sorted(line.left for line in page.lines)
    rights = sorted(line.right for line in page.lines)
    margin_left = lefts[len(lefts) // 10]
    margin_right = rights[-1 - len(rights) // 10]
    width = max(margin_right - margin_left, 1.0)

    def is_short(line: Line) -> bool:
        if line.rtl:
            return line.left > margin_left + _SHORT_LINE_SHARE * width
        return line.right < margin_right - _SHORT_LINE_SHARE * width

    paragraphs: list[_Paragraph] = []
    previous: Line | None = None
    for line in page.lines:
        if previous is None or _starts_paragraph(previous, line, pitch, is_short):
            paragraphs.append(_Paragraph(page.number))
        paragraphs[-1].lines.append(line)
        previous = line
    paragraphs[-1].ends_full = not is_short(page.lines[-1])
    return paragraphs


def _starts_paragraph(
    previous: Line, line: Line, pitch: float, is_short: Callable[[Line], bool]
) -> bool:
    size = max(previous.size, line.size)
    gap = (previous.baseline - line.baseline) / size
    ended = previous.text.rstrip()[-1:] in _SENTENCE_END
    return (
        abs(previous.size - line.size) > 0.1 * size
        or previous.bold != line.bold
        or gap > _GAP_FACTOR * pitch
        or gap < -0.5
        or _LIST_ITEM.match(line.text.lstrip()) is not None
        or (ended and is_short(previous))
    )


def _mark_headings(per_page: list[list[_Paragraph]]) -> None:
    candidates: list[tuple[_Paragraph, float]] = []
    for paragraphs in per_page:
        page_lines = [line for paragraph in paragraphs for line in paragraph.lines]
        if not page_lines:
            continue
        page_body = _body_size(page_lines)
        body_bold = _mostly_bold(page_lines)
        for paragraph in paragraphs:
            text = normalize_text(paragraph.text)
            words = len(text.split())
            if not text or len(paragraph.lines) > 3 or words > 20:
                continue
            if text[-1] in _NOT_HEADING_END or text[0].islower():
                continue
            if any(line.widest_gap > _TABLE_GAP_EM * line.size for line in paragraph.lines):
                continue  # a row of a table, often bold in its header
            size = max(line.size for line in paragraph.lines)
            larger = size >= _HEADING_SIZE_RATIO * page_body
            bold = all(line.bold for line in paragraph.lines) and not body_bold and words <= 15
            if larger or bold:
                candidates.append((paragraph, size if larger else 0.0))
    sizes = sorted({round(size) for _, size in candidates if size}, reverse=True)
    for paragraph, size in candidates:
        paragraph.heading_level = sizes.index(round(size)) + 1 if size else len(sizes) + 1


def _mostly_bold(lines: list[Line]) -> bool:
    bold = sum(len(line.text) for line in lines if line.bold)
    return bold > 0.5 * sum(len(line.text) for line in lines)


def _continues(previous: _Paragraph, paragraph: _Paragraph) -> bool:
    """Whether ``paragraph``, first on its page, carries on ``previous``, the last paragraph
    of the page before."""
    if previous.heading_level or paragraph.heading_level:
        return False
    last_text = previous.lines[-1].text.rstrip()
    first_text = paragraph.lines[0].text.lstrip()
    if not last_text or not first_text or last_text[-1] in _CONTINUES_END:
        return False
    if _LIST_ITEM.match(first_text):
        return False
    if abs(previous.lines[-1].size - paragraph.lines[0].size) > 0.1 * paragraph.lines[0].size:
        return False
    return first_text[0].islower() or previous.ends_full
