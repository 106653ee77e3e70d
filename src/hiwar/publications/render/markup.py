"""Section Markdown with citation and quotation markers, to safe HTML or to structured runs.

The Markdown is rendered and cleaned by ``hiwar.web.markdown`` first (so nothing a writer or a
quoted passage contains can inject markup); the markers, which survive cleaning as plain text,
are then replaced by markup built here from their validated parts only (digits, a language code
from a fixed list):

- ``[[cite:12,40]]`` becomes a superscript note link ``<sup class="note-ref"><a href="#note-3">``.
  One note per distinct marker (the same passages cited again reuse its number); numbering runs
  on across the sections of one document (``NoteNumbering``).
- ``[[quote:fr]]...[[/quote]]`` becomes ``<q lang="fr" dir="ltr">...</q>`` followed by a
  language label, when the quotation stays inside one block; otherwise the markers are dropped.
- ``[[coverage:...]]`` alone on a paragraph becomes the coverage figure (``figures.py``): an SVG
  heatmap with the same figures in a table; anywhere else it is dropped.

``section_blocks`` gives the same content as paragraphs of styled runs for the DOCX writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.utils.translation import gettext as _

from hiwar.publications.citations import CITE_RE
from hiwar.publications.drafts import RenderDocument, RenderSection
from hiwar.publications.figures import (
    COVERAGE_HTML_RE,
    LEFTOVER_RE,
    FigureCounter,
    coverage_figure_html,
)
from hiwar.web.markdown import render_markdown

_QUOTE_HTML_RE = re.compile(r"\[\[quote:(ar|en|fr|other)\]\](.*?)\[\[/quote\]\]", re.DOTALL)
_LEFTOVER_QUOTE_RE = re.compile(r"\[\[/?quote(?::(?:ar|en|fr|other))?\]\]")
_BLOCK_BOUNDARY = re.compile(r"</?(p|li|ul|ol|table|tr|td|th|h\d|blockquote|pre)\b")


class NoteNumbering:
    """Numbers citation notes in order of first appearance across one document's sections.

    ``bracketed`` note references are one link reading ``[3]`` on the baseline instead of a
    superscript: the right-to-left PDF uses them, because a raised number breaks an Arabic line
    into pieces for text extraction, and one inline box per reference instead of four (a
    superscript, a link and two generated brackets) lays out a long Arabic document about 15 %
    faster (bench/publications.py: 11.0 s before, 9.5 s after, for 39 pages)."""

    def __init__(
        self, *, bracketed: bool = False, language: str = "", for_print: bool = False
    ) -> None:
        self.bracketed = bracketed
        #: Rendering for the PDF: figures are drawn as coloured tables instead of SVG.
        self.for_print = for_print
        #: The document's language: the coverage figure's labels and direction follow it.
        self.language = language or settings.LANGUAGE_CODE
        self.figures = FigureCounter()
        self.numbers: dict[tuple[int, ...], int] = {}
        self.referenced: set[int] = set()  # notes whose first reference carries the anchor

    def number(self, ids: tuple[int, ...]) -> int:
        if ids not in self.numbers:
            self.numbers[ids] = len(self.numbers) + 1
        return self.numbers[ids]

    def notes(self) -> list[tuple[int, tuple[int, ...]]]:
        """(number, passage ids) in number order."""
        return sorted(((n, ids) for ids, n in self.numbers.items()), key=lambda pair: pair[0])


def direction(language: str) -> str:
    return "rtl" if language in settings.LANGUAGES_BIDI else "ltr"


def language_label(code: str) -> str:
    """ "in French": the label shown after a quotation kept in its own language."""
    names = {"ar": _("in Arabic"), "en": _("in English"), "fr": _("in French")}
    return str(names.get(code, _("in the original language")))


def _replace_markers(html: str, numbering: NoteNumbering) -> str:
    def quote(match: re.Match[str]) -> str:
        code, inner = match.group(1), match.group(2)
        if _BLOCK_BOUNDARY.search(inner):
            return inner  # a quotation across paragraphs: keep the text, drop the markers
        lang = code if code != "other" else ""
        attributes = f' lang="{lang}" dir="{direction(lang)}"' if lang else ' dir="auto"'
        label = escape(language_label(code))
        return f'<q class="quote"{attributes}>{inner}</q> <span class="quote-lang">({label})</span>'

    def cite(match: re.Match[str]) -> str:
        ids = tuple(dict.fromkeys(int(part) for part in match.group(1).split(",")))
        number = numbering.number(ids)
        anchor = "" if number in numbering.referenced else f' id="ref-{number}"'
        numbering.referenced.add(number)
        if numbering.bracketed:
            return (
                f'<a class="note-bracket" href="#note-{number}"{anchor} '
                f'role="doc-noteref">[{number}]</a>'
            )
        return (
            f'<sup class="note-ref"><a href="#note-{number}"{anchor} '
            f'role="doc-noteref">{number}</a></sup>'
        )

    def figure(match: re.Match[str]) -> str:
        return coverage_figure_html(
            match.group(1),
            language=numbering.language,
            counter=numbering.figures,
            for_print=numbering.for_print,
        )

    html = _QUOTE_HTML_RE.sub(quote, html)
    html = _LEFTOVER_QUOTE_RE.sub("", html)
    html = COVERAGE_HTML_RE.sub(figure, html)
    html = LEFTOVER_RE.sub("", html)
    return CITE_RE.sub(cite, html)


def render_section_html(section: RenderSection, numbering: NoteNumbering) -> str:
    """``section.body`` as cleaned HTML: cite markers become numbered superscript note links,
    quote markers ``<q lang dir>`` with a language label."""
    return _replace_markers(str(render_markdown(section.body)), numbering)


def render_html(doc: RenderDocument) -> str:
    """The whole document's sections as cleaned HTML, notes numbered across sections, then the
    list of notes."""
    numbering = NoteNumbering(language=doc.language)
    parts = []
    for section in doc.sections:
        level = min(max(section.level, 1), 3) + 1
        attributes = ""
        if section.language and section.language != doc.language:
            attributes = f' lang="{section.language}" dir="{direction(section.language)}"'
        parts.append(f'<section class="pub-section"{attributes}>')
        if section.label:
            parts.append(
                f'<p class="pub-section__label" lang="{doc.language}" '
                f'dir="{direction(doc.language)}">{escape(section.label)}</p>'
            )
        parts.append(f"<h{level}>{escape(section.heading)}</h{level}>")
        parts.append(render_section_html(section, numbering))
        parts.append("</section>")
    if numbering.numbers:
        parts.append(f'<section class="pub-notes"><h2>{escape(_("Notes"))}</h2><ol>')
        for number, ids in numbering.notes():
            parts.append(f'<li id="note-{number}" value="{number}">{note_html(ids, doc)}</li>')
        parts.append("</ol></section>")
    return "\n".join(parts)


def note_text(ids: tuple[int, ...], doc: RenderDocument) -> list[tuple[str, str, str]]:
    """Each cited passage of a note as (text, url, language): "Jordan, National report, p. 4"."""
    entries = []
    for pk in ids:
        cited = doc.citations.get(pk)
        if cited is None:
            entries.append((_("This passage is no longer available."), "", doc.language))
            continue
        text = f"{cited.country}, {cited.source_title}"
        if cited.page:
            text += ", " + _("p. %(page)s") % {"page": cited.page}
        entries.append((text, cited.url, cited.language))
    return entries


def note_html(ids: tuple[int, ...], doc: RenderDocument) -> str:
    pieces = []
    for text, url, _language in note_text(ids, doc):
        if url:
            pieces.append(f'<a href="{escape(url)}"><bdi>{escape(text)}</bdi></a>')
        else:
            pieces.append(escape(text))
    return "; ".join(pieces)


# --- Structured form, for DOCX ------------------------------------------------------------------


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    language: str = ""  # set inside a quotation kept in its own language


@dataclass
class Block:
    kind: str  # "paragraph", "heading", "bullet", "number", "row"
    runs: list[Run] = field(default_factory=list)
    level: int = 0  # heading level, or list depth
    cells: list[list[Run]] = field(default_factory=list)  # kind "row": one run list per cell
    header: bool = False


class _BlockParser(HTMLParser):
    """Walks the cleaned HTML of one section into blocks of runs."""

    BLOCKS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figcaption", "caption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: list[str] = []
        self.bold = 0
        self.italic = 0
        self.superscript = 0
        self.languages: list[str] = []
        self.row: Block | None = None
        self.cell: list[Run] | None = None
        self.hidden = 0  # inside an SVG drawing or a <summary>: not text for Word

    def _block(self, kind: str, level: int = 0) -> Block:
        if self.current is None or self.current.runs:
            self.current = Block(kind=kind, level=level)
            self.blocks.append(self.current)
        else:
            self.current.kind, self.current.level = kind, level
        return self.current

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("svg", "summary"):
            self.hidden += 1
        elif self.hidden:
            return
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            kind = "number" if self.lists and self.lists[-1] == "ol" else "bullet"
            self._block(kind, len(self.lists))
        elif tag in ("h2", "h3", "h4", "h5", "h6"):
            self._block("heading", min(int(tag[1]) - 1, 3))
        elif tag in ("p", "blockquote", "pre", "figcaption", "caption"):
            if not (self.lists and self.current is not None and self.current.kind != "paragraph"):
                self._block("paragraph")
        elif tag == "tr":
            self.row = Block(kind="row")
            self.blocks.append(self.row)
            self.current = None
        elif tag in ("td", "th"):
            self.cell = []
            if self.row is not None:
                self.row.cells.append(self.cell)
                self.row.header = self.row.header or tag == "th"
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "sup":
            self.superscript += 1
        elif tag == "q":
            self.languages.append(attributes.get("lang") or "")
        elif tag == "br":
            self.handle_data("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "summary"):
            self.hidden = max(self.hidden - 1, 0)
        elif self.hidden:
            return
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.current = None
        elif tag in self.BLOCKS:
            self.current = None
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("em", "i"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "sup":
            self.superscript = max(self.superscript - 1, 0)
        elif tag == "q" and self.languages:
            self.languages.pop()

    def handle_data(self, data: str) -> None:
        if not data or self.hidden:
            return
        if self.cell is None and self.current is None and not data.strip():
            return
        run = Run(
            text=data,
            bold=self.bold > 0,
            italic=self.italic > 0,
            superscript=self.superscript > 0,
            language=self.languages[-1] if self.languages else "",
        )
        if self.cell is not None:
            self.cell.append(run)
            return
        block = self.current or self._block("paragraph")
        block.runs.append(run)


def section_blocks(section: RenderSection, numbering: NoteNumbering) -> list[Block]:
    """``section.body`` as blocks of runs (paragraphs, list items, headings, table rows); note
    references are superscript runs holding their number, quotations runs with their language."""
    parser = _BlockParser()
    parser.feed(render_section_html(section, numbering))
    parser.close()
    for block in parser.blocks:
        if block.runs:
            block.runs[0].text = block.runs[0].text.lstrip()
            block.runs[-1].text = block.runs[-1].text.rstrip()
    return [b for b in parser.blocks if b.cells or any(r.text for r in b.runs)]
