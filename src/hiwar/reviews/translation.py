from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from hiwar.reviews.models import Milestone, ReviewCycle


@register(ReviewCycle)
class ReviewCycleTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)


# After translation registration, so the historical models include title_ar, title_en, ...
register_history(ReviewCycle)
register_history(Milestone)
