"""The GCM framework: reference data loaded from files, never edited by users.

Texts are translated with django-modeltranslation (`title_ar`, `title_en`, `title_fr`, ...).
An empty translated field means the text is not available in that language; pages say so
instead of falling back silently. `official_languages` lists the languages whose texts come
from an official UN source; the others are working translations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceText(models.Model):
    official_languages = models.JSONField(_("official languages"), default=list, blank=True)
    sources = models.JSONField(
        _("sources"),
        default=dict,
        blank=True,
        help_text=_("Where each language's text comes from."),
    )

    class Meta:
        abstract = True

    def is_official(self, language: str) -> bool:
        return language in self.official_languages


class Cluster(ReferenceText):
    """A round table of the regional review and of the IMRF, grouping objectives."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("round-table cluster")
        verbose_name_plural = _("round-table clusters")

    def __str__(self) -> str:
        return self.code


class Objective(ReferenceText):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    paragraph = models.PositiveSmallIntegerField(_("paragraph of A/RES/73/195"))
    title = models.CharField(_("title"), max_length=300)
    commitment = models.TextField(_("commitment"), blank=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("cluster")
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=23), name="objective_number_1_23"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Action(ReferenceText):
    """A lettered action under an objective's commitment."""

    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="actions", verbose_name=_("objective")
    )
    letter = models.CharField(_("letter"), max_length=2)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["objective__number", "letter"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(fields=["objective", "letter"], name="action_unique_letter")
        ]

    def __str__(self) -> str:
        return f"{self.objective.number}({self.letter})"


class GuidingPrinciple(ReferenceText):
    """One of the ten cross-cutting guiding principles of paragraph 15."""

    letter = models.CharField(_("letter"), max_length=1, unique=True)
    name = models.CharField(_("name"), max_length=120)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["letter"]
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")

    def __str__(self) -> str:
        return self.name


class StakeholderCategory(ReferenceText):
    """A category of relevant stakeholders named in paragraph 44."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=160)

    class Meta:
        ordering = ["position"]
        verbose_name = _("stakeholder category")
        verbose_name_plural = _("stakeholder categories")

    def __str__(self) -> str:
        return self.name


class SdgTarget(ReferenceText):
    code = models.CharField(_("code"), max_length=8, unique=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code


class Country(models.Model):
    iso2 = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO 3166-1 numeric code"), max_length=3)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["iso2"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name or self.iso2


class Region(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    countries = models.ManyToManyField(Country, related_name="regions", verbose_name=_("countries"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name or self.code
