"""The national report workflow: drafting section by section, revisions, conflicts, files,
submission, extensions, reopening and publication."""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import User
from hiwar.framework.models import Country
from hiwar.reviews.models import (
    Attachment,
    ExtensionRequest,
    NationalReport,
    ReportTemplate,
    ReportVersion,
    ReviewCycle,
    SectionDraft,
    SectionRevision,
)
from hiwar.reviews.services.errors import ReviewError
from hiwar.reviews.services.files import check_file, store_attachment
from hiwar.reviews.tasks import notify_extension_decision, notify_report_submitted
from hiwar.search.services import schedule_search_refresh


@dataclass(frozen=True)
class SectionConflict(Exception):
    """Someone saved the section since this editor loaded it. Nothing was overwritten: the
    caller shows both texts so the person can choose or merge, then saves again."""

    draft: SectionDraft
    their_text: str
    their_revision: int
    their_author: str
    your_text: str


def ensure_report(*, cycle: ReviewCycle, country: Country) -> NationalReport:
    if not cycle.member_states.filter(pk=country.pk).exists():
        raise ReviewError(_("This country is not a member state of the review cycle."))
    report, _created = NationalReport.objects.get_or_create(cycle=cycle, country=country)
    return report


@transaction.atomic
def open_version(*, report: NationalReport, language: str = "en") -> ReportVersion:
    """The version being edited, created with one empty draft per template section."""
    version = report.versions.order_by("-number").first()
    if version is not None and not version.is_frozen:
        return version
    if version is not None and report.status != NationalReport.Status.DRAFTING:
        raise ReviewError(_("The report has been submitted. The secretariat can reopen it."))
    template = ReportTemplate.objects.filter(
        cycle=report.cycle, kind=ReportTemplate.Kind.MEMBER_STATE
    ).first()
    if template is None:  # a cycle opened on the set-up page, its template not yet added
        raise ReviewError(_("This review has no template for national reports yet."))
    version = ReportVersion.objects.create(
        report=report, number=(version.number + 1) if version else 1
    )
    SectionDraft.objects.bulk_create(
        SectionDraft(version=version, section=section, language=language)
        for section in template.sections.all()
    )
    return version


def _mark_drafting(report: NationalReport) -> None:
    if report.status == NationalReport.Status.NOT_STARTED:
        report.status = NationalReport.Status.DRAFTING
        report.started_at = timezone.now()
        report.save(update_fields=["status", "started_at"])


@transaction.atomic
def save_section(
    *,
    actor: User | None,
    draft: SectionDraft,
    text: str,
    language: str,
    base_revision: int,
    autosave: bool = False,
) -> SectionDraft:
    """Save a section as a new revision; refuse (SectionConflict) if it changed meanwhile."""
    draft = (
        SectionDraft.objects.select_for_update().select_related("version__report").get(pk=draft.pk)
    )
    if draft.version.is_frozen:
        raise ReviewError(_("This version has been submitted and can no longer be changed."))
    text = text.replace("\r\n", "\n")
    if draft.text == text and draft.language == language:
        return draft  # nothing new: an autosave of unchanged text writes nothing
    if draft.revision != base_revision:
        last = draft.revisions.select_related("author").first()
        raise SectionConflict(
            draft=draft,
            their_text=draft.text,
            their_revision=draft.revision,
            their_author=str(last.author) if last and last.author else "",
            your_text=text,
        )
    draft.revision = F("revision") + 1
    draft.text = text
    draft.language = language
    draft.updated_at = timezone.now()
    draft.updated_by = actor
    draft.save(update_fields=["revision", "text", "language", "updated_at", "updated_by"])
    draft.refresh_from_db(fields=["revision"])
    SectionRevision.objects.create(
        draft=draft,
        number=draft.revision,
        text=text,
        language=language,
        author=actor,
        autosave=autosave,
    )
    _mark_drafting(draft.version.report)
    return draft


def restore_revision(*, actor: User, revision: SectionRevision) -> SectionDraft:
    """Make an earlier revision the current text again, as a new revision."""
    draft = revision.draft
    return save_section(
        actor=actor,
        draft=draft,
        text=revision.text,
        language=revision.language,
        base_revision=draft.revision,
    )


@transaction.atomic
def attach_file(
    *, actor: User, version: ReportVersion, uploaded: UploadedFile, whole_report: bool = False
) -> Attachment:
    """Check and store a PDF or DOCX; `whole_report` makes it the report itself."""
    if version.is_frozen:
        raise ReviewError(_("This version has been submitted and can no longer be changed."))
    checked = check_file(uploaded)
    attachment = store_attachment(actor=actor, uploaded=uploaded, checked=checked, version=version)
    if whole_report:
        version.report_file = attachment
        version.save(update_fields=["report_file"])
    _mark_drafting(version.report)
    return attachment


def deadline_passed(report: NationalReport, *, today: datetime.date | None = None) -> bool:
    deadline = report.effective_deadline()
    return deadline is not None and (today or timezone.localdate()) > deadline


@transaction.atomic
def submit_report(
    *,
    actor: User | None,
    report: NationalReport,
    accept_late: bool = False,
    notify: bool = True,
) -> ReportVersion:
    """Freeze the open version as submitted. After the deadline, only the secretariat can
    accept it (`accept_late`). The secretariat and the country's focal points are mailed."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    version = report.versions.order_by("-number").first()
    if version is None or version.is_frozen:
        raise ReviewError(_("There is no draft to submit."))
    has_text = version.sections.exclude(text="").exists()
    if not has_text and version.report_file_id is None:
        raise ReviewError(
            _("The report is empty: write at least one section or upload the report.")
        )
    if deadline_passed(report) and not accept_late:
        raise ReviewError(
            _(
                "The deadline has passed. Request an extension; "
                "the secretariat can still accept the report."
            )
        )
    now = timezone.now()
    version.submitted_at = now
    version.submitted_by = actor
    version.save(update_fields=["submitted_at", "submitted_by"])
    report.status = NationalReport.Status.SUBMITTED
    report.submitted_at = now
    report.save(update_fields=["status", "submitted_at"])
    if notify:
        transaction.on_commit(lambda: notify_report_submitted.enqueue(report_id=report.pk))
    from hiwar.analysis.services import queue_report_version

    queue_report_version(version=version)
    return version


@transaction.atomic
def reopen_report(*, actor: User, report: NationalReport) -> ReportVersion:
    """Secretariat: reopen a submitted report; work continues in a new version that starts
    from the submitted texts. The submitted version stays readable."""
    report = NationalReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in {NationalReport.Status.SUBMITTED, NationalReport.Status.PUBLISHED}:
        raise ReviewError(_("Only a submitted report can be reopened."))
    previous = report.versions.order_by("-number").first()
    assert previous is not None
    report.status = NationalReport.Status.DRAFTING
    report.published_at = None
    report.save(update_fields=["status", "published_at"])
    version = ReportVersion.objects.create(report=report, number=previous.number + 1)
    # Files come along: the new version refers to the same stored files.
    for old_file in previous.attachments.all():
        copied = Attachment.objects.get(pk=old_file.pk)
        copied.pk = None
        copied.version = version
        copied.save()
        if previous.report_file_id == old_file.pk:
            version.report_file = copied
            version.save(update_fields=["report_file"])
    for old in previous.sections.all():
        draft = SectionDraft.objects.create(
            version=version,
            section_id=old.section_id,
            text=old.text,
            language=old.language,
            revision=1 if old.text else 0,
            updated_by=actor,
        )
        if old.text:
            SectionRevision.objects.create(
                draft=draft, number=1, text=old.text, language=old.language, author=actor
            )
    return version


@transaction.atomic
def request_extension(
    *, actor: User | None, report: NationalReport, reason: str, until: datetime.date
) -> ExtensionRequest:
    if report.status in {NationalReport.Status.SUBMITTED, NationalReport.Status.PUBLISHED}:
        raise ReviewError(_("The report has already been submitted."))
    if report.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise ReviewError(_("An extension request is already waiting for a decision."))
    current = report.effective_deadline()
    if current is not None and until <= current:
        raise ReviewError(_("The new deadline must be later than the current one."))
    if not reason.strip():
        raise ReviewError(_("Give the reason for the request."))
    _mark_drafting(report)
    return ExtensionRequest.objects.create(
        report=report, reason=reason.strip(), requested_until=until, requested_by=actor
    )


@transaction.atomic
def decide_extension(
    *,
    actor: User,
    extension: ExtensionRequest,
    grant: bool,
    until: datetime.date | None = None,
) -> ExtensionRequest:
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionRequest.Status.PENDING:
        raise ReviewError(_("This request has already been decided."))
    extension.status = (
        ExtensionRequest.Status.GRANTED if grant else ExtensionRequest.Status.DECLINED
    )
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    if grant:
        extension.granted_until = until or extension.requested_until
        report = extension.report
        current = report.effective_deadline()
        if current is not None and extension.granted_until <= current:
            raise ReviewError(_("The new deadline must be later than the current one."))
        report.deadline = extension.granted_until
        report.save(update_fields=["deadline"])
    extension.save(update_fields=["status", "decided_by", "decided_at", "granted_until"])
    transaction.on_commit(lambda: notify_extension_decision.enqueue(extension_id=extension.pk))
    return extension


@transaction.atomic
def publish_report(*, actor: User | None, report: NationalReport) -> NationalReport:
    if report.status != NationalReport.Status.SUBMITTED:
        raise ReviewError(_("Only a submitted report can be published."))
    report.status = NationalReport.Status.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_at"])
    schedule_search_refresh()
    return report


@transaction.atomic
def withdraw_report(*, actor: User, report: NationalReport) -> NationalReport:
    """Take a published report off the public pages; it stays submitted."""
    if report.status != NationalReport.Status.PUBLISHED:
        raise ReviewError(_("Only a published report can be withdrawn."))
    report.status = NationalReport.Status.SUBMITTED
    report.published_at = None
    report.save(update_fields=["status", "published_at"])
    schedule_search_refresh()
    return report
