"""DOCX export with python-docx: Word heading styles, a TOC field, RTL Arabic, endnotes.

Section headings use Word's built-in "Heading 1" to "Heading 3" styles, so the table of contents
field inserted after the cover (``TOC \\o "1-3"``) fills itself when Word updates fields (the
document asks to on opening). Arabic paragraphs are marked right to left (``w:bidi`` on the
paragraph, ``w:rtl`` on its runs, a complex-script font and language); an Arabic quotation
inside a Latin paragraph gets right-to-left runs. Citations are numbered superscripts, listed as
endnotes at the end with country, source, page and link.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from hiwar.publications.drafts import RenderDocument, RenderSection
from hiwar.publications.render.markup import Block, NoteNumbering, Run, note_text, section_blocks
from hiwar.publications.render.pdf import LANGUAGE_NAMES

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Naskh Arabic"
BIDI_LANGUAGE = "ar-SA"


def _is_rtl(language: str) -> bool:
    return language in settings.LANGUAGES_BIDI


#: Elements that come after w:bidi in a paragraph's properties (ECMA-376 order).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
#: Elements that come after w:lang in a run's properties.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_paragraph_rtl(paragraph: Any) -> None:
    properties = paragraph._p.get_or_add_pPr()
    if properties.find(qn("w:bidi")) is None:
        properties.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _style_run(run: Any, *, rtl: bool) -> None:
    properties = run._r.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    if rtl:
        properties.get_or_add_rtl()
        language = properties.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            properties.insert_element_before(language, *_AFTER_LANG)
        language.set(qn("w:bidi"), BIDI_LANGUAGE)


def _add_runs(paragraph: Any, runs: list[Run], *, rtl: bool) -> None:
    for piece in runs:
        if not piece.text:
            continue
        run = paragraph.add_run(piece.text)
        run.bold = piece.bold or None
        run.italic = piece.italic or None
        if piece.superscript:
            run.font.superscript = True
        _style_run(run, rtl=_is_rtl(piece.language) if piece.language else rtl)


def _paragraph(document: Any, text: str, *, style: str | None, rtl: bool) -> Any:
    paragraph = document.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        _style_run(run, rtl=rtl)
    if rtl:
        _set_paragraph_rtl(paragraph)
    return paragraph


def _heading(document: Any, text: str, level: int, *, rtl: bool) -> Any:
    paragraph = document.add_heading(level=min(max(level, 1), 3))
    _style_run(paragraph.add_run(text), rtl=rtl)
    if rtl:
        _set_paragraph_rtl(paragraph)
    return paragraph


def _toc_field(document: Any) -> None:
    """A TOC field over Heading 1-3 with hyperlinks; Word fills it when fields are updated."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-3" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = _("Update the field (F9) to show the table of contents.")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, placeholder, end):
        run._r.append(element)
    # Ask Word to update fields (the table of contents) when the document is opened.
    settings_element = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings_element.append(update)


def _table(document: Any, rows: list[Block], *, rtl: bool) -> None:
    width = max(len(row.cells) for row in rows)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    if rtl:
        table._tbl.tblPr.insert_element_before(
            OxmlElement("w:bidiVisual"),
            "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
            "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
            "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
        )  # fmt: skip
    for row in rows:
        cells = table.add_row().cells
        for index, runs in enumerate(row.cells):
            paragraph = cells[index].paragraphs[0]
            _add_runs(paragraph, [Run(r.text, bold=r.bold or row.header, italic=r.italic,
                                      superscript=r.superscript, language=r.language)
                                  for r in runs], rtl=rtl)  # fmt: skip
            if rtl:
                _set_paragraph_rtl(paragraph)


def _section(
    document: Any, section: RenderSection, numbering: NoteNumbering, doc_language: str
) -> None:
    language = section.language or doc_language
    rtl = _is_rtl(language)
    heading_rtl = _is_rtl(doc_language) if not section.language else rtl
    _heading(document, section.heading, section.level, rtl=heading_rtl)
    if section.label:
        label = _paragraph(document, section.label, style=None, rtl=_is_rtl(doc_language))
        for run in label.runs:
            run.italic = True
            run.font.color.rgb = RGBColor(0xA4, 0x16, 0x1A)
    blocks = section_blocks(section, numbering)
    rows: list[Block] = []
    for block in [*blocks, Block(kind="end")]:
        if block.kind == "row":
            rows.append(block)
            continue
        if rows:
            _table(document, rows, rtl=rtl)
            rows = []
        if block.kind == "end":
            break
        style = {"bullet": "List Bullet", "number": "List Number"}.get(block.kind)
        paragraph = document.add_paragraph(style=style)
        runs = block.runs
        if block.kind == "heading":
            runs = [Run(r.text, bold=True, italic=r.italic, superscript=r.superscript,
                        language=r.language) for r in runs]  # fmt: skip
        _add_runs(paragraph, runs, rtl=rtl)
        if rtl:
            _set_paragraph_rtl(paragraph)


def _cover(document: Any, doc: RenderDocument, *, rtl: bool) -> None:
    if doc.status_label:
        status = _paragraph(document, doc.status_label.upper(), style=None, rtl=rtl)
        for run in status.runs:
            run.bold = True
            run.font.color.rgb = RGBColor(0xA4, 0x16, 0x1A)
    _paragraph(document, doc.title, style="Title", rtl=rtl)
    if doc.subtitle:
        _paragraph(document, doc.subtitle, style="Subtitle", rtl=rtl)
    if doc.date_label:
        _paragraph(document, doc.date_label, style=None, rtl=rtl)
    if doc.available_languages:
        names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in doc.available_languages)
        _paragraph(document, f"{_('Available in')}: {names}", style=None, rtl=rtl)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(doc: RenderDocument) -> bytes:
    """``doc`` as a Word document."""
    with translation.override(doc.language):
        rtl = _is_rtl(doc.language)
        document = Document()
        normal = document.styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = Pt(10.5)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:cs"), ARABIC_FONT)
        document.core_properties.title = doc.title
        document.core_properties.language = doc.language
        if rtl:
            # The page itself runs right to left (columns, gutters, tables).
            section_properties = document.sections[0]._sectPr
            section_properties.insert_element_before(
                OxmlElement("w:bidi"), "w:rtlGutter", "w:docGrid", "w:printerSettings"
            )
        _cover(document, doc, rtl=rtl)
        _heading(document, _("Contents"), 1, rtl=rtl)
        _toc_field(document)
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        numbering = NoteNumbering(language=doc.language)
        for section in doc.sections:
            _section(document, section, numbering, doc.language)
        if numbering.numbers:
            _heading(document, _("Notes"), 1, rtl=rtl)
            for number, ids in numbering.notes():
                entries = []
                for text, url, _language in note_text(ids, doc):
                    absolute = url if "://" in url else settings.SITE_URL.rstrip("/") + url
                    entries.append(f"{text} — {absolute}" if url else text)
                _paragraph(document, f"{number}. " + "; ".join(entries), style=None, rtl=rtl)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
