"""Documents read by the analysis engine, their passages, and the tags on each passage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hiwar.framework.models import Country, GuidingPrinciple, Objective

__all__ = ["Document", "Passage", "PassageTag"]


def document_upload_path(instance: Document, filename: str) -> str:
    return f"analysis/{instance.cycle_id}/{filename}"


class Document(models.Model):
    """One text the engine reads: a report's editor sections, an attached file, an input, or a
    file the secretariat uploads for analysis (a report received by mail, say)."""

    class Source(models.TextChoices):
        REPORT = "report", _("national report (written on the platform)")
        REPORT_FILE = "report_file", _("national report file")
        INPUT = "input", _("stakeholder input")
        INPUT_FILE = "input_file", _("stakeholder input file")
        UPLOAD = "upload", _("uploaded for analysis")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("analysis", "Waiting")
        RUNNING = "running", pgettext_lazy("analysis", "Running")
        DONE = "done", pgettext_lazy("analysis", "Analysed")
        FAILED = "failed", pgettext_lazy("analysis", "Failed")

    class Stage(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("analysis stage", "waiting")
        EXTRACTING = "extracting", pgettext_lazy("analysis stage", "extracting text")
        OCR = "ocr", pgettext_lazy("analysis stage", "reading scanned pages (OCR)")
        SPLITTING = "splitting", pgettext_lazy("analysis stage", "splitting into passages")
        TAGGING = "tagging", pgettext_lazy("analysis stage", "tagging passages")
        FINISHED = "finished", pgettext_lazy("analysis stage", "finished")

    cycle = models.ForeignKey(
        "reviews.ReviewCycle", on_delete=models.CASCADE, related_name="analysis_documents"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report = models.ForeignKey(
        "reviews.NationalReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="analysis_documents",
    )
    version = models.ForeignKey(
        "reviews.ReportVersion", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    stakeholder_input = models.ForeignKey(
        "reviews.StakeholderInput",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="analysis_documents",
    )
    attachment = models.ForeignKey(
        "reviews.Attachment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to=document_upload_path, blank=True)
    title = models.CharField(_("title"), max_length=300)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    #: Only current documents count in coverage: a newer report version replaces older ones.
    is_current = models.BooleanField(default=True)

    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    stage = models.CharField(max_length=10, choices=Stage, default=Stage.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)
    error_code = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    language = models.CharField(_("language"), max_length=5, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    ocr_pages = models.PositiveIntegerField(default=0)
    word_count = models.PositiveIntegerField(default=0)
    model_fingerprint = models.CharField(max_length=32, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("analysed document")
        verbose_name_plural = _("analysed documents")
        indexes = [models.Index(fields=["cycle", "is_current", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("analysis:document", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        """The country's name in the reader's language for a report written on the platform."""
        if self.source == self.Source.REPORT and self.country is not None:
            return str(self.country.name)
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Passage(models.Model):
    """A paragraph-sized piece of a document (about 40-250 words), with where it came from."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("policy or measure")
        CHALLENGE = "challenge", _("challenge")
        GOOD_PRACTICE = "good_practice", _("good practice")
        DATA = "data", _("data or statistic")
        OTHER = "other", pgettext_lazy("passage kind", "other")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    text = models.TextField()
    #: Identifies the same passage across re-runs (with ``occurrence`` for repeated text).
    text_hash = models.CharField(max_length=40)
    occurrence = models.PositiveSmallIntegerField(default=0)
    page = models.PositiveIntegerField(null=True, blank=True)
    section = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=5)
    is_table_row = models.BooleanField(default=False)
    ocr = models.BooleanField(default=False)
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.OTHER)
    objective_scores = models.JSONField(default=list)
    principle_scores = models.JSONField(default=list)
    #: Float16 sentence embedding (512 values), for similarity search across languages.
    embedding = models.BinaryField(null=True, blank=True)
    #: No longer in the document after a re-run, kept because a person decided on its tags.
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["document", "position", "pk"]
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        indexes = [models.Index(fields=["document", "position"])]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "text_hash", "occurrence"], name="passage_identity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.position}"


class PassageTag(models.Model):
    """An objective or a guiding principle on a passage: suggested by the engine, or decided."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("suggested")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="tags")
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    principle = models.ForeignKey(
        GuidingPrinciple, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.SUGGESTED)
    #: {"actions": [{"letter", "similarity"}], "terms": [words as written in the passage]}
    evidence = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["passage", "-score"]
        verbose_name = _("passage tag")
        verbose_name_plural = _("passage tags")
        constraints = [
            models.CheckConstraint(
                condition=Q(objective__isnull=True, principle__isnull=False)
                | Q(objective__isnull=False, principle__isnull=True),
                name="tag_objective_xor_principle",
            ),
            models.UniqueConstraint(
                fields=["passage", "objective"],
                condition=Q(objective__isnull=False),
                name="tag_one_per_objective",
            ),
            models.UniqueConstraint(
                fields=["passage", "principle"],
                condition=Q(principle__isnull=False),
                name="tag_one_per_principle",
            ),
        ]

    def __str__(self) -> str:
        target = f"O{self.objective_id}" if self.objective_id else f"P{self.principle_id}"
        return f"{self.passage_id}:{target}:{self.status}"

    @property
    def is_decided(self) -> bool:
        return self.status != self.Status.SUGGESTED
