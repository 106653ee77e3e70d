"""Good practices submitted by organizations, the profiles organizations declare for the
directory, and the messages sent to them through the directory's contact form."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from hiwar.accounts.models import Organization
from hiwar.framework.models import Country, GuidingPrinciple, Objective, StakeholderCategory

__all__ = ["ContactMessage", "OrganizationProfile", "Practice", "PracticeFile"]


class Practice(models.Model):
    """A good practice in implementing the Compact, written by a member of an organization and
    published once the secretariat accepts it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not accepted")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("organization"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    countries = models.ManyToManyField(
        Country, related_name="+", blank=True, verbose_name=_("countries")
    )
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    objectives: models.ManyToManyField[Objective, Any] = models.ManyToManyField(
        Objective, related_name="+", blank=True, verbose_name=_("objectives")
    )
    principles: models.ManyToManyField[GuidingPrinciple, Any] = models.ManyToManyField(
        GuidingPrinciple, related_name="+", blank=True, verbose_name=_("guiding principles")
    )
    #: What the analysis engine suggested when the author asked (objective numbers, principle
    #: letters), kept so reviewers see which choices were machine-made.
    suggested_objectives = models.JSONField(default=list, blank=True)
    suggested_principles = models.JSONField(default=list, blank=True)
    stakeholder_categories: models.ManyToManyField[StakeholderCategory, Any] = (
        models.ManyToManyField(
            StakeholderCategory,
            related_name="+",
            blank=True,
            verbose_name=_("stakeholders involved"),
        )
    )
    stakeholders_text = models.TextField(_("other partners involved"), blank=True)
    results = models.TextField(_("results and evidence"), blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    review_comment = models.TextField(_("comment of the secretariat"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    #: Float32 sentence embedding (512 values) of title, summary and description.
    embedding = models.BinaryField(null=True, blank=True)
    is_sample = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords(excluded_fields=["embedding"])

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [models.Index(fields=["status", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="practice_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:practice_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    @property
    def text_direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"

    @property
    def period(self) -> str:
        if self.end_year is None:
            return f"{self.start_year}\u2013"
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}\u2013{self.end_year}"


def practice_file_path(instance: PracticeFile, filename: str) -> str:
    return f"knowledge/practices/{instance.practice_id}/{filename}"


class PracticeFile(models.Model):
    """A PDF or DOCX document attached to a practice (checked by `reviews.uploads`)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=practice_file_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("practice file")
        verbose_name_plural = _("practice files")

    def __str__(self) -> str:
        return self.original_name


class OrganizationProfile(models.Model):
    """What an organization declares about itself for the directory, in its own language."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="profile"
    )
    description = models.TextField(_("description"), blank=True, max_length=3000)
    language = models.CharField(
        _("language of the description"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    objectives = models.ManyToManyField(
        Objective, related_name="+", blank=True, verbose_name=_("objectives we work on")
    )
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country, related_name="+", blank=True, verbose_name=_("countries we work in")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    is_sample = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization profile")
        verbose_name_plural = _("organization profiles")

    def __str__(self) -> str:
        return str(self.organization)

    @property
    def text_direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"


class ContactMessage(models.Model):
    """A message sent to an organization through the directory. Kept to count messages per
    sender (rate limit) and as a record should an organization report abuse."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contact_messages"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=150)
    body = models.TextField()
    recipients = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")

    def __str__(self) -> str:
        return self.subject
