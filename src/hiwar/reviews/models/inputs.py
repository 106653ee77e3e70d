"""Written inputs from stakeholder organizations, on the stakeholder template or as a file."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hiwar.accounts.models import Organization
from hiwar.reviews.models.cycles import Milestone, ReviewCycle
from hiwar.reviews.models.templates import TemplateSection


class StakeholderInput(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="stakeholder_inputs"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="stakeholder_inputs"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    linked_milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stakeholder_inputs",
        verbose_name=_("linked to"),
    )
    publishable = models.BooleanField(_("may be published"), default=True)
    show_author_name = models.BooleanField(_("show my name with the input"), default=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("stakeholder input")
        verbose_name_plural = _("stakeholder inputs")

    def __str__(self) -> str:
        return self.title


class StakeholderInputSection(models.Model):
    stakeholder_input = models.ForeignKey(
        StakeholderInput, on_delete=models.CASCADE, related_name="sections"
    )
    section = models.ForeignKey(TemplateSection, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["stakeholder_input", "section__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder_input", "section"], name="one_input_text_per_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder_input} / {self.section.key}"
