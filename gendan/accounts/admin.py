from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "created_at"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]
    list_filter = ["role", "teams", "is_active"]
    filter_horizontal = ["teams", "groups", "user_permissions"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Gendan"), {"fields": ["role", "teams", "language", "time_zone", "phone"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Gendan"), {"fields": ["role", "teams"]}),
    ]
