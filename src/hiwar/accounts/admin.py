from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hiwar.accounts import models


@admin.register(models.User)
class UserAdmin(SimpleHistoryAdmin):
    list_display = ["email", "full_name", "preferred_language", "is_active"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "groups", "user_permissions"]


@admin.register(models.Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "category", "country"]
    list_filter = ["kind", "category"]
    search_fields = ["name", "acronym"]


@admin.register(models.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "status"]
    list_filter = ["role", "status"]


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "country", "granted_at"]
    list_filter = ["role"]


@admin.register(models.Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "role", "country", "organization", "created_at", "accepted_at"]
    exclude = ["token"]
