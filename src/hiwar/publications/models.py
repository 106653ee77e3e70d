"""Publications: the synthesis report, round-table background notes, the outcome document and
dialogue summaries, each a document of ordered Markdown sections in a source language, with a
translation per section into the other languages.

A section keeps a hash of its source heading and body (`source_hash`); a translation records
the hash it was made from, so a translation whose source changed since is *stale* and flagged.
Sections and translations carry a revision number (a stale save is refused, never overwrites)
and a full history (django-simple-history).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hiwar.dialogues.models import Dialogue
from hiwar.framework.models import Cluster
from hiwar.reviews.models import ReviewCycle

MAX_HEADING = 300
MAX_BODY = 60_000


def content_hash(heading: str, body: str) -> str:
    return hashlib.sha256(f"{heading}\n\x00\n{body}".encode()).hexdigest()


class TranslationStatus(models.TextChoices):
    MISSING = "missing", pgettext_lazy("translation", "Missing")
    DRAFT = "draft", pgettext_lazy("translation", "Draft")
    FINAL = "final", pgettext_lazy("translation", "Final")


class Publication(models.Model):
    class Kind(models.TextChoices):
        SYNTHESIS = "synthesis", _("Regional synthesis report")
        BACKGROUND_NOTE = "background_note", _("Round-table background note")
        OUTCOME = "outcome", _("Outcome document")
        DIALOGUE_SUMMARY = "dialogue_summary", _("Dialogue summary report")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("publication", "Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", pgettext_lazy("publication", "Published")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="publications", verbose_name=_("cycle")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("round table"),
    )
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dialogue"),
    )
    title = models.CharField(_("title"), max_length=MAX_HEADING)
    subtitle = models.CharField(_("subtitle"), max_length=MAX_HEADING, blank=True)
    source_language = models.CharField(
        _("source language"), max_length=2, choices=settings.LANGUAGES
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "kind", "-created_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class LanguageVersion(models.Model):
    """A publication in one of its target languages: the translated title, a status that the
    services recompute from the sections (missing, draft, final), and the translator."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=MAX_HEADING, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TranslationStatus, default=TranslationStatus.MISSING
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translator"),
    )

    class Meta:
        ordering = ["publication", "language"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "language"], name="one_language_version")
        ]

    def __str__(self) -> str:
        return f"{self.publication} [{self.language}]"


class Section(models.Model):
    class Adoption(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        NOT_AGREED = "not_agreed", _("Not agreed")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    key = models.CharField(_("key"), max_length=100, blank=True)
    level = models.PositiveSmallIntegerField(_("heading level"), default=1)
    group = models.CharField(_("group"), max_length=MAX_HEADING, blank=True)
    attribution = models.CharField(_("voiced by"), max_length=MAX_HEADING, blank=True)
    adoption_status = models.CharField(
        _("adoption status"), max_length=12, choices=Adoption, blank=True
    )
    heading = models.CharField(_("heading"), max_length=MAX_HEADING)
    body = models.TextField(_("text"), blank=True)
    source_hash = models.CharField(max_length=64, editable=False)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["publication", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="section_level_1_to_3"
            )
        ]

    def __str__(self) -> str:
        return self.heading


class SectionTranslation(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    heading = models.CharField(_("heading"), max_length=MAX_HEADING, blank=True)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TranslationStatus, default=TranslationStatus.DRAFT
    )
    # The source's hash when this translation was last saved: if the source changed since, the
    # translation is stale.
    source_hash = models.CharField(max_length=64, editable=False)
    machine = models.BooleanField(_("machine translation"), default=False)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "language"]
        constraints = [
            models.UniqueConstraint(fields=["section", "language"], name="one_translation")
        ]

    def __str__(self) -> str:
        return f"{self.section} [{self.language}]"

    @property
    def is_stale(self) -> bool:
        return self.source_hash != self.section.source_hash


class Comment(models.Model):
    """A reviewer's comment on one section."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["section", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
