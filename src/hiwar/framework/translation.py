from modeltranslation.translator import TranslationOptions, register

from hiwar.framework import models


@register(models.Cluster)
class ClusterTranslation(TranslationOptions):
    fields = ("title",)


@register(models.Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("title", "commitment")


@register(models.Action)
class ActionTranslation(TranslationOptions):
    fields = ("text",)


@register(models.GuidingPrinciple)
class GuidingPrincipleTranslation(TranslationOptions):
    fields = ("name", "text")


@register(models.StakeholderCategory)
class StakeholderCategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(models.SdgTarget)
class SdgTargetTranslation(TranslationOptions):
    fields = ("text",)


@register(models.Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
