"""Tests for hiwar.analysis.ingest: real files built in the tests (or one committed PDF made by
Chromium, see fixtures/trilingual_report.html); no mocks."""

import ctypes
import io
import shutil
import signal
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest
from django.utils import translation
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from hiwar.analysis.ingest import (
    ERROR_CODES,
    MAX_WORDS,
    Block,
    IngestError,
    IngestResult,
    Passage,
    detect_language,
    ingest_bytes,
    ingest_file_limited,
    ingest_markdown_sections,
    normalize_text,
    sandbox,
    split_passages,
)
from hiwar.analysis.ingest.bidi import logical_line, pair_brackets
from hiwar.analysis.ingest.split import blocks_from_table
from hiwar.analysis.ingest.text import split_sentences
from tests.documents import make_password_pdf as make_protected_pdf

FIXTURES = Path(__file__).parent / "fixtures"
TRILINGUAL_PDF = FIXTURES / "trilingual_report.pdf"
AMIRI_PDF = FIXTURES / "amiri_report.pdf"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract is not installed"
)

EN = (
    "The government adopted a national strategy on labour migration that protects the rights "
    "of migrant workers and their families, in line with the Global Compact. It was prepared "
    "with the trade unions and the employers, who met four times during the year."
)
FR = (
    "Le gouvernement a adopté une stratégie nationale sur la migration de main-d'œuvre qui "
    "protège les droits des travailleurs migrants et de leurs familles. Elle a été préparée "
    "avec les syndicats et les employeurs, qui se sont réunis quatre fois pendant l'année."
)
AR = (
    "اعتمدت الحكومة استراتيجية وطنية بشأن هجرة اليد العاملة تحمي حقوق العمال المهاجرين "
    "وأسرهم، بما يتماشى مع الاتفاق العالمي. وقد أعدت بالتعاون مع النقابات وأصحاب العمل "
    "الذين اجتمعوا أربع مرات خلال العام."
)
DE = (
    "Die Regierung hat eine nationale Strategie zur Arbeitsmigration verabschiedet, die die "
    "Rechte der Wanderarbeitnehmer und ihrer Familien im Einklang mit dem Globalen Pakt schützt. "
    "Sie wurde mit den Gewerkschaften und den Arbeitgebern vorbereitet, die sich im Laufe des "
    "Jahres viermal getroffen haben."
)


# --- Building real files ---------------------------------------------------------------------


def make_text_pdf(pages: list[list[tuple[str, int, int, int]]]) -> bytes:
    """A PDF written by PDFium: each line is (text, font size, x, y) in Helvetica.

    PDFium can only write Latin text with its standard fonts; Arabic is in the Chromium fixture.
    """
    document = pypdfium2.PdfDocument.new()
    try:
        font = pdfium_raw.FPDFText_LoadStandardFont(document.raw, b"Helvetica")
        for lines in pages:
            page = document.new_page(595, 842)
            for text, size, x, y in lines:
                text_object = pdfium_raw.FPDFPageObj_CreateTextObj(document.raw, font, size)
                wide = ctypes.create_string_buffer(text.encode("utf-16-le") + b"\0\0")
                pdfium_raw.FPDFText_SetText(
                    text_object, ctypes.cast(wide, ctypes.POINTER(pdfium_raw.FPDF_WCHAR))
                )
                pdfium_raw.FPDFPageObj_Transform(text_object, 1, 0, 0, 1, x, y)
                pdfium_raw.FPDFPage_InsertObject(page.raw, text_object)
            pdfium_raw.FPDFPage_GenerateContent(page.raw)
            page.close()
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        document.close()
    return buffer.getvalue()


def make_scanned_pdf(pages: list[tuple[bytes, int]], dpi: int = 200) -> bytes:
    """An image-only PDF: each (pdf, page index) is rendered to a bitmap and pasted as an image."""
    scanned = pypdfium2.PdfDocument.new()
    try:
        for data, index in pages:
            source = pypdfium2.PdfDocument(data)
            try:
                page = source[index]
                width, height = page.get_size()
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                new_page = scanned.new_page(width, height)
                image = pypdfium2.PdfImage.new(scanned)
                image.set_bitmap(bitmap)
                image.set_matrix(pypdfium2.PdfMatrix().scale(width, height))
                new_page.insert_obj(image)
                new_page.gen_content()
            finally:
                source.close()
        buffer = io.BytesIO()
        scanned.save(buffer)
    finally:
        scanned.close()
    return buffer.getvalue()


def make_blank_pdf(pages: int) -> bytes:
    document = pypdfium2.PdfDocument.new()
    try:
        for _ in range(pages):
            document.new_page(595, 842)
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        document.close()
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_password_pdf() -> bytes:
    """A one-page PDF that needs the password "secret" to open."""
    return make_protected_pdf("secret", "owner")


def ingest_error(data: bytes, filename: str, **kwargs: Any) -> str:
    """The code ingest_bytes refuses the data with."""
    with pytest.raises(IngestError) as caught:
        ingest_bytes(data, filename, **kwargs)
    return caught.value.code


def words(count: int, word: str = "migration") -> str:
    return " ".join([word] * count)


# --- Normalization ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("\ufefb", "\u0644\u0627"),  # lam-alef ligature ﻻ → لا
        ("\ufe8d\ufedf\ufeec\ufea0\ufeae\ufe93", "الهجرة"),  # presentation forms
        ("\u202bالهجرة\u202c \u200fوالتنمية\u200e", "الهجرة والتنمية"),
        ("\u2067مرحلة\u2069 \u061cأولى", "مرحلة أولى"),
        ("zero\u200bwidth\ufeff text", "zerowidth text"),
        ("\ufb01nancing of \uff2d\uff29\uff27", "financing of MIG"),  # ﬁ ligature, full-width
        ("labour  \t migra-\ntion", "labour migration"),
        ("Franco-\nMoroccan COVID-\n19", "Franco-Moroccan COVID-19"),
        ("self\u00ad\nreliance", "selfreliance"),
        ("\u0627\u0644\u0640\u0640\u0640\u062a\u0646\u0645\u064a\u0640\u0640\u0629", "التنمية"),
        ("1445 \u0647\u0640\u0640 and", "1445 \u0647\u0640 and"),  # the abbreviation هـ stays
        ("\u200cمی\u200cخواهم\u200d ", "می\u200cخواهم"),  # ZWNJ kept inside, dropped at ends
        ("a\u00a0b\r\nc\u2028d", "a b c d"),
        ("bell\x07 and private \ue000 use", "bell and private use"),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, normalized: str) -> None:
    assert normalize_text(raw) == normalized


def test_normalize_text_is_idempotent() -> None:
    for text in (EN, FR, AR, "\ufefb \u202bx\u202c migra-\ntion"):
        once = normalize_text(text)
        assert normalize_text(once) == once


# --- Language detection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (EN, "en"),
        (FR, "fr"),
        (AR, "ar"),
        (
            "Les pouvoirs publics ont lancé un programme d'aide au retour volontaire et à la "
            "réintégration durable des migrants, en lien avec l'OIM et les communes d'origine.",
            "fr",
        ),
        (
            "Remittances reached a record level this year, and transfer costs fell because "
            "mobile operators may now offer international transfers to rural families.",
            "en",
        ),
        (
            "وتعمل الوزارة على تطوير نظام معلومات وطني حول الهجرة يربط بين قواعد البيانات "
            "الإدارية ونتائج المسوح الأسرية، وذلك لتوفير بيانات موثوقة ومصنفة حسب الجنس والعمر.",
            "ar",
        ),
        (
            # Arabic with Latin names and numbers inside is still Arabic.
            "وقعت الحكومة في عام 2024 اتفاقاً مع المنظمة الدولية للهجرة (IOM) ومنظمة العمل "
            "الدولية (ILO) لدعم إعادة إدماج العائدين في المحافظات الجنوبية.",
            "ar",
        ),
        (DE, "other"),
        (
            "El gobierno adoptó una estrategia nacional sobre la migración laboral que protege "
            "los derechos de los trabajadores migrantes y sus familias, de acuerdo con el Pacto.",
            "other",
        ),
        (
            "Hükümet, Küresel Mutabakat ile uyumlu olarak göçmen işçilerin ve ailelerinin "
            "haklarını koruyan ulusal bir işgücü göçü stratejisi kabul etti ve bir eylem planı "
            "hazırladı.",
            "other",
        ),
        (
            "Il governo ha adottato una strategia nazionale sulla migrazione per lavoro che "
            "tutela i diritti dei lavoratori migranti e delle loro famiglie, in linea con il Patto.",
            "other",
        ),
        (
            "O governo adotou uma estratégia nacional sobre a migração laboral que protege os "
            "direitos dos trabalhadores migrantes e das suas famílias, em conformidade com o Pacto.",
            "other",
        ),
        (
            # Persian, in Arabic script: "other".
            "دولت یک راهبرد ملی در مورد مهاجرت نیروی کار تصویب کرد که از حقوق کارگران مهاجر و "
            "خانواده‌های آنها مطابق با پیمان جهانی حمایت می‌کند.",
            "other",
        ),
        (
            # Urdu.
            "حکومت نے مزدوروں کی ہجرت کے بارے میں ایک قومی حکمت عملی اپنائی ہے جو تارکین وطن "
            "مزدوروں اور ان کے خاندانوں کے حقوق کا تحفظ کرتی ہے۔",
            "other",
        ),
        ("Правительство приняло национальную стратегию трудовой миграции.", "other"),
        ("Migration and development", "en"),
        ("Introduction", "other"),  # no evidence
        ("2023 2024 15 %", "other"),
        ("", "other"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


# --- Sentences and splitting -----------------------------------------------------------------


def test_split_sentences_keeps_abbreviations_and_list_numbers() -> None:
    text = (
        "1. The plan covers e.g. health and education. Mr. Haddad chaired it! Was it enough? "
        "هل كانت الخطة كافية؟ نعم. Suite en français."
    )
    assert split_sentences(text) == [
        "1. The plan covers e.g. health and education.",
        "Mr. Haddad chaired it!",
        "Was it enough?",
        "هل كانت الخطة كافية؟",
        "نعم.",
        "Suite en français.",
    ]


def test_short_paragraphs_are_merged_within_section_and_page() -> None:
    blocks = [
        Block("heading", "1. Labour migration", 1, 1),
        Block("paragraph", "First short paragraph about recruitment fees.", 1),
        Block("paragraph", "Second short paragraph about inspections.", 1),
        Block("paragraph", words(45, "agencies"), 1),
        Block("paragraph", "A paragraph on the next page. " + words(40, "workers"), 2),
        Block("heading", "2. Remittances", 2, 1),
        Block("paragraph", "Transfer costs fell.", 2),
    ]

    passages = split_passages(blocks)

    assert [(p.position, p.page, p.section) for p in passages] == [
        (0, 1, "1. Labour migration"),
        (1, 2, "1. Labour migration"),
        (2, 2, "2. Remittances"),
    ]
    assert passages[0].text.startswith(
        "First short paragraph about recruitment fees. Second short paragraph"
    )
    assert passages[0].text.endswith("agencies")
    # Short text at the end of a section is kept, never merged across the heading.
    assert passages[2].text == "Transfer costs fell."


def test_short_paragraphs_in_different_scripts_stay_apart() -> None:
    blocks = [
        Block("paragraph", "ملخص: اعتمدت الحكومة خطة وطنية.", None),
        Block("paragraph", "Summary: the government adopted a national plan.", None),
    ]
    assert [p.language for p in split_passages(blocks)] == ["ar", "en"]


def test_short_tail_joins_the_passage_before_it() -> None:
    blocks = [
        Block("paragraph", "The strategy was adopted. " + words(60, "measures"), None),
        Block("paragraph", "It will be reviewed in 2027.", None),
    ]
    passages = split_passages(blocks)
    assert len(passages) == 1
    assert passages[0].text.endswith("measures It will be reviewed in 2027.")


def test_long_paragraph_is_split_at_sentence_ends() -> None:
    sentence = "The ministry of labour inspected the recruitment agencies in every province."
    paragraph = " ".join([sentence] * 60)  # 660 words
    passages = split_passages([Block("paragraph", paragraph, 3)])

    assert len(passages) == 3
    for passage in passages:
        assert 40 <= len(passage.text.split()) <= MAX_WORDS
        assert passage.text.startswith("The ministry")
        assert passage.text.endswith("province.")
        assert passage.page == 3
    assert " ".join(passage.text for passage in passages) == paragraph


def test_long_arabic_paragraph_is_split_at_arabic_sentence_ends() -> None:
    question = "هل وفرت الحكومة الحماية اللازمة للعمال المهاجرين في جميع المحافظات الحدودية؟"
    answer = "نعم، فقد أنشأت الوزارة مكاتب للتفتيش في كل محافظة وخصصت لها موارد كافية."
    paragraph = " ".join([question, answer] * 25)  # 575 words
    passages = split_passages([Block("paragraph", paragraph, None)])

    assert len(passages) == 3
    for passage in passages:
        assert len(passage.text.split()) <= MAX_WORDS
        assert passage.text.endswith(("؟", "."))
        assert passage.language == "ar"


def test_a_sentence_too_long_is_cut_between_words() -> None:
    passages = split_passages([Block("paragraph", words(600, "data"), None)])
    assert [len(p.text.split()) for p in passages] == [200, 200, 200]


def test_table_rows_stay_rows_with_their_header() -> None:
    table = [
        ["Objective", "Measure", "Status"],
        ["6", "Licensing of recruitment agencies", "Done"],
        ["", "", ""],
        ["21", "Reintegration grants", ""],
    ]
    blocks = [
        Block("heading", "Annex: measures", None, 1),
        Block("paragraph", "Short lead-in.", None),
        *blocks_from_table(table, None),
        Block("paragraph", "Short closing note.", None),
    ]
    passages = split_passages(blocks)

    assert [(p.text, p.is_table_row, p.section) for p in passages] == [
        ("Short lead-in.", False, "Annex: measures"),
        (
            "Objective: 6; Measure: Licensing of recruitment agencies; Status: Done",
            True,
            "Annex: measures",
        ),
        ("Objective: 21; Measure: Reintegration grants", True, "Annex: measures"),
        ("Short closing note.", False, "Annex: measures"),
    ]


def test_single_column_table_is_prose() -> None:
    assert blocks_from_table([["A boxed paragraph."], ["Another one."]], 2) == [
        Block("paragraph", "A boxed paragraph.", 2),
        Block("paragraph", "Another one.", 2),
    ]


def test_short_passages_take_the_language_of_the_document() -> None:
    blocks = [
        Block("paragraph", FR, None),
        Block("heading", "Annexe", None, 1),
        Block("paragraph", "Données 2023", None),  # too short to tell on its own
    ]
    passages = split_passages(blocks)
    assert [p.language for p in passages] == ["fr", "fr"]


def test_splitting_is_deterministic() -> None:
    blocks = [Block("paragraph", " ".join([EN, FR, AR] * 9), None)]
    assert split_passages(blocks) == split_passages(list(blocks))


# --- PDF -------------------------------------------------------------------------------------


def test_trilingual_pdf() -> None:
    progress: list[tuple[str, float]] = []
    result = ingest_bytes(
        TRILINGUAL_PDF.read_bytes(),
        "national-review.pdf",
        progress=lambda stage, fraction: progress.append((stage, fraction)),
    )

    assert result.page_count == 4
    assert result.ocr_pages == 0
    assert result.language == "en"
    sections = [(p.page, p.section, p.language) for p in result.passages]
    assert sections == [
        (1, "1. Introduction", "en"),
        (1, "2. Labour migration", "en"),
        (1, "2. Labour migration", "en"),
        (2, "2. Labour migration", "en"),
        (2, "3. Data and evidence", "en"),
        (3, "4. Protection des migrants en situation de vulnérabilité", "fr"),
        (3, "4. Protection des migrants en situation de vulnérabilité", "fr"),
        (4, "خامساً: الإدماج الاجتماعي للمهاجرين", "ar"),
        (4, "خامساً: الإدماج الاجتماعي للمهاجرين", "ar"),
    ]
    texts = [p.text for p in result.passages]
    # The running header and the page numbers are gone.
    assert not any("Voluntary national review" in text for text in texts)
    assert not any(text.endswith((" 1", " 2", " 3", " 4")) for text in texts)
    # The paragraph cut by the page break is whole again, on the page where it starts.
    assert texts[2] == (
        "To reduce the recruitment fees paid by workers, the ministry has introduced a "
        "licensing system for private recruitment agencies, with inspections and public lists "
        "of agencies whose licence was withdrawn. Complaints can now be filed online in four "
        "languages, and a free hotline answers workers every day of the week."
    )
    # Arabic comes out in logical order, even where PDFium gives words reversed or splits a
    # line in two, with Latin words, numbers and brackets the right way round.
    assert texts[7] == (
        "اعتمدت الحكومة خطة وطنية للإدماج الاجتماعي تهدف إلى تمكين المهاجرين من الحصول على "
        "الخدمات الصحية والتعليمية على قدم المساواة مع المواطنين. وقد شاركت في إعداد هذه الخطة "
        "وزارات الصحة والتعليم والعمل، إلى جانب منظمات المجتمع المدني والسلطات المحلية في "
        "المحافظات الحدودية."
    )
    assert texts[8] == (
        "كما أطلقت وزارة الداخلية برنامجاً لتسوية أوضاع العمال المهاجرين الذين فقدوا وضعهم "
        "القانوني بسبب تغيير صاحب العمل، ويستفيد من هذا البرنامج أكثر من عشرين ألف عامل وعاملة "
        "حتى الآن. ووقعت الوزارة في عام 2024 اتفاقاً مع المنظمة الدولية للهجرة (IOM) لتمويل 15 "
        "مشروعاً بقيمة 3.5 مليون دولار."
    )
    assert [stage for stage, _ in progress] == ["extracting"] * 5 + ["splitting"] * 2
    assert [fraction for stage, fraction in progress if stage == "extracting"] == [
        0.0,
        0.25,
        0.5,
        0.75,
        1.0,
    ]


def test_arabic_pdf_set_in_a_font_that_stacks_letters() -> None:
    """Amiri stacks letters (المحور) and draws tanween apart; "2023." sits alone on a line and
    a bracket pair is split over two lines."""
    result = ingest_bytes(AMIRI_PDF.read_bytes(), "review.pdf")

    assert [(p.section, p.language) for p in result.passages] == [
        ("المحور 1: حماية المهاجرين", "ar")
    ]
    assert result.passages[0].text == (
        "أطلقت الحكومة برنامجاً وطنياً لحماية العمال المهاجرين، وارتفعت التحويلات المالية إلى "
        "مستوى قياسي بنسبة 12%. وشاركت منظمات المجتمع المدني (مثل الهلال الأحمر) في المشاورات "
        "الوطنية. وقامت وزارة العمل بتفتيش مكاتب الاستقدام في جميع المحافظات بالتعاون مع منظمات "
        "المجتمع المدني (مثل الهلال الأحمر) منذ عام 2023."
    )


def test_logical_order_from_glyph_positions() -> None:
    """Glyphs as (char, left, right) in PDFium's order: "في عام 2024 (IOM)" drawn right to
    left, with the first word given reversed and the second in logical order."""
    glyphs = [
        ("ي", 90, 95),  # في, reversed: left to right
        ("ف", 95, 100),
        (" ", 86, 87),
        ("ع", 80, 85),  # عام, in logical order: right to left
        ("ا", 77, 80),
        ("م", 72, 77),
        (" ", 68, 69),
        ("2", 50, 54),  # numbers run left to right
        ("0", 54, 58),
        ("2", 58, 62),
        ("4", 62, 66),
        (" ", 46, 47),
        (")", 41, 44),  # the mirrored "(" maps to ")"
        ("I", 25, 28),
        ("O", 28, 34),
        ("M", 34, 41),
        (")", 21, 24),
    ]
    assert logical_line(glyphs, 10.0) == "في عام 2024 (IOM)"


@pytest.mark.parametrize(
    ("text", "alternate", "paired"),
    [
        ("(مثل) و(أ)", False, "(مثل) و(أ)"),
        (")مثل( و(أ)", False, "(مثل) و(أ)"),
        ("))مثل((", False, "((مثل))"),
        (")IOM)", True, "(IOM)"),
        (")IOM)", False, ")IOM)"),
    ],
)
def test_pair_brackets(text: str, alternate: bool, paired: str) -> None:
    assert pair_brackets(text, alternate=alternate) == paired


def test_pdf_ingest_is_deterministic() -> None:
    data = TRILINGUAL_PDF.read_bytes()
    assert ingest_bytes(data, "a.pdf") == ingest_bytes(data, "b.pdf")


def test_generated_pdf_headings_pages_and_footers() -> None:
    body = (
        "The national committee met every month to follow the implementation of the "
        "action plan and to"
    )
    pages = []
    for number in (1, 2, 3):
        lines = [("Examplia national review 2025", 9, 72, 800)]
        if number == 1:
            lines.append(("Objective 6 .................... 1", 10, 72, 770))  # contents
            lines.append(("Objective 6: Ethical recruitment", 18, 72, 740))
        lines += [(body, 10, 72, 700 - 13 * row) for row in range(6)]
        lines.append(("review the progress made.", 10, 72, 622))
        lines.append((f"Page {number} of 3", 9, 270, 40))
        pages.append(lines)

    result = ingest_bytes(make_text_pdf(pages), "review.pdf")

    assert [(p.page, p.section) for p in result.passages] == [
        (1, "Objective 6: Ethical recruitment"),
        (2, "Objective 6: Ethical recruitment"),
        (3, "Objective 6: Ethical recruitment"),
    ]
    assert all(p.text.endswith("review the progress made.") for p in result.passages)
    assert not any("Examplia" in p.text or "Page" in p.text for p in result.passages)
    assert not any("...." in p.text for p in result.passages)


def test_encrypted_pdf() -> None:
    data = make_password_pdf()
    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(data)  # really protected
    assert ingest_error(data, "review.pdf") == "encrypted"


@pytest.mark.parametrize(
    "data",
    [
        make_blank_pdf(1)[:200],
        b"%PDF-1.7\n" + b"\x00garbage" * 100,
        b"<html><body>Not a PDF</body></html>",
    ],
    ids=["truncated", "garbage", "not-a-pdf"],
)
def test_damaged_pdf(data: bytes) -> None:
    assert ingest_error(data, "review.pdf") == "damaged"


def test_too_many_pages_is_refused_before_reading() -> None:
    data = make_blank_pdf(2000)
    started = time.monotonic()
    assert ingest_error(data, "review.pdf", max_pages=1500) == "too_many_pages"
    assert time.monotonic() - started < 2


def test_pdf_without_text_or_images() -> None:
    assert ingest_error(make_blank_pdf(2), "review.pdf") == "no_text"


@pytest.fixture(scope="module")
def scanned_english_pdf() -> bytes:
    lines = [
        "Objective 6: fair and ethical recruitment",
        "The Ministry of Labour inspected all private recruitment",
        "agencies in the reporting period and withdrew the licences",
        "of twelve agencies that charged fees to migrant workers.",
        "Workers can now file complaints online in four languages.",
    ]
    source = make_text_pdf([[(line, 16, 60, 760 - 30 * row) for row, line in enumerate(lines)]])
    return make_scanned_pdf([(source, 0)])


def test_scanned_pdf_without_ocr_has_no_text(scanned_english_pdf: bytes) -> None:
    assert ingest_error(scanned_english_pdf, "scan.pdf", ocr=False) == "no_text"


@needs_tesseract
def test_scanned_pdf_is_read_by_ocr(scanned_english_pdf: bytes) -> None:
    progress: list[tuple[str, float]] = []
    result = ingest_bytes(
        scanned_english_pdf,
        "scan.pdf",
        progress=lambda stage, fraction: progress.append((stage, fraction)),
    )

    assert result.ocr_pages == 1
    assert result.page_count == 1
    assert result.language == "en"
    text = " ".join(p.text for p in result.passages)
    assert "withdrew the licences" in text
    assert "complaints online" in text
    assert all(p.ocr and p.page == 1 for p in result.passages)
    assert ("ocr", 1.0) in progress


@needs_tesseract
def test_scanned_arabic_page_is_read_by_ocr() -> None:
    scan = make_scanned_pdf([(TRILINGUAL_PDF.read_bytes(), 3)])
    result = ingest_bytes(scan, "scan.pdf")

    assert result.language == "ar"
    arabic = [p for p in result.passages if p.language == "ar"]
    assert arabic[0].section.endswith("الإدماج الاجتماعي للمهاجرين")
    text = " ".join(p.text for p in arabic)
    assert "خطة وطنية للإدماج الاجتماعي" in text
    assert "أوضاع العمال المهاجرين" in text


@needs_tesseract
def test_ocr_that_reads_nothing_fails() -> None:
    blank = make_scanned_pdf([(make_blank_pdf(1), 0)], dpi=72)
    assert ingest_error(blank, "scan.pdf") == "ocr_failed"


# --- DOCX ------------------------------------------------------------------------------------


def test_docx_with_headings_and_a_table() -> None:
    document = docx.Document()
    toc = document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Objective 6 ........ 2", style=toc)
    document.add_heading("Objective 6: Ethical recruitment", level=1)
    document.add_paragraph(EN)
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate(
        [
            ["Measure", "Lead agency", "Status"],
            ["Licensing of agencies", "Ministry of Labour", "Done"],
            ["Online complaints", "Labour inspection", "In progress"],
        ]
    ):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_paragraph("Both measures were funded by the national budget.")
    french_heading = document.styles.add_style("Titre 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Objectif 21 : Retour et réintégration", style=french_heading)
    document.add_paragraph(FR)
    outlined = document.add_paragraph("الهدف 23: التعاون الدولي")
    outline_level = OxmlElement("w:outlineLvl")
    outline_level.set(qn("w:val"), "0")
    outlined._p.get_or_add_pPr().append(outline_level)
    document.add_paragraph(AR)

    result = ingest_bytes(docx_bytes(document), "input.docx")

    assert [(p.section, p.is_table_row, p.language) for p in result.passages] == [
        ("Objective 6: Ethical recruitment", False, "en"),
        ("Objective 6: Ethical recruitment", True, "en"),
        ("Objective 6: Ethical recruitment", True, "en"),
        ("Objective 6: Ethical recruitment", False, "en"),
        ("Objectif 21 : Retour et réintégration", False, "fr"),
        ("الهدف 23: التعاون الدولي", False, "ar"),
    ]
    assert result.passages[0].text == EN
    assert result.passages[1].text == (
        "Measure: Licensing of agencies; Lead agency: Ministry of Labour; Status: Done"
    )
    assert result.page_count is None
    assert all(p.page is None for p in result.passages)
    assert not any("......" in p.text for p in result.passages)


_CONTENT_TYPES_XML = (
    b'<?xml version="1.0"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (make_zip({"[Content_Types].xml": _CONTENT_TYPES_XML, "word/x.xml": b"<x/>"}), "damaged"),
        (docx_bytes(docx.Document())[:3000], "damaged"),
        (
            make_zip({"[Content_Types].xml": _CONTENT_TYPES_XML, "word/document.xml": b"<w:doc"}),
            "damaged",
        ),
        (make_blank_pdf(1), "damaged"),
        (
            make_zip(
                {
                    "[Content_Types].xml": _CONTENT_TYPES_XML,
                    "word/document.xml": b"0" * (20 * 1024 * 1024),
                }
            ),
            "too_large",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") * 10,
            "encrypted",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "unsupported_format"),
    ],
    ids=[
        "no-document-xml",
        "truncated",
        "bad-xml",
        "pdf-as-docx",
        "zip-bomb",
        "encrypted",
        "old-doc",
    ],
)
def test_bad_docx(data: bytes, code: str) -> None:
    assert ingest_error(data, "input.docx") == code


# --- Text, Markdown, HTML --------------------------------------------------------------------


def test_plain_text_with_headings() -> None:
    text = f"1. Labour migration\n\n{EN}\n\n2. Données\n\n{FR}\n"
    result = ingest_bytes(text.encode("utf-8"), "notes.txt")
    assert [(p.section, p.language, p.text) for p in result.passages] == [
        ("1. Labour migration", "en", EN),
        ("2. Données", "fr", FR),
    ]


@pytest.mark.parametrize(
    "encoded",
    [
        AR.encode("utf-8"),
        b"\xef\xbb\xbf" + AR.encode("utf-8"),
        AR.encode("utf-16"),  # with its BOM
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom"],
)
def test_text_encodings(encoded: bytes) -> None:
    assert ingest_bytes(encoded, "notes.txt").passages[0].text == AR


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 20,
        b"MZ\x90\x00" + b"\x00" * 500,
        FR.encode("cp1252"),  # not UTF-8
        AR.encode("utf-16-le"),  # UTF-16 without a BOM
        make_blank_pdf(1),
    ],
    ids=["junk", "executable", "cp1252", "utf-16-no-bom", "pdf"],
)
def test_binary_or_undecodable_text_is_refused(data: bytes) -> None:
    assert ingest_error(data, "notes.txt") == "binary"


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n ", b"\xef\xbb\xbf  \n"])
@pytest.mark.parametrize("filename", ["report.pdf", "report.docx", "notes.txt", "page.html"])
def test_empty_file(data: bytes, filename: str) -> None:
    assert ingest_error(data, filename) == "empty"


@pytest.mark.parametrize("filename", ["report.doc", "report.odt", "report", "report.pdf.exe"])
def test_unsupported_format(filename: str) -> None:
    assert ingest_error(EN.encode(), filename) == "unsupported_format"


def test_markdown() -> None:
    markdown = (
        "# National report\n\n"
        "Some **bold** and _emphasised_ text with [a link](https://example.org).\n\n"
        "- first item of the list\n- second item\n\n"
        "## Remittances\n\n"
        "| Year | Amount |\n|------|--------|\n| 2024 | 1.2 bn |\n"
    )
    result = ingest_bytes(markdown.encode(), "report.md")
    assert [(p.section, p.text, p.is_table_row) for p in result.passages] == [
        (
            "National report",
            "Some bold and emphasised text with a link. first item of the list second item",
            False,
        ),
        ("Remittances", "Year: 2024; Amount: 1.2 bn", True),
    ]


def test_html_drops_scripts_styles_and_navigation() -> None:
    html = f"""<!DOCTYPE html><html><head><title>Report</title>
    <style>p {{ color: red }}</style><script>var secret = "do not read";</script></head>
    <body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
    <h1>Objective 6</h1><div>{EN}<br><br>Second part of the div.</div>
    <noscript>Enable JavaScript</noscript>
    <h2>Indicators</h2>
    <table><tr><th>Indicator</th><th colspan="2">Value</th></tr>
    <tr><td>Agencies inspected</td><td>120</td><td>2024</td></tr></table>
    <script>document.write("hidden")</script></body></html>"""
    result = ingest_bytes(html.encode(), "page.html")

    assert [(p.section, p.text) for p in result.passages] == [
        ("Objective 6", f"{EN} Second part of the div."),
        ("Indicators", "Indicator: Agencies inspected; Value: 120; Value: 2024"),
    ]
    text = " ".join(p.text for p in result.passages)
    for hidden in ("secret", "Home", "color", "JavaScript", "hidden"):
        assert hidden not in text


def test_markup_without_text() -> None:
    assert ingest_error(b"<html><body><script>x()</script></body></html>", "a.htm") == "no_text"


def test_editor_sections() -> None:
    result = ingest_markdown_sections(
        [
            (
                "Objective 1: Data",
                f"{EN}\n\n### Surveys\n\nThe *labour force survey* has a module.",
            ),
            ("Objective 2", ""),
            ("Objectif 3", FR),
        ]
    )
    assert [(p.section, p.language, p.page) for p in result.passages] == [
        ("Objective 1: Data", "en", None),
        ("Surveys", "en", None),
        ("Objectif 3", "fr", None),
    ]
    assert result.passages[1].text == "The labour force survey has a module."
    assert result.page_count is None
    assert result.word_count == sum(len(p.text.split()) for p in result.passages)


def test_editor_sections_without_text() -> None:
    with pytest.raises(IngestError) as caught:
        ingest_markdown_sections([("Objective 1", "  "), ("", "")])
    assert caught.value.code == "empty"


# --- Languages of a document -----------------------------------------------------------------


def test_document_in_another_language_is_refused() -> None:
    assert ingest_error(f"{DE}\n\n{DE}".encode(), "bericht.txt") == "unsupported_language"


def test_short_document_is_never_refused_for_its_language() -> None:
    assert ingest_bytes(b"Die Regierung hat eine Strategie.", "kurz.txt").language == "other"


def test_mixed_document_keeps_its_other_language_passages() -> None:
    text = f"{DE}\n\n{EN}\n\n{DE}"
    result = ingest_bytes(text.encode(), "mixed.txt")
    assert [p.language for p in result.passages] == ["other", "en", "other"]
    assert result.language == "other"  # most words are German


# --- Errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_error_has_a_message(language: str) -> None:
    with translation.override(language):
        messages = {code: str(IngestError(code).message) for code in ERROR_CODES}
    assert all(message.strip() for message in messages.values())
    assert len(set(messages.values())) == len(ERROR_CODES)


def test_bad_ocr_languages_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Tesseract languages"):
        ingest_bytes(EN.encode(), "notes.txt", ocr_languages="ara; rm -rf /")


def test_unknown_error_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown ingest error code"):
        IngestError("nope")


# --- In a limited child process --------------------------------------------------------------


def test_limited_ingest_matches_in_process_ingest(tmp_path: Path) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(TRILINGUAL_PDF.read_bytes())
    progress: list[tuple[str, float]] = []

    result = ingest_file_limited(
        path,
        "national-review.pdf",
        progress=lambda stage, fraction: progress.append((stage, fraction)),
    )

    assert isinstance(result, IngestResult)
    assert all(isinstance(passage, Passage) for passage in result.passages)
    assert result == ingest_bytes(TRILINGUAL_PDF.read_bytes(), "national-review.pdf")
    assert progress[0] == ("extracting", 0.0)
    assert progress[-1] == ("splitting", 1.0)


def test_limited_ingest_passes_error_codes_on(tmp_path: Path) -> None:
    path = tmp_path / "upload.bin"
    path.write_bytes(make_password_pdf())
    with pytest.raises(IngestError) as caught:
        ingest_file_limited(path, "review.pdf")
    assert caught.value.code == "encrypted"
    assert str(caught.value.message).strip()


@pytest.fixture
def large_text(tmp_path: Path) -> Path:
    """About 30 MB of English text: seconds of work and more memory than a small limit."""
    path = tmp_path / "large.txt"
    path.write_bytes(f"{EN}\n\n".encode() * 120_000)
    return path


def test_limited_ingest_times_out(large_text: Path) -> None:
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        ingest_file_limited(large_text, "large.txt", max_seconds=0.5)
    assert caught.value.code == "timeout"
    assert time.monotonic() - started < 5  # killed, not waited for


def test_limited_ingest_runs_out_of_memory(large_text: Path) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_file_limited(large_text, "large.txt", max_memory_mb=100)
    assert caught.value.code == "too_much_memory"


def test_limited_ingest_refuses_a_file_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MAX_INPUT_BYTES", 100)
    path = tmp_path / "notes.txt"
    path.write_bytes(EN.encode())
    with pytest.raises(IngestError) as caught:
        ingest_file_limited(path, "notes.txt")
    assert caught.value.code == "too_large"


@pytest.mark.parametrize(
    ("returncode", "stderr", "code"),
    [
        (-signal.SIGXCPU, b"", "timeout"),
        (3, b"", "too_much_memory"),
        (1, b"Traceback (most recent call last):\nMemoryError\n", "too_much_memory"),
        (-signal.SIGKILL, b"", "too_much_memory"),
        (-signal.SIGSEGV, b"", "too_much_memory"),
    ],
)
def test_how_a_dead_worker_is_explained(returncode: int, stderr: bytes, code: str) -> None:
    with pytest.raises(IngestError) as caught:
        sandbox._outcome([], returncode, stderr)
    assert caught.value.code == code


def test_a_worker_that_fails_otherwise_is_a_bug() -> None:
    with pytest.raises(RuntimeError, match="ImportError"):
        sandbox._outcome([], 1, b"ImportError: no module named hiwar")
