from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from hiwar.reviews.models import Milestone, ReportTemplate, ReviewCycle, TemplateSection


@register(ReviewCycle)
class ReviewCycleTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)


@register(ReportTemplate)
class ReportTemplateTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(TemplateSection)
class TemplateSectionTranslation(TranslationOptions):
    fields = ("title", "guidance", "guiding_questions")


# After translation registration, so the historical models include title_ar, title_en, ...
register_history(ReviewCycle)
register_history(Milestone)
register_history(ReportTemplate)
register_history(TemplateSection)
