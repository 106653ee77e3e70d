"""The renderers: safe HTML with notes numbered across sections, the PDF (Arabic extracted in
logical order, cover, contents, page numbers, endnotes) and the DOCX (Word headings, a TOC
field, right-to-left Arabic paragraphs)."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import docx
import pypdfium2
import pytest
from docx.oxml.ns import qn

from hiwar.analysis.ingest.pdf import read_pdf
from hiwar.analysis.models import Passage, PassageTag
from hiwar.framework.models import Country
from hiwar.publications.drafts import CitedPassage, RenderDocument, RenderSection
from hiwar.publications.render.citations import resolve_citations
from hiwar.publications.render.docx import render_docx
from hiwar.publications.render.markup import (
    NoteNumbering,
    render_html,
    render_section_html,
    section_blocks,
)
from hiwar.publications.render.pdf import render_pdf
from tests.publications.test_generators_fixtures import add_passage, report_document

ARABIC_HEADING = "الهجرة الآمنة والمنظمة"
ARABIC_TEXT = (
    "ألغت وزارة العمل رسوم التوظيف المفروضة على العمال المنزليين المهاجرين في عام 2020، "
    "وأصبحت مكاتب الاستقدام توقّع عقداً موحداً يحدد الأجور وأيام الراحة."
)
ARABIC_SECOND = "يواجه العمال المهاجرون تأخراً في دفع الأجور، وهي الشكوى الأكثر تكراراً."


def cited(pk: int, country: str = "Jordan", page: int | None = 4) -> CitedPassage:
    return CitedPassage(
        passage_id=pk,
        country=country,
        source_title=f"National report of {country}",
        page=page,
        url=f"/en/publications/passages/{pk}/",
        language="en",
    )


def document(language: str = "en", **kwargs: Any) -> RenderDocument:
    return RenderDocument(
        title=kwargs.pop("title", "Regional synthesis"),
        language=language,
        sections=kwargs.pop(
            "sections",
            [
                RenderSection(heading="Overview", body="First [[cite:1]] and [[cite:2]]."),
                RenderSection(
                    heading="Objective 6", body="Again [[cite:2]], new [[cite:3,1]].", level=2
                ),
            ],
        ),
        citations=kwargs.pop("citations", {1: cited(1), 2: cited(2, "Morocco"), 3: cited(3)}),
        **kwargs,
    )


# --- HTML ---------------------------------------------------------------------------------------


def test_render_html_numbers_notes_across_sections() -> None:
    html = render_html(document())
    assert html.count('<sup class="note-ref">') == 4
    assert '<a href="#note-1" id="ref-1" role="doc-noteref">1</a>' in html
    assert '<a href="#note-2" id="ref-2" role="doc-noteref">2</a>' in html
    # The same passages cited again reuse the number, without a second anchor.
    assert '<a href="#note-2" role="doc-noteref">2</a>' in html
    assert '<a href="#note-3" id="ref-3" role="doc-noteref">3</a>' in html
    assert '<li id="note-3" value="3"><a href="/en/publications/passages/3/">' in html
    assert "Morocco, National report of Morocco, p. 4" in html
    assert html.count('<li id="note-') == 3


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">x</a>',
        '[[quote:ar" onmouseover="alert(1)]]x[[/quote]]',
        "[[cite:1<script>]]",
        "<style>body{display:none}</style>",
    ],
)
def test_render_html_escapes_hostile_markdown(hostile: str) -> None:
    html = render_html(document(sections=[RenderSection(heading="<b>x</b>", body=hostile)]))
    elements = _elements(html)
    assert not {"script", "style", "img", "b"} & {tag for tag, _attributes in elements}
    for _tag, attributes in elements:
        assert not [name for name in attributes if name.startswith("on")]
        assert not str(attributes.get("href", "")).startswith("javascript")


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collector().feed(html)
    return found


def test_quotations_keep_their_language_and_direction() -> None:
    html = render_section_html(
        RenderSection(heading="x", body=f"Jordan: [[quote:ar]]{ARABIC_TEXT}[[/quote]] [[cite:1]]"),
        NoteNumbering(),
    )
    assert f'<q class="quote" lang="ar" dir="rtl">{ARABIC_TEXT}</q>' in html
    assert '<span class="quote-lang">(in Arabic)</span>' in html


def test_a_quotation_across_paragraphs_keeps_its_text_without_markers() -> None:
    html = render_section_html(
        RenderSection(heading="x", body="[[quote:fr]]Premier.\n\nSecond.[[/quote]]"),
        NoteNumbering(),
    )
    assert "[[" not in html and "Premier." in html and "Second." in html


def test_section_blocks_give_runs_for_word() -> None:
    body = (
        "Intro **bold** [[cite:1]]\n\n- one [[quote:ar]]نص[[/quote]]\n- two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )
    blocks = section_blocks(RenderSection(heading="x", body=body), NoteNumbering())
    assert [b.kind for b in blocks] == ["paragraph", "bullet", "bullet", "row", "row"]
    assert any(r.bold and r.text == "bold" for r in blocks[0].runs)
    assert any(r.superscript and r.text == "1" for r in blocks[0].runs)
    assert any(r.language == "ar" and r.text == "نص" for r in blocks[1].runs)
    assert [[r.text for r in cell] for cell in blocks[4].cells] == [["1"], ["2"]]


# --- Citations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_resolve_citations_runs_one_query(
    cycle: Any, jordan: Country, django_assert_num_queries: Any, count: int
) -> None:
    source = report_document(cycle, jordan)
    passages = [
        add_passage(source, f"Passage {n}", objectives={6: PassageTag.Status.CONFIRMED}, page=n)
        for n in range(1, count + 1)
    ]
    with django_assert_num_queries(1):
        resolved = resolve_citations([p.pk for p in passages] + [999999])
    assert set(resolved) == {p.pk for p in passages}
    first = resolved[passages[0].pk]
    assert first.country == "Jordan"
    assert first.source_title == "National report of Jordan"
    assert first.page == 1
    assert first.url == f"/en/publications/passages/{passages[0].pk}/"
    assert first.language == "en"


def test_resolve_citations_names_the_organization_of_an_input(
    cycle: Any, organization: Any
) -> None:
    from hiwar.analysis.models import Document
    from tests.reviews.conftest import StakeholderInputFactory

    item = StakeholderInputFactory(cycle=cycle, organization=organization, title="Our input")
    source = Document.objects.create(
        cycle=cycle, source=Document.Source.INPUT, stakeholder_input=item,
        country=organization.country, title="Our input", status=Document.Status.DONE,
        language="ar",
    )  # fmt: skip
    passage = Passage.objects.create(
        document=source, position=0, text=ARABIC_TEXT, text_hash="h", language="ar", page=2
    )
    resolved = resolve_citations([passage.pk])[passage.pk]
    assert (resolved.country, resolved.source_title, resolved.language) == (
        organization.name,
        "Our input",
        "ar",
    )


# --- PDF ----------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    """The text of every page, right-to-left lines rebuilt in logical order by the analysis
    reader (pypdfium2 underneath)."""
    return "\n".join(block.text for block in read_pdf(content, max_pages=50, ocr=False,
                                                      ocr_languages="").blocks)  # fmt: skip


def arabic_document() -> RenderDocument:
    return document(
        language="ar",
        title="الموجز الإقليمي لتقارير الاستعراض الوطنية",
        subtitle="الاستعراض الإقليمي الأول",
        status_label="مسودة",
        available_languages=["ar", "en", "fr"],
        sections=[
            RenderSection(heading=ARABIC_HEADING, body=f"{ARABIC_TEXT} [[cite:1]]"),
            RenderSection(heading="الهدف 6", body=f"- {ARABIC_SECOND} [[cite:2]]", level=2),
            RenderSection(
                heading="Objective 7",
                body="Shown in English. [[cite:3]]",
                language="en",
                label="الترجمة غير متوفرة: النص بالإنكليزية",
            ),
        ],
    )


def test_arabic_pdf_text_comes_back_in_logical_order_and_matches_the_source() -> None:
    content = render_pdf(arabic_document())
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    flat = " ".join(text.split())
    # Each text comes back whole, its words in reading order (the title also on the cover).
    for phrase in (ARABIC_HEADING, ARABIC_TEXT, ARABIC_SECOND, "الموجز الإقليمي لتقارير"):
        assert phrase in flat, (phrase, flat)
    assert "Shown in English." in flat
    assert "Morocco, National report of Morocco" in flat  # the endnotes
    # Note references are "[1]" on the baseline, after the sentence they belong to.
    assert f"{ARABIC_TEXT} [1]" in flat


def test_bracketed_note_references_are_one_link_without_a_superscript() -> None:
    numbering = NoteNumbering(bracketed=True)
    html = render_section_html(
        RenderSection(heading="h", body="نص [[cite:4]] ثم [[cite:4]]"), numbering
    )
    assert "<sup" not in html
    assert '<a class="note-bracket" href="#note-1" id="ref-1" role="doc-noteref">[1]</a>' in html
    assert '<a class="note-bracket" href="#note-1" role="doc-noteref">[1]</a>' in html


def test_pdf_has_cover_contents_page_numbers_and_a_draft_label() -> None:
    content = render_pdf(document(status_label="Draft", subtitle="First review",
                                  available_languages=["ar", "en", "fr"]))  # fmt: skip
    pdf = pypdfium2.PdfDocument(content)
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()
    assert len(pages) >= 4  # cover, contents, body, notes
    assert "Regional synthesis" in pages[0] and "First review" in pages[0]
    assert "Draft" in pages[0] and "English" in pages[0]
    assert "Contents" in pages[1] and "Overview" in pages[1]
    assert f"2 / {len(pages)}" in pages[1]  # the footer, not on the cover
    assert "DRAFT" in pages[2]  # the margin label on every page after the cover
    notes = pages[-1]
    assert "Notes" in notes and "/en/publications/passages/3/" in notes


def test_a_published_document_has_no_draft_label() -> None:
    text = pdf_text(render_pdf(document()))
    assert "DRAFT" not in text


# --- DOCX ---------------------------------------------------------------------------------------


def test_docx_opens_with_word_headings_a_toc_and_rtl_arabic() -> None:
    content = render_docx(arabic_document())
    opened = docx.Document(io.BytesIO(content))
    paragraphs = opened.paragraphs
    headings = {p.text: p.style.name for p in paragraphs if p.style.name.startswith("Heading")}
    assert headings[ARABIC_HEADING] == "Heading 1"
    assert headings["الهدف 6"] == "Heading 2"
    assert headings["Objective 7"] == "Heading 1"
    arabic = next(p for p in paragraphs if ARABIC_TEXT in p.text)
    assert arabic._p.pPr.find(qn("w:bidi")) is not None
    assert all(r._r.rPr.find(qn("w:rtl")) is not None for r in arabic.runs)
    assert arabic.runs[0]._r.rPr.rFonts.get(qn("w:cs")) == "Noto Naskh Arabic"
    bullet = next(p for p in paragraphs if ARABIC_SECOND in p.text)
    assert bullet.style.name == "List Bullet"
    english = next(p for p in paragraphs if "Shown in English." in p.text)
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None
    xml = opened.element.xml
    assert 'TOC \\o "1-3"' in xml
    assert any(p.style.name == "Title" for p in paragraphs)
    assert any("Morocco, National report of Morocco" in p.text for p in paragraphs)
    superscripts = [r for p in paragraphs for r in p.runs if r.font.superscript]
    assert [r.text for r in superscripts] == ["1", "2", "3"]


def test_docx_of_an_english_document_has_no_rtl_paragraphs() -> None:
    opened = docx.Document(io.BytesIO(render_docx(document())))
    assert "w:bidi" not in opened.element.xml.replace("w:bidiVisual", "")
    assert [p.text for p in opened.paragraphs if p.style.name == "Heading 2"] == ["Objective 6"]
