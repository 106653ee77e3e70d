"""Review cycles and their milestones.

History is registered in translation.py, after modeltranslation has added the per-language
fields, so that the historical tables record them too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hiwar.framework.models import Country, Region


class ReviewCycle(models.Model):
    """One regional review of the GCM, e.g. the first Arab regional review, 2020-2021."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="review_cycles", verbose_name=_("region")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    member_states = models.ManyToManyField(
        Country, related_name="review_cycles", verbose_name=_("member states")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current cycle"), default=False)
    national_report_deadline = models.DateField(
        _("deadline for national reports"), null=True, blank=True
    )
    stakeholder_input_deadline = models.DateField(
        _("deadline for stakeholder inputs"), null=True, blank=True
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="review_cycle_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=models.Q(is_current=True),
                name="review_cycle_one_current_per_region",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Capacity-building workshop")
        CONSULTATION = "consultation", _("Consultation")
        DEADLINE = "deadline", _("Deadline")
        DIALOGUE = "dialogue", _("Multi-stakeholder dialogue")
        CONFERENCE = "conference", _("Regional review conference")
        GLOBAL_REVIEW = "global_review", _("Global review (IMRF)")

    cycle = models.ForeignKey(
        ReviewCycle, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("cycle")
    )
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # A date known only to the month (e.g. "June 2020") is shown as a month.
    month_precision = models.BooleanField(_("known to the month only"), default=False)

    class Meta:
        ordering = ["starts_on", "key"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="milestone_unique_key"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="milestone_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title
