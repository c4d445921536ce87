from django.contrib import admin

from .models import Order, OrderLine


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    raw_id_fields = ["product"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """For inspection; orders are changed in the app, where history and checks apply."""

    list_display = [
        "number",
        "customer",
        "status",
        "promised_ship_date",
        "currency",
        "total_amount",
    ]
    list_filter = ["status", "currency", "team"]
    search_fields = ["number", "customer__name", "customer_po"]
    raw_id_fields = ["customer", "contact"]
    inlines = [OrderLineInline]
    readonly_fields = ["version", "total_amount"]

    def has_change_permission(self, request, obj=None):
        return False
