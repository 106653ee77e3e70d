from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hiwar.publications.models import (
    Comment,
    LanguageVersion,
    Publication,
    Section,
    SectionTranslation,
)


class LanguageVersionInline(admin.TabularInline):
    model = LanguageVersion
    extra = 0
    raw_id_fields = ["translator"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "cycle", "status", "source_language", "published_at"]
    list_filter = ["kind", "status", "source_language"]
    search_fields = ["title"]
    raw_id_fields = ["created_by"]
    inlines = [LanguageVersionInline]


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["heading", "publication", "order", "revision", "adoption_status"]
    list_filter = ["publication__kind"]
    search_fields = ["heading", "body"]
    raw_id_fields = ["publication", "updated_by"]


@admin.register(SectionTranslation)
class SectionTranslationAdmin(SimpleHistoryAdmin):
    list_display = ["section", "language", "status", "machine", "revision"]
    list_filter = ["language", "status", "machine"]
    raw_id_fields = ["section", "translator"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["section", "author", "created_at", "resolved_at"]
    raw_id_fields = ["section", "author", "resolved_by"]
