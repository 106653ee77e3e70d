from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from hiwar.reviews.models import Milestone, ReviewCycle


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 0


@admin.register(ReviewCycle)
class ReviewCycleAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "region", "starts_on", "ends_on", "is_current"]
    inlines = [MilestoneInline]
    filter_horizontal = ["member_states"]
