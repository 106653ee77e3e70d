"""Review cycles, templates, national reports and stakeholder inputs."""

from hiwar.reviews.models.cycles import Milestone, ReviewCycle
from hiwar.reviews.models.inputs import StakeholderInput, StakeholderInputSection
from hiwar.reviews.models.reports import (
    Attachment,
    DeadlineReminder,
    ExtensionRequest,
    NationalReport,
    ReportVersion,
    SectionDraft,
    SectionRevision,
)
from hiwar.reviews.models.templates import ReportTemplate, TemplateSection

__all__ = [
    "Attachment",
    "DeadlineReminder",
    "ExtensionRequest",
    "Milestone",
    "NationalReport",
    "ReportTemplate",
    "ReportVersion",
    "ReviewCycle",
    "SectionDraft",
    "SectionRevision",
    "StakeholderInput",
    "StakeholderInputSection",
    "TemplateSection",
]
