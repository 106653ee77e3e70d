from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from hiwar.framework import models


class ReadOnlyAdmin(TranslationAdmin):
    """Reference data comes from files (`hiwar load_framework`); the admin only shows it."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Objective)
class ObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "cluster"]


@admin.register(models.GuidingPrinciple)
class GuidingPrincipleAdmin(ReadOnlyAdmin):
    list_display = ["letter", "name"]


@admin.register(models.Cluster)
class ClusterAdmin(ReadOnlyAdmin):
    list_display = ["code", "title"]


@admin.register(models.StakeholderCategory)
class StakeholderCategoryAdmin(ReadOnlyAdmin):
    list_display = ["position", "name"]


@admin.register(models.Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ["iso2", "iso3", "name"]
    search_fields = ["iso2", "iso3", "name_en", "name_fr", "name_ar"]
