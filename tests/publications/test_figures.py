"""The coverage figure frozen in a synthesis: its marker, and how the web page, the PDF and the
DOCX draw it (an SVG heatmap with a table; a coloured table in print; table rows in Word)."""

from __future__ import annotations

import io
import re

import docx
import pypdfium2
import pytest

from hiwar.publications.drafts import RenderDocument, RenderSection
from hiwar.publications.figures import coverage_marker, parse_coverage
from hiwar.publications.render.docx import render_docx
from hiwar.publications.render.markup import (
    NoteNumbering,
    render_html,
    render_section_html,
    section_blocks,
)
from hiwar.publications.render.pdf import document_html, render_pdf

pytestmark = pytest.mark.django_db

OBJECTIVES = 23


def counts(**cells: tuple[int, int]) -> list[tuple[int, int]]:
    """23 (confirmed, suggested) pairs, the ones given as o6=(1, 2) and the rest zero."""
    row = [(0, 0)] * OBJECTIVES
    for name, pair in cells.items():
        row[int(name[1:]) - 1] = pair
    return row


MARKER = coverage_marker({"JO": counts(o6=(1, 2), o15=(0, 1)), "MA": counts(o6=(0, 3))})


def doc(language: str, body: str) -> RenderDocument:
    return RenderDocument(
        title="Synthesis",
        language=language,
        sections=[RenderSection(heading="Overview", body=body)],
        citations={},
    )


def test_marker_round_trip_and_malformed_payloads() -> None:
    assert MARKER.startswith("[[coverage:JO=0/0,") and ";MA=" in MARKER
    coverage = parse_coverage(MARKER[len("[[coverage:") : -2])
    assert coverage is not None
    assert coverage.rows["JO"][5] == (1, 2) and coverage.rows["MA"][5] == (0, 3)
    assert parse_coverage("JO=1/0,0/0;MA=1/0") is None  # rows of different lengths
    assert parse_coverage("JO=1/0;JO=0/1") is None  # a country twice


def test_web_figure_is_an_svg_heatmap_with_a_table_of_the_same_figures() -> None:
    html = render_html(doc("en", f"Before.\n\n{MARKER}\n\nAfter."))
    assert "[[coverage" not in html
    figure = html[html.index('<figure class="coverage-figure">') : html.index("</figure>")]
    assert '<svg class="heatmap" role="img" aria-labelledby="figure-coverage-1-title"' in figure
    assert 'id="figure-coverage-1-title"' in figure
    assert figure.count("<rect ") == 2 * OBJECTIVES  # Jordan and Morocco, every objective
    assert "<a " not in figure  # a frozen figure links nowhere
    assert ">Jordan</text>" in figure and ">Morocco</text>" in figure
    # The table alternative: confirmed / suggested.
    assert '<th scope="row">Jordan</th>' in figure
    assert "<td>1 / 2</td>" in figure and "<td>0 / 3</td>" in figure
    assert html.index("Before.") < html.index("<figure") < html.index("After.")


def test_arabic_figure_runs_right_to_left_with_arabic_names() -> None:
    html = render_html(doc("ar", MARKER))
    headers = dict(
        (int(number), int(x))
        for x, number in re.findall(r'<text x="(\d+)" y="20"[^>]*>(\d+)</text>', html)
    )
    assert headers[1] > headers[23]  # objective 1 is the rightmost column
    assert ">الأردن</text>" in html and ">المغرب</text>" in html
    assert 'direction="ltr"' in html  # labels anchor the same way in every renderer


def test_a_marker_that_does_not_parse_gives_a_notice_and_inline_markers_are_dropped() -> None:
    numbering = NoteNumbering(language="fr")
    broken = render_section_html(
        RenderSection(heading="h", body="[[coverage:JO=1/0,0/0;MA=1/0]]"), numbering
    )
    assert "<svg" not in broken
    assert "La figure de couverture de cette section n\u2019a pas pu être lue." in broken
    inline = render_section_html(
        RenderSection(heading="h", body=f"Texte {MARKER} suite."), NoteNumbering(language="fr")
    )
    assert "coverage" not in inline and "<svg" not in inline
    assert "Texte" in inline and "suite." in inline


def test_pdf_figure_is_a_coloured_table_and_arabic_names_read_in_logical_order() -> None:
    html = document_html(doc("ar", MARKER))
    assert '<table class="coverage-heat"' in html and "<svg" not in html
    assert "background-color: #" in html
    content = render_pdf(doc("ar", MARKER))
    pdf = pypdfium2.PdfDocument(content)
    try:
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    assert "الأردن" in text and "المغرب" in text


def test_docx_figure_is_a_table_without_the_drawing() -> None:
    blocks = section_blocks(
        RenderSection(heading="Overview", body=MARKER), NoteNumbering(language="en")
    )
    rows = [b for b in blocks if b.kind == "row"]
    assert len(rows) == 3  # the header and two Member States
    assert "".join(r.text for r in rows[1].cells[0]) == "Jordan"
    assert "".join(r.text for r in rows[1].cells[6]) == "1 / 2"
    paragraphs = [" ".join(r.text for r in b.runs) for b in blocks if b.kind == "paragraph"]
    assert not any("Jordan" in p for p in paragraphs)  # the SVG labels are not repeated as text
    document = docx.Document(io.BytesIO(render_docx(doc("en", MARKER))))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Morocco" in cells and "0 / 3" in cells
