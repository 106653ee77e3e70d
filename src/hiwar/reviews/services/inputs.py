"""Stakeholder written inputs: on the stakeholder template or as a file; publication."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hiwar.accounts.models import Organization, User
from hiwar.reviews.models import (
    Milestone,
    ReportTemplate,
    ReviewCycle,
    StakeholderInput,
    StakeholderInputSection,
)
from hiwar.reviews.services.errors import ReviewError
from hiwar.reviews.services.files import check_file, store_attachment
from hiwar.search.services import schedule_search_refresh


@transaction.atomic
def submit_stakeholder_input(
    *,
    actor: User | None,
    cycle: ReviewCycle,
    organization: Organization,
    title: str,
    language: str,
    sections: dict[str, str],
    uploaded: UploadedFile | None = None,
    linked_milestone: Milestone | None = None,
    publishable: bool = True,
    show_author_name: bool = False,
) -> StakeholderInput:
    """Record an organization's written input, before or after a meeting."""
    texts = {key: text.strip() for key, text in sections.items() if text and text.strip()}
    if not texts and uploaded is None:
        raise ReviewError(_("Write at least one section or attach your input as a file."))
    if linked_milestone is not None and linked_milestone.cycle_id != cycle.pk:
        raise ReviewError(_("Choose a meeting of this review."))
    checked = check_file(uploaded) if uploaded is not None else None
    template = ReportTemplate.objects.get(cycle=cycle, kind=ReportTemplate.Kind.STAKEHOLDER)
    template_sections = {section.key: section for section in template.sections.all()}
    unknown = set(texts) - set(template_sections)
    if unknown:
        raise ReviewError(_("Unknown section."))
    item = StakeholderInput.objects.create(
        cycle=cycle,
        organization=organization,
        author=actor,
        title=" ".join(title.split()) or organization.name,
        language=language,
        linked_milestone=linked_milestone,
        publishable=publishable,
        show_author_name=show_author_name,
        status=StakeholderInput.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    StakeholderInputSection.objects.bulk_create(
        StakeholderInputSection(stakeholder_input=item, section=template_sections[key], text=text)
        for key, text in texts.items()
    )
    if uploaded is not None and checked is not None:
        store_attachment(actor=actor, uploaded=uploaded, checked=checked, stakeholder_input=item)
    from hiwar.analysis.services import queue_stakeholder_input

    queue_stakeholder_input(item=item)
    return item


@transaction.atomic
def publish_stakeholder_input(*, actor: User | None, item: StakeholderInput) -> StakeholderInput:
    if not item.publishable:
        raise ReviewError(_("The organization did not allow this input to be published."))
    if item.status != StakeholderInput.Status.SUBMITTED:
        raise ReviewError(_("Only a submitted input can be published."))
    item.status = StakeholderInput.Status.PUBLISHED
    item.published_at = timezone.now()
    item.save(update_fields=["status", "published_at"])
    schedule_search_refresh()
    return item


@transaction.atomic
def withdraw_stakeholder_input(*, actor: User, item: StakeholderInput) -> StakeholderInput:
    if item.status != StakeholderInput.Status.PUBLISHED:
        raise ReviewError(_("Only a published input can be withdrawn."))
    item.status = StakeholderInput.Status.SUBMITTED
    item.published_at = None
    item.save(update_fields=["status", "published_at"])
    schedule_search_refresh()
    return item
