from django.contrib import admin

from .models import HistoryEntry, SecurityEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """The logs are evidence: nobody edits or deletes them through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "record_type", "record_label"]
    list_filter = ["action", "record_type"]
    search_fields = ["record_label"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "username", "ip_address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
