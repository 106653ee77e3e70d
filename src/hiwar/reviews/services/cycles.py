"""Writes to review cycles, their milestones and their templates."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hiwar.accounts.models import User
from hiwar.framework.models import Country, Objective, Region
from hiwar.reviews.models import (
    Milestone,
    ReportTemplate,
    ReportVersion,
    ReviewCycle,
    SectionDraft,
    StakeholderInputSection,
    TemplateSection,
)
from hiwar.reviews.services.errors import ReviewError


@transaction.atomic
def open_review_cycle(
    *,
    actor: User | None,
    slug: str,
    region: Region,
    titles: dict[str, str],
    summaries: dict[str, str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    member_states: list[Country],
    make_current: bool = True,
    national_report_deadline: datetime.date | None = None,
    stakeholder_input_deadline: datetime.date | None = None,
) -> ReviewCycle:
    """Open (or update, by slug) a review cycle for a region; idempotent."""
    if ends_on < starts_on:
        raise ReviewError(_("The cycle must end after it starts."))
    if not member_states:
        raise ReviewError(_("Choose at least one member state."))
    cycle = ReviewCycle.objects.filter(slug=slug).first() or ReviewCycle(slug=slug)
    cycle.region = region
    cycle.starts_on = starts_on
    cycle.ends_on = ends_on
    if national_report_deadline is not None:
        cycle.national_report_deadline = national_report_deadline
    if stakeholder_input_deadline is not None:
        cycle.stakeholder_input_deadline = stakeholder_input_deadline
    for language, text in titles.items():
        setattr(cycle, f"title_{language}", text)
    for language, text in summaries.items():
        setattr(cycle, f"summary_{language}", text)
    if make_current:
        ReviewCycle.objects.filter(region=region, is_current=True).exclude(pk=cycle.pk).update(
            is_current=False
        )
        cycle.is_current = True
    cycle.save()
    cycle.member_states.set(member_states)
    return cycle


@transaction.atomic
def set_milestone(
    *,
    actor: User | None,
    cycle: ReviewCycle,
    key: str,
    kind: str,
    titles: dict[str, str],
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    month_precision: bool = False,
) -> Milestone:
    milestone = Milestone.objects.filter(cycle=cycle, key=key).first() or Milestone(
        cycle=cycle, key=key
    )
    milestone.kind = kind
    milestone.starts_on = starts_on
    milestone.ends_on = ends_on
    milestone.month_precision = month_precision
    for language, text in titles.items():
        setattr(milestone, f"title_{language}", text)
    milestone.save()
    return milestone


@transaction.atomic
def delete_milestone(*, actor: User, milestone: Milestone) -> None:
    milestone.delete()


@transaction.atomic
def update_template_section(
    *,
    actor: User,
    section: TemplateSection,
    position: int,
    titles: dict[str, str],
    guidance: dict[str, str],
    questions: dict[str, str],
    objectives: list[Objective] | None = None,
) -> TemplateSection:
    """Edit one section of a template in the three languages; an empty language stays empty
    (shown as a missing translation), but the English title is required."""
    if not (titles.get("en") or "").strip():
        raise ReviewError(_("The section needs an English title."))
    section.position = position
    for language, text in titles.items():
        setattr(section, f"title_{language}", text.strip())
    for language, text in guidance.items():
        setattr(section, f"guidance_{language}", text.strip())
    for language, text in questions.items():
        setattr(section, f"guiding_questions_{language}", text.strip())
    section.save()
    if objectives is not None:
        section.objectives.set(objectives)
    return section


@transaction.atomic
def add_template_section(
    *, actor: User, template: ReportTemplate, key: str, title_en: str
) -> TemplateSection:
    """Append a section to a template; reports already opened get it when next opened."""
    if template.sections.filter(key=key).exists():
        raise ReviewError(_("The template already has a section with this short name."))
    position = (template.sections.aggregate(last=Max("position"))["last"] or 0) + 1
    section = TemplateSection(template=template, key=key, position=position)
    section.title_en = title_en.strip()  # type: ignore[attr-defined]  # modeltranslation field
    section.save()
    if template.kind == ReportTemplate.Kind.MEMBER_STATE:
        # Open drafts gain the new section at once.
        SectionDraft.objects.bulk_create(
            SectionDraft(version=version, section=section, language="en")
            for version in ReportVersion.objects.filter(
                report__cycle=template.cycle, submitted_at__isnull=True
            )
        )
    return section


@transaction.atomic
def remove_template_section(*, actor: User, section: TemplateSection) -> None:
    """Remove a section that nobody has written in yet; written text is never thrown away."""
    written = SectionDraft.objects.filter(section=section).exclude(text="").exists() or (
        StakeholderInputSection.objects.filter(section=section).exists()
    )
    if written:
        raise ReviewError(_("Text has already been written in this section; it cannot be removed."))
    SectionDraft.objects.filter(section=section).delete()
    section.delete()
