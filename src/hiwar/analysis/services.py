"""Writes of the analysis app: queue documents, run the engine on them, record decisions.

A document is analysed by a background task (:func:`analyse_document`): the file is parsed in a
child process with time and memory limits, passages are tagged in batches, and everything is
written in one transaction at the end, so a failure never leaves partial passages behind.
Re-running is idempotent: a passage keeps its identity (text hash and occurrence), its
suggested tags are replaced, and tags a person confirmed or rejected are never touched.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hiwar.analysis.engine.embedder import DIMENSIONS, embed
from hiwar.analysis.engine.model import TaggerModel
from hiwar.analysis.engine.tagger import get_tagger
from hiwar.analysis.engine.training import Example, load_passages, reference_examples
from hiwar.analysis.ingest import (
    IngestError,
    IngestResult,
    ingest_file_limited,
    ingest_markdown_sections,
)
from hiwar.analysis.models import Document, Passage, PassageTag
from hiwar.framework.models import Country, GuidingPrinciple, Objective
from hiwar.reviews.services.errors import ReviewError
from hiwar.search.services import schedule_search_refresh

if TYPE_CHECKING:
    from hiwar.accounts.models import User
    from hiwar.reviews.models import ReportVersion, ReviewCycle, StakeholderInput

__all__ = [
    "ANALYSABLE_SUFFIXES",
    "add_tag",
    "analyse_document",
    "confirm_tags_above",
    "decide_tag",
    "queue_report_version",
    "queue_stakeholder_input",
    "retry_document",
    "train_tagger",
    "upload_document_for_analysis",
]

logger = logging.getLogger(__name__)
ANALYSABLE_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"})
_BATCH = 64
# Overall progress bands of each stage, in percent.
_BANDS = {
    "extracting": (0, 40),
    "ocr": (5, 40),
    "splitting": (40, 45),
    "tagging": (45, 99),
}


def _enqueue(document: Document) -> None:
    from hiwar.analysis.tasks import analyse_document_task

    document_id = document.pk
    transaction.on_commit(lambda: analyse_document_task.enqueue(document_id=document_id))


def _queue_documents(
    *,
    written: bool,
    written_source: str,
    written_title: str,
    files: Any,
    file_source: str,
    created_by: User | None,
    **links: Any,
) -> list[Document]:
    """One document for the written sections (if any) and one per attached file; each is
    analysed by the task worker once the transaction commits."""
    documents = []
    if written:
        documents.append(
            Document.objects.create(
                source=written_source, title=written_title, created_by=created_by, **links
            )
        )
    for attachment in files:
        documents.append(
            Document.objects.create(
                source=file_source,
                attachment=attachment,
                title=attachment.original_name,
                original_name=attachment.original_name,
                created_by=attachment.uploaded_by,
                **links,
            )
        )
    for document in documents:
        _enqueue(document)
    return documents


@transaction.atomic
def queue_report_version(*, version: ReportVersion) -> list[Document]:
    """Analyse a submitted version: its written sections and its files. Documents of the
    report's older versions stop counting in coverage (they stay readable)."""
    report = version.report
    Document.objects.filter(report=report, is_current=True).exclude(version=version).update(
        is_current=False
    )
    return _queue_documents(
        written=version.sections.exclude(text="").exists(),
        written_source=Document.Source.REPORT,
        written_title=report.country.name,
        files=version.attachments.all(),
        file_source=Document.Source.REPORT_FILE,
        created_by=version.submitted_by,
        cycle_id=report.cycle_id,
        country_id=report.country_id,
        report=report,
        version=version,
    )


@transaction.atomic
def queue_stakeholder_input(*, item: StakeholderInput) -> list[Document]:
    """Analyse an organization's input: its written sections and its file."""
    return _queue_documents(
        written=item.sections.exclude(text="").exists(),
        written_source=Document.Source.INPUT,
        written_title=item.title,
        files=item.attachments.all(),
        file_source=Document.Source.INPUT_FILE,
        created_by=item.author,
        cycle_id=item.cycle_id,
        country_id=item.organization.country_id,
        stakeholder_input=item,
    )


def upload_document_for_analysis(
    *, actor: User, cycle: ReviewCycle, country: Country | None, uploaded: UploadedFile
) -> Document:
    """Secretariat: analyse a file received outside the platform (PDF, DOCX, text, Markdown,
    HTML). Only the size and the name are checked here; the content is checked by the parser,
    in a limited child process, and its verdict is shown on the document's page."""
    name = Path(uploaded.name or "").name[-200:]
    suffix = Path(name).suffix.lower()
    if suffix not in ANALYSABLE_SUFFIXES:
        raise ReviewError(_("Upload a PDF, Word (DOCX), text, Markdown or HTML file."))
    if uploaded.size is None or uploaded.size > settings.HIWAR_MAX_UPLOAD_BYTES:
        raise ReviewError(_("The file is too large."))
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    with transaction.atomic():
        document = Document(
            cycle=cycle,
            source=Document.Source.UPLOAD,
            country=country,
            title=name,
            original_name=name,
            created_by=actor,
        )
        document.file.save(f"{digest.hexdigest()}{suffix}", uploaded, save=False)
        document.save()
        _enqueue(document)
    return document


def retry_document(*, actor: User | None, document: Document) -> Document:
    """Run the analysis again (after a failure, or after the model was retrained)."""
    if document.status == Document.Status.RUNNING:
        raise ReviewError(_("This document is being analysed now."))
    with transaction.atomic():
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.QUEUED, stage=Document.Stage.WAITING, progress=0
        )
        _enqueue(document)
    document.refresh_from_db()
    return document


# ----- the analysis itself ---------------------------------------------------------------------


class _Progress:
    """Writes the stage and percentage to the document, at most once per percent."""

    def __init__(self, document_id: int) -> None:
        self.document_id = document_id
        self.last: tuple[str, int] | None = None

    def __call__(self, stage: str, fraction: float) -> None:
        low, high = _BANDS.get(stage, (0, 99))
        percent = int(low + (high - low) * min(max(fraction, 0.0), 1.0))
        if self.last == (stage, percent):
            return
        self.last = (stage, percent)
        Document.objects.filter(pk=self.document_id).update(stage=stage, progress=percent)


def _sections_of(document: Document) -> list[tuple[str, str]]:
    """The written sections of a report version or an input, as (heading, Markdown)."""
    if document.version is not None:
        drafts = document.version.sections.select_related("section").order_by("section__position")
        pairs = []
        for draft in drafts.exclude(text=""):
            with translation.override(draft.language):
                pairs.append((str(draft.section.title), draft.text))
        return pairs
    assert document.stakeholder_input is not None
    item = document.stakeholder_input
    sections = item.sections.select_related("section").order_by("section__position")
    with translation.override(item.language):
        return [(str(s.section.title), s.text) for s in sections.exclude(text="")]


def _file_path(document: Document) -> tuple[Path, str]:
    if document.attachment is not None:
        return Path(document.attachment.file.path), document.attachment.original_name
    return Path(document.file.path), document.original_name


def _ingest(document: Document, progress: Callable[[str, float], None]) -> IngestResult:
    if document.source in (Document.Source.REPORT, Document.Source.INPUT):
        progress("extracting", 0.0)
        return ingest_markdown_sections(_sections_of(document))
    path, name = _file_path(document)
    return ingest_file_limited(
        path,
        name,
        max_seconds=settings.HIWAR_ANALYSIS_MAX_SECONDS,
        max_memory_mb=settings.HIWAR_ANALYSIS_MAX_MEMORY_MB,
        max_pages=settings.HIWAR_ANALYSIS_MAX_PAGES,
        progress=progress,
    )


def analyse_document(*, document_id: int) -> Document:
    """Extract, split and tag one document; store its passages and suggested tags."""
    started = time.monotonic()
    Document.objects.filter(pk=document_id).update(
        status=Document.Status.RUNNING,
        stage=Document.Stage.EXTRACTING,
        progress=0,
        error_code="",
        started_at=timezone.now(),
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    document = Document.objects.select_related("attachment", "version", "stakeholder_input").get(
        pk=document_id
    )
    progress = _Progress(document_id)
    try:
        result = _ingest(document, progress)
        if not result.passages:
            raise IngestError("empty")
        progress("tagging", 0.0)
        tagger = get_tagger()
        texts = [p.text for p in result.passages]
        known = _stored_embeddings(document)
        tags = []
        for start in range(0, len(texts), _BATCH):
            batch = texts[start : start + _BATCH]
            tags.extend(tagger.tag(batch, _vectors(batch, known)))
            progress("tagging", min(start + _BATCH, len(texts)) / len(texts))
        with transaction.atomic():
            _store(document, result, tags)
            Document.objects.filter(pk=document_id).update(
                status=Document.Status.DONE,
                stage=Document.Stage.FINISHED,
                progress=100,
                language=result.language,
                page_count=result.page_count,
                ocr_pages=result.ocr_pages,
                word_count=result.word_count,
                model_fingerprint=tagger.meta["fingerprint"],
                finished_at=timezone.now(),
            )
            schedule_search_refresh()
    except IngestError as error:
        _fail(document_id, error.code)
    except Exception:
        logger.exception("Analysis of document %s failed", document_id)
        _fail(document_id, "internal")
    logger.info("Document %s analysed in %.1f s", document_id, time.monotonic() - started)
    document.refresh_from_db()
    return document


def _stored_embeddings(document: Document) -> dict[str, np.ndarray]:
    """Embeddings of the document's passages from its last run, by text hash: a re-run (after
    a retrain, say) embeds only the passages whose text changed."""
    stored = document.passages.exclude(embedding=None).values_list("text_hash", "embedding")
    return {
        text_hash: np.frombuffer(bytes(blob), dtype=np.float16).astype(np.float32)
        for text_hash, blob in stored
        if blob is not None and len(blob) == DIMENSIONS * 2
    }


def _vectors(texts: list[str], known: dict[str, np.ndarray]) -> np.ndarray:
    vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing = []
    for i, text in enumerate(texts):
        vector = known.get(_hash(text))
        if vector is None:
            missing.append(i)
        else:
            vectors[i] = vector
    if missing:
        vectors[missing] = embed([texts[i] for i in missing])
    return vectors


def _fail(document_id: int, code: str) -> None:
    Document.objects.filter(pk=document_id).update(
        status=Document.Status.FAILED, error_code=code, finished_at=timezone.now()
    )


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _store(document: Document, result: IngestResult, tags: list[Any]) -> None:
    """Upsert the passages by identity; replace suggestions; keep every human decision."""
    existing = {(p.text_hash, p.occurrence): p for p in document.passages.all()}
    decided_passages = set(
        PassageTag.objects.filter(passage__document=document)
        .exclude(status=PassageTag.Status.SUGGESTED)
        .values_list("passage_id", flat=True)
    )
    seen: Counter[str] = Counter()
    keep: list[tuple[Passage, Any]] = []
    create: list[tuple[Passage, Any]] = []
    for item, tagged in zip(result.passages, tags, strict=True):
        text_hash = _hash(item.text)
        occurrence = seen[text_hash]
        seen[text_hash] += 1
        passage = existing.pop((text_hash, occurrence), None) or Passage(
            document=document, text_hash=text_hash, occurrence=occurrence, text=item.text
        )
        passage.position = item.position
        passage.page = item.page
        passage.section = item.section[:300]
        passage.language = item.language
        passage.is_table_row = item.is_table_row
        passage.ocr = item.ocr
        passage.kind = tagged.kind
        passage.objective_scores = [round(float(s), 4) for s in tagged.objective_scores]
        passage.principle_scores = [round(float(s), 4) for s in tagged.principle_scores]
        passage.embedding = np.asarray(tagged.embedding, dtype=np.float16).tobytes()
        passage.superseded = False
        (keep if passage.pk else create).append((passage, tagged))
    gone = [p.pk for p in existing.values()]  # no longer in the document
    Passage.objects.filter(pk__in=gone).filter(pk__in=decided_passages).update(superseded=True)
    Passage.objects.filter(pk__in=gone).exclude(pk__in=decided_passages).delete()
    fields = [
        "position", "page", "section", "language", "is_table_row", "ocr", "kind",
        "objective_scores", "principle_scores", "embedding", "superseded",
    ]  # fmt: skip
    Passage.objects.bulk_update([p for p, _t in keep], fields, batch_size=200)
    Passage.objects.bulk_create([p for p, _t in create], batch_size=200)
    pairs = keep + create
    PassageTag.objects.filter(
        passage__in=[p for p, _t in pairs], status=PassageTag.Status.SUGGESTED
    ).delete()
    decided = set(
        PassageTag.objects.filter(passage__document=document)
        .exclude(status=PassageTag.Status.SUGGESTED)
        .values_list("passage_id", "objective_id", "principle_id")
    )
    objectives = dict(Objective.objects.values_list("number", "pk"))
    principles = dict(GuidingPrinciple.objects.values_list("letter", "pk"))
    new_tags = []
    for passage, tagged in pairs:
        for number in tagged.suggested_objectives:
            if (passage.pk, objectives[number], None) in decided:
                continue
            new_tags.append(
                PassageTag(
                    passage=passage,
                    objective_id=objectives[number],
                    score=round(float(tagged.objective_scores[number - 1]), 4),
                    evidence=tagged.evidence.get(number, {}),
                )
            )
        for index, letter in enumerate("abcdefghij"):
            if letter not in tagged.suggested_principles:
                continue
            if (passage.pk, None, principles[letter]) in decided:
                continue
            new_tags.append(
                PassageTag(
                    passage=passage,
                    principle_id=principles[letter],
                    score=round(float(tagged.principle_scores[index]), 4),
                )
            )
    PassageTag.objects.bulk_create(new_tags, batch_size=500)


# ----- rapporteurs' decisions ------------------------------------------------------------------


def decide_tag(*, actor: User, tag: PassageTag, status: str) -> PassageTag:
    """Confirm or reject a tag (or set it back to suggested)."""
    if status not in PassageTag.Status.values:
        raise ReviewError(_("Unknown decision."))
    tag.status = status
    tag.decided_by = actor if status != PassageTag.Status.SUGGESTED else None
    tag.decided_at = timezone.now() if status != PassageTag.Status.SUGGESTED else None
    tag.save(update_fields=["status", "decided_by", "decided_at"])
    return tag


def add_tag(
    *,
    actor: User,
    passage: Passage,
    objective: Objective | None = None,
    principle: GuidingPrinciple | None = None,
) -> PassageTag:
    """A reviewer adds a tag the engine did not suggest (or confirms an existing one)."""
    if (objective is None) == (principle is None):
        raise ReviewError(_("Choose one objective or one guiding principle."))
    lookup: dict[str, Any] = {"objective": objective} if objective else {"principle": principle}
    score = None
    if objective is not None and len(passage.objective_scores) == 23:
        score = passage.objective_scores[objective.number - 1]
    tag, _created = PassageTag.objects.update_or_create(
        passage=passage,
        **lookup,
        defaults={
            "status": PassageTag.Status.CONFIRMED,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
        create_defaults={
            "status": PassageTag.Status.CONFIRMED,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "score": score,
        },
    )
    return tag


def confirm_tags_above(*, actor: User, document: Document, min_score: float) -> int:
    """Confirm every still-suggested objective tag of a document scoring at least ``min_score``."""
    if not 0.0 <= min_score <= 1.0:
        raise ReviewError(_("Give a score between 0 and 1."))
    return PassageTag.objects.filter(
        passage__document=document,
        status=PassageTag.Status.SUGGESTED,
        objective__isnull=False,
        score__gte=min_score,
    ).update(status=PassageTag.Status.CONFIRMED, decided_by=actor, decided_at=timezone.now())


def train_tagger(*, human: list[Example], output: Path) -> dict[str, Any]:
    """Train on the GCM text, our labelled passages and ``human`` examples; write the model."""
    examples = [*reference_examples(), *load_passages(), *human]
    model, _report = TaggerModel.train(examples)
    model.save(output)
    return model.meta
