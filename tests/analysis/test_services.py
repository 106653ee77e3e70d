"""Documents through the engine: queued on submission, analysed, re-run idempotently, and the
rapporteurs' decisions kept."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from hiwar.analysis import services
from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.analysis.selectors import coverage_by_country_and_objective
from hiwar.framework.models import GuidingPrinciple, Objective
from hiwar.reviews.services import ReviewError
from hiwar.reviews.services import reports as report_services
from tests.analysis.conftest import LABOUR, REMITTANCES, SCHOOLS, analysed
from tests.reviews.conftest import submit


def test_submitting_a_report_queues_its_analysis(
    report: Any, focal_point: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = submit(report, focal_point, {"policy_environment": LABOUR})
    document = Document.objects.get(version=version)
    assert document.source == Document.Source.REPORT
    assert document.country == report.country
    assert document.status == Document.Status.DONE  # the immediate task backend ran it
    assert document.progress == 100
    assert document.language == "en"
    assert document.passages.count() >= 1


def test_analysis_keeps_sections_and_suggests_the_right_objectives(analysed_report: Any) -> None:
    passages = list(analysed_report.passages.order_by("position"))
    labour = next(p for p in passages if "recruitment fees" in p.text)
    remittances = next(p for p in passages if "mobile money" in p.text)
    policy = analysed_report.version.sections.get(section__key="policy_environment").section
    assert labour.section == policy.title_en
    assert labour.position < remittances.position
    assert len(labour.objective_scores) == 23
    assert len(labour.principle_scores) == 10
    suggested = set(
        labour.tags.filter(objective__isnull=False).values_list("objective__number", flat=True)
    )
    assert 6 in suggested
    assert labour.tags.get(objective__number=6).evidence["terms"]
    assert remittances.tags.filter(objective__number=20).exists()
    assert labour.embedding is not None and len(bytes(labour.embedding)) == 512 * 2
    assert analysed_report.model_fingerprint


def test_rerunning_is_idempotent_and_keeps_human_decisions(
    analysed_report: Document, rapporteur: Any, monkeypatch: Any
) -> None:
    before = list(analysed_report.passages.order_by("position").values_list("pk", "text_hash"))
    labour = analysed_report.passages.get(text__contains="recruitment fees")
    confirmed = labour.tags.get(objective__number=6)
    services.decide_tag(actor=rapporteur, tag=confirmed, status=PassageTag.Status.CONFIRMED)
    other = labour.tags.exclude(pk=confirmed.pk).filter(objective__isnull=False).first()
    rejected = other or services.add_tag(
        actor=rapporteur, passage=labour, objective=Objective.objects.get(number=14)
    )
    services.decide_tag(actor=rapporteur, tag=rejected, status=PassageTag.Status.REJECTED)
    added = services.add_tag(
        actor=rapporteur, passage=labour, principle=GuidingPrinciple.objects.get(letter="f")
    )
    tag_count = PassageTag.objects.filter(passage__document=analysed_report).count()

    embedded: list[int] = []
    real_embed = services.embed
    monkeypatch.setattr(
        services, "embed", lambda texts: embedded.append(len(texts)) or real_embed(texts)
    )
    services.analyse_document(document_id=analysed_report.pk)
    services.analyse_document(document_id=analysed_report.pk)
    assert embedded == [], "unchanged passages reuse their stored embeddings"

    after = list(analysed_report.passages.order_by("position").values_list("pk", "text_hash"))
    assert after == before
    assert PassageTag.objects.filter(passage__document=analysed_report).count() == tag_count
    for tag, status in (
        (confirmed, PassageTag.Status.CONFIRMED),
        (rejected, PassageTag.Status.REJECTED),
        (added, PassageTag.Status.CONFIRMED),
    ):
        tag.refresh_from_db()
        assert tag.status == status
        assert tag.decided_by == rapporteur


def test_a_new_version_replaces_the_old_documents_in_coverage(
    report: Any, focal_point: Any
) -> None:
    first = analysed(report, focal_point, {"policy_environment": LABOUR})
    report_services.reopen_report(actor=focal_point, report=report)
    second = analysed(report, focal_point, {"policy_environment": SCHOOLS})
    first.refresh_from_db()
    assert not first.is_current
    assert second.is_current
    assert second.passages.filter(text__contains="enrol in public schools").exists()


def test_passage_gone_from_the_text_is_kept_only_if_a_person_decided_on_it(
    analysed_report: Document, rapporteur: Any
) -> None:
    labour = analysed_report.passages.get(text__contains="recruitment fees")
    services.add_tag(actor=rapporteur, passage=labour, objective=Objective.objects.get(number=7))
    remittances = analysed_report.passages.get(text__contains="mobile money")
    section = analysed_report.version.sections.get(section__key="policy_environment")
    section.text = SCHOOLS
    section.save()
    analysed_report.version.sections.filter(section__key="progress_rt2").update(text="")
    services.analyse_document(document_id=analysed_report.pk)
    labour.refresh_from_db()
    assert labour.superseded
    assert not Passage.objects.filter(pk=remittances.pk).exists()
    assert analysed_report.passages.filter(superseded=False, text__contains="schools").exists()


def test_bulk_confirm_confirms_only_suggestions_above_the_score(
    analysed_report: Document, rapporteur: Any
) -> None:
    tags = PassageTag.objects.filter(passage__document=analysed_report, objective__isnull=False)
    rejected = tags.order_by("-score").first()
    services.decide_tag(actor=rapporteur, tag=rejected, status=PassageTag.Status.REJECTED)
    high = set(tags.filter(status="suggested", score__gte=0.5).values_list("pk", flat=True))
    count = services.confirm_tags_above(actor=rapporteur, document=analysed_report, min_score=0.5)
    assert count == len(high)
    assert set(tags.filter(status="confirmed").values_list("pk", flat=True)) == high
    rejected.refresh_from_db()
    assert rejected.status == PassageTag.Status.REJECTED
    with pytest.raises(ReviewError):
        services.confirm_tags_above(actor=rapporteur, document=analysed_report, min_score=1.5)


def test_add_tag_needs_exactly_one_target(analysed_report: Document, rapporteur: Any) -> None:
    passage = analysed_report.passages.first()
    with pytest.raises(ReviewError):
        services.add_tag(actor=rapporteur, passage=passage)


@translation.override("en")
def test_upload_refuses_unknown_extensions_and_oversized_files(
    cycle: Any, secretariat_user: Any, settings: Any, media_root: Any
) -> None:
    with pytest.raises(ReviewError, match="PDF, Word"):
        services.upload_document_for_analysis(
            actor=secretariat_user, cycle=cycle, country=None,
            uploaded=SimpleUploadedFile("report.exe", b"MZ..."),
        )  # fmt: skip
    settings.HIWAR_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ReviewError, match="too large"):
        services.upload_document_for_analysis(
            actor=secretariat_user, cycle=cycle, country=None,
            uploaded=SimpleUploadedFile("report.txt", b"x" * 11),
        )  # fmt: skip
    assert not Document.objects.exists()


def test_uploaded_text_file_is_analysed(
    cycle: Any, secretariat_user: Any, jordan: Any, media_root: Any
) -> None:
    text = f"# Labour migration\n\n{LABOUR}\n\n# Remittances\n\n{REMITTANCES}\n"
    document = services.upload_document_for_analysis(
        actor=secretariat_user, cycle=cycle, country=jordan,
        uploaded=SimpleUploadedFile("report.md", text.encode()),
    )  # fmt: skip
    document = services.analyse_document(document_id=document.pk)
    assert document.status == Document.Status.DONE, document.error_code
    sections = list(document.passages.order_by("position").values_list("section", flat=True))
    assert sections == ["Labour migration", "Remittances"]
    # A report received by mail counts in the Member State's coverage.
    matrix = coverage_by_country_and_objective(cycle)
    assert matrix.cell(jordan, Objective.objects.get(number=20))["suggested"] == 1


def test_submitting_an_input_queues_its_written_part_and_its_file(
    cycle: Any, org_member: Any, organization: Any, media_root: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from hiwar.reviews.services import inputs as input_services
    from tests.reviews.conftest import pdf_upload

    with django_capture_on_commit_callbacks(execute=True):
        item = input_services.submit_stakeholder_input(
            actor=org_member, cycle=cycle, organization=organization, title="Our input",
            language="en", sections={"challenges": LABOUR}, uploaded=pdf_upload("input.pdf"),
        )  # fmt: skip
    documents = {d.source: d for d in Document.objects.filter(stakeholder_input=item)}
    assert set(documents) == {Document.Source.INPUT, Document.Source.INPUT_FILE}
    written = documents[Document.Source.INPUT]
    assert written.status == Document.Status.DONE
    assert written.country == organization.country
    assert written.passages.filter(text__contains="recruitment fees").exists()
    blank = documents[Document.Source.INPUT_FILE]  # the test PDF has empty pages
    assert (blank.status, blank.error_code) == (Document.Status.FAILED, "no_text")
