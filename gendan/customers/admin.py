from django.contrib import admin

from .models import Contact, Customer, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "stage", "owner", "team"]
    list_filter = ["stage", "team"]
    search_fields = ["code", "name", "domain"]
    readonly_fields = ["version", "name_key"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "customer", "email", "phone"]
    search_fields = ["name", "email"]
    raw_id_fields = ["customer"]
