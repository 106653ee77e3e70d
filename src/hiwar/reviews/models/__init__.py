"""Review cycles, templates, national reports and stakeholder inputs."""

from hiwar.reviews.models.cycles import Milestone, ReviewCycle
from hiwar.reviews.models.inputs import StakeholderInput, StakeholderInputSection
from hiwar.reviews.models.reports import (
    Attachment,
    ExtensionRequest,
    NationalReport,
    ReportVersion,
    SectionDraft,
    SectionRevision,
)
from hiwar.reviews.models.templates import ReportTemplate, TemplateSection

__all__ = [
    "Attachment",
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
