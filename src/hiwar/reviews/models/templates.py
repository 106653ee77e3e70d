"""Guiding templates ("indicative outlines"): ordered sections with guidance, in three languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hiwar.framework.models import Cluster, Objective
from hiwar.reviews.models.cycles import ReviewCycle


class ReportTemplate(models.Model):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State report")
        STAKEHOLDER = "stakeholder", _("Stakeholder input")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="templates", verbose_name=_("cycle")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("template")
        verbose_name_plural = _("templates")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="template_one_per_kind")
        ]

    def __str__(self) -> str:
        return self.title


class TemplateSection(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    guiding_questions = models.TextField(
        _("guiding questions"), blank=True, help_text=_("One question per line.")
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="template_sections", verbose_name=_("objectives")
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="template_sections",
        verbose_name=_("round table"),
    )

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_section_key")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def question_list(self) -> list[str]:
        return [
            line.strip() for line in (self.guiding_questions or "").splitlines() if line.strip()
        ]
