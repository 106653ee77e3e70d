"""The search index: one row per published thing that can be found, with its facets.

The full-text part lives beside this table: an FTS5 virtual table on SQLite, a generated
``tsvector`` column with a GIN index on PostgreSQL (both created by the migration, over the
normalized ``title_norm``/``body_norm`` columns). Rows are written only by
``hiwar.search.index.refresh_search_index``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hiwar.framework.models import Country

__all__ = ["SearchDocument", "SearchIndexState"]


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("National report")
        REPORT_PASSAGE = "report_passage", _("National report passage")
        INPUT = "input", _("Stakeholder input")
        INPUT_PASSAGE = "input_passage", _("Stakeholder input passage")
        DIALOGUE = "dialogue", _("Dialogue record")
        INTERVENTION = "intervention", pgettext_lazy("search result", "Intervention in a dialogue")
        CONTRIBUTION = "contribution", _("Online consultation contribution")
        PRACTICE = "practice", _("Good practice")
        PUBLICATION = "publication", pgettext_lazy("search result", "Publication")

    #: Identity of the entry, e.g. "passage:12" or "dialogue:3:ar" (one entry per language).
    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    object_id = models.PositiveBigIntegerField()
    #: What must still be published for the entry to be shown, e.g. "report" and its id.
    gate_kind = models.CharField(max_length=20)
    gate_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    language = models.CharField(max_length=5, blank=True)
    source_date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organization_name = models.CharField(max_length=200, blank=True)
    #: Objective numbers as " 3 7 12 " (a space on each side, for facet matching).
    objectives = models.CharField(max_length=100, blank=True)
    title_norm = models.TextField(blank=True)
    body_norm = models.TextField(blank=True)
    title_key = models.CharField(max_length=300, blank=True, db_index=True)
    #: Float16 sentence embedding (512 values), as ``Passage.embedding``.
    embedding = models.BinaryField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [models.Index(fields=["gate_kind", "gate_id"])]

    def __str__(self) -> str:
        return self.key

    @property
    def objective_numbers(self) -> list[int]:
        return [int(number) for number in self.objectives.split()]


class SearchIndexState(models.Model):
    """One row: a new random tag whenever the index changes, so every process reloads its
    in-memory embedding matrix (random rather than a counter: a restored database never
    repeats a tag a process has already loaded)."""

    etag = models.CharField(max_length=32, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"search index {self.etag}"
