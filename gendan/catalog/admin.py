from django.contrib import admin

from .models import Category, Product


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_zh"]
    search_fields = ["name", "name_zh"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "name_zh", "hs_code", "is_active"]
    list_filter = ["is_active", "category"]
    search_fields = ["sku", "name", "name_zh"]
