"""Hostile or broken documents uploaded for analysis: the document page states the problem in
the reader's language, nothing crashes, and no passage is left behind."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hiwar.analysis import services
from hiwar.analysis.models import Document, Passage, PassageTag
from tests.analysis.test_ingest import (
    make_blank_pdf,
    make_password_pdf,
    make_scanned_pdf,
    make_zip,
)

GERMAN = (
    "Die Bundesregierung hat im vergangenen Jahr ein neues Gesetz zur Einwanderung von "
    "Fachkräften verabschiedet. Es erleichtert die Anerkennung ausländischer Abschlüsse und "
    "verkürzt die Verfahren bei den Ausländerbehörden, die nun digital arbeiten und schneller "
    "entscheiden sollen, damit Unternehmen die benötigten Arbeitskräfte finden."
)

BAD_FILES = {
    "encrypted": ("report.pdf", make_password_pdf),
    "ocr_failed": ("scan.pdf", lambda: make_scanned_pdf([(make_blank_pdf(1), 0)], dpi=72)),
    "empty": ("report.txt", lambda: b""),
    "too_many_pages": ("annexes.pdf", lambda: make_blank_pdf(2000)),
    "damaged": ("report.docx", lambda: make_zip({"[Content_Types].xml": b"<Types/>"})),
    "binary": ("report.txt", lambda: bytes(range(256)) * 64),
    "unsupported_language": ("bericht.txt", lambda: GERMAN.encode()),
}


@pytest.mark.parametrize("code", BAD_FILES)
def test_bad_document_fails_with_its_reason_and_leaves_nothing(
    code: str,
    cycle: Any,
    jordan: Any,
    secretariat_user: Any,
    secretariat_client: Client,
    media_root: Any,
) -> None:
    name, make = BAD_FILES[code]
    document = services.upload_document_for_analysis(
        actor=secretariat_user, cycle=cycle, country=jordan,
        uploaded=SimpleUploadedFile(name, make()),
    )  # fmt: skip
    document = services.analyse_document(document_id=document.pk)
    assert (document.status, document.error_code) == ("failed", code)
    assert not Passage.objects.exists()
    assert not PassageTag.objects.exists()
    for language, failed in (
        ("en", "The analysis failed."),
        ("fr", "L’analyse a échoué."),
        ("ar", "تعذّر إجراء التحليل."),
    ):
        html = secretariat_client.get(f"/{language}{document.get_absolute_url()[3:]}").content
        assert failed in html.decode(), language


def test_failed_rerun_keeps_the_passages_of_the_last_good_run(
    cycle: Any, jordan: Any, secretariat_user: Any, media_root: Any
) -> None:
    text = (
        "The Ministry of Labour abolished recruitment fees for migrant domestic workers and "
        "introduced a standard contract fixing wages, weekly rest and the right to keep one's "
        "passport; inspectors visited 1,200 households to check that employers respect it."
    )
    document = services.upload_document_for_analysis(
        actor=secretariat_user, cycle=cycle, country=jordan,
        uploaded=SimpleUploadedFile("report.txt", text.encode()),
    )  # fmt: skip
    services.analyse_document(document_id=document.pk)
    passages = list(Passage.objects.values_list("pk", "text"))
    assert passages
    document.file.open("wb")
    document.file.write(bytes(range(256)) * 64)  # the stored file is damaged afterwards
    document.file.close()
    document = services.analyse_document(document_id=document.pk)
    assert document.error_code == "binary"
    assert list(Passage.objects.values_list("pk", "text")) == passages


def test_an_unexpected_error_is_reported_without_details(
    cycle: Any, jordan: Any, secretariat_user: Any, media_root: Any, monkeypatch: Any
) -> None:
    document = services.upload_document_for_analysis(
        actor=secretariat_user, cycle=cycle, country=jordan,
        uploaded=SimpleUploadedFile("report.md", b"# Title\n\nSome words about migration."),
    )  # fmt: skip

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "get_tagger", broken)
    document = services.analyse_document(document_id=document.pk)
    assert (document.status, document.error_code) == (Document.Status.FAILED, "internal")
    assert not Passage.objects.exists()
