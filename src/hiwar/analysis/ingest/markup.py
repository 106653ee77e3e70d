"""Blocks from text files: plain text, Markdown and HTML."""

from __future__ import annotations

import codecs
import itertools
import re

import lxml.etree
import lxml.html
import markdown

from hiwar.analysis.ingest.errors import IngestError
from hiwar.analysis.ingest.split import Block, blocks_from_table

__all__ = ["decode_text", "html_blocks", "markdown_blocks", "plain_text_blocks"]

# More control characters than this share of the text means it is not text.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is "binary"."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError("binary", f"not UTF-8 or UTF-16 text: {error.reason}") from error
    if "\x00" in text:
        raise IngestError("binary", "NUL characters")
    if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise IngestError("binary", "too many control characters")
    return text


# --- Plain text (also OCR output) -------------------------------------------------------------

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n")
_BULLET = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2013\u2014*\-]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)"
)
_ENUMERATOR = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s")
_TERMINAL = ".!?;,:\u2026\u061f\u060c\u061b\u06d4"
_SETEXT_UNDERLINE = re.compile(r"=+|-+")
_MAX_HEADING_WORDS = 12


def plain_text_blocks(text: str, page: int | None = None) -> list[Block]:
    """Blocks from plain text: blank lines separate paragraphs; short lone lines are headings.

    A one-line paragraph of at most 12 words, not ending in punctuation, not a list item, and
    followed by more text is taken for a heading; so is a line underlined with ``===`` or
    ``---``. Inside a paragraph, a list item or a line after a short line ending a sentence
    starts a new paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = [
        [line.strip() for line in chunk.split("\n") if line.strip()]
        for chunk in _BLANK_LINES.split(text)
    ]
    chunks = [lines for lines in chunks if lines]
    blocks: list[Block] = []
    for index, lines in enumerate(chunks):
        if len(lines) == 2 and _SETEXT_UNDERLINE.fullmatch(lines[1]):
            level = 1 if lines[1][0] == "=" else 2
            blocks.append(Block("heading", lines[0], page, level))
            continue
        has_more = index + 1 < len(chunks)
        if len(lines) == 1 and has_more and _looks_like_heading(lines[0]):
            blocks.append(Block("heading", lines[0], page, _heading_level(lines[0])))
            continue
        blocks.extend(Block("paragraph", paragraph, page) for paragraph in _paragraphs(lines))
    return blocks


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return (
        len(words) <= _MAX_HEADING_WORDS
        and line[-1] not in _TERMINAL
        and not line[0].islower()
        and (_BULLET.match(line) is None or _ENUMERATOR.match(line) is not None)
    )


def _heading_level(line: str) -> int:
    match = _ENUMERATOR.match(line)
    return match.group(1).count(".") + 1 if match else 1


def _paragraphs(lines: list[str]) -> list[str]:
    longest = max(len(line) for line in lines)
    paragraphs: list[list[str]] = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        ends_sentence = previous[-1] in ".!?\u2026\u061f\u06d4:"
        if _BULLET.match(line) or (ends_sentence and len(previous) < 0.8 * longest):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    # Keep the line breaks: normalization joins words hyphenated across them.
    return ["\n".join(paragraph) for paragraph in paragraphs]


# --- Markdown ----------------------------------------------------------------------------------

_MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def markdown_blocks(text: str, *, heading_offset: int = 0) -> list[Block]:
    """Blocks from Markdown: rendered to HTML, then read like HTML (syntax disappears)."""
    html = markdown.markdown(text, extensions=_MARKDOWN_EXTENSIONS)
    return html_blocks(html, heading_offset=heading_offset)


# --- HTML --------------------------------------------------------------------------------------

_DROPPED = frozenset(
    [
        "script",
        "style",
        "nav",
        "noscript",
        "template",
        "head",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "map",
        "button",
        "select",
        "textarea",
    ]
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "caption",
    ]
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class _HtmlReader:
    """Walks an HTML tree in document order, gathering inline text into paragraphs."""

    def __init__(self, heading_offset: int) -> None:
        self.heading_offset = heading_offset
        self.blocks: list[Block] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        # <br><br> separates paragraphs in many exports.
        for paragraph in re.split(r"\n\s*\n", text):
            if paragraph.strip():
                self.blocks.append(Block("paragraph", paragraph, None))

    def walk(self, element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in _DROPPED or element.get("hidden") is not None:
            return
        if tag in _HEADINGS:
            self.flush()
            level = _HEADINGS[tag] + self.heading_offset
            self.blocks.append(Block("heading", element.text_content(), None, level))
            return
        if tag == "table":
            self.flush()
            self.blocks.extend(blocks_from_table(_table_rows(element), None))
            return
        if tag == "br":
            self.buffer.append("\n")
            return
        is_block = tag in _BLOCK_TAGS
        if is_block:
            self.flush()
        if element.text:
            self.buffer.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self.buffer.append(child.tail)
        if is_block:
            self.flush()


def _table_rows(table: lxml.html.HtmlElement) -> list[list[str]]:
    rows = []
    for row in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
        cells: list[str] = []
        for cell in row.xpath("./th|./td"):
            try:
                span = max(1, min(int(cell.get("colspan", "1")), 50))
            except ValueError:
                span = 1
            cells.extend([cell.text_content()] * span)
        rows.append(cells)
    return rows


def html_blocks(html: str, *, heading_offset: int = 0) -> list[Block]:
    """Blocks from HTML: ``h1`` to ``h6`` are headings, tables give rows, other text paragraphs.

    Scripts, styles, navigation, forms controls and hidden elements are dropped.
    """
    html = _XML_DECLARATION.sub("", html)
    if not html.strip():
        return []
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    reader = _HtmlReader(heading_offset)
    reader.walk(root)
    reader.flush()
    return reader.blocks
