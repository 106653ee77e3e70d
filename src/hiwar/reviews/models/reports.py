"""Voluntary national review reports: versions, section drafts with every revision kept,
attachments and deadline extensions.

A report has versions. The open version is edited section by section; every save is a
`SectionRevision`. Submitting freezes the version; if the secretariat reopens the report, work
continues in a new version and the frozen one stays readable.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiwar.framework.models import Country
from hiwar.reviews.models.cycles import ReviewCycle
from hiwar.reviews.models.templates import TemplateSection

LANGUAGE_CHOICES = settings.LANGUAGES


class NationalReport(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFTING = "drafting", _("Drafting")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="national_reports"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="national_reports")
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOT_STARTED
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("Set when an extension is granted.")
    )
    # Demo reports are synthetic; every page that shows them says so.
    is_sample = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["cycle", "country__iso2"]
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "country"], name="one_report_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.cycle.slug})"

    def effective_deadline(self) -> datetime.date | None:
        return self.deadline or self.cycle.national_report_deadline


class ReportVersion(models.Model):
    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The whole report uploaded as one file instead of the form.
    report_file = models.ForeignKey(
        "Attachment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.submitted_at is not None


class SectionDraft(models.Model):
    """The current text of one template section in one report version."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(TemplateSection, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["version", "section__position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "section"], name="one_draft_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.version} / {self.section.key}"


class SectionRevision(models.Model):
    """Every save of a section: nothing a focal point wrote is ever lost."""

    draft = models.ForeignKey(SectionDraft, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    autosave = models.BooleanField(default=False)

    class Meta:
        ordering = ["draft", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="section_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.draft} r{self.number}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never comes from the user: only the checksum and the kind.
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}.{instance.kind}"


class Attachment(models.Model):
    """A checked file (PDF or DOCX) belonging to a report version or a stakeholder input."""

    version = models.ForeignKey(
        ReportVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    stakeholder_input = models.ForeignKey(
        "StakeholderInput",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__isnull=False, stakeholder_input__isnull=True)
                | models.Q(version__isnull=True, stakeholder_input__isnull=False),
                name="attachment_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ExtensionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Extension requested")
        GRANTED = "granted", _("Extended")
        DECLINED = "declined", _("Extension declined")

    report = models.ForeignKey(
        NationalReport, on_delete=models.CASCADE, related_name="extension_requests"
    )
    reason = models.TextField(_("reason"))
    requested_until = models.DateField(_("new deadline requested"))
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    granted_until = models.DateField(_("new deadline"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self) -> str:
        return f"{self.report}: {self.get_status_display()}"


class DeadlineReminder(models.Model):
    """A reminder mailed to a country's focal points before its deadline; kept so that each
    reminder goes out once, however often the reminder job runs."""

    report = models.ForeignKey(NationalReport, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "deadline", "days_before"], name="one_reminder_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.days_before} days before {self.deadline}"
