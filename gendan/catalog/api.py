"""Products over the REST API: the whole company reads them, some roles change them."""

from __future__ import annotations

from typing import Any

import django_filters.rest_framework as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gendan.accounts.models import User
from gendan.api.filters import StrictBooleanFilter, updated_after_filter
from gendan.api.schema import VERSION_HELP, record_schema_view
from gendan.api.viewsets import RecordViewSet

from .models import Category, Product
from .selectors import ProductFilters, product_get, product_list
from .services import product_create, product_delete, product_update


class ProductSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
    category_name = serializers.CharField(source="category.name", read_only=True, allow_null=True)
    carton_cbm = serializers.DecimalField(
        max_digits=12,
        decimal_places=4,
        read_only=True,
        allow_null=True,
        help_text=_("Volume of one carton in cubic metres."),
    )

    class Meta:
        model = Product
        fields = [
            "id", "sku", "name", "name_zh", "description", "category", "category_name", "hs_code",
            "unit", "units_per_carton", "carton_length_cm", "carton_width_cm", "carton_height_cm",
            "carton_cbm", "net_weight_kg", "gross_weight_kg", "is_active", "version", "created_at",
            "updated_at",
        ]  # fmt: skip


class ProductFilter(filters.FilterSet):
    q = filters.CharFilter(help_text=_("Part of the SKU or a name, or the start of the HS code."))
    category = filters.ModelChoiceFilter(queryset=Category.objects.all())
    is_active = StrictBooleanFilter()
    updated_after = updated_after_filter(_("Only products changed after this time (ISO 8601)."))

    class Meta:
        model = Product
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Product]) -> QuerySet[Product]:
        # The product list page's selector does the filtering, so a filter means the same
        # on the page and in the API.
        data = self.form.cleaned_data
        products = product_list(
            filters=ProductFilters(
                q=data.get("q") or "",
                category=data["category"].pk if data.get("category") else None,
                active=data.get("is_active"),
            )
        )
        if data.get("updated_after"):
            products = products.filter(updated_at__gt=data["updated_after"])
        return products


@record_schema_view(ProductSerializer)
class ProductViewSet(RecordViewSet[Product]):
    """Products are shared by every team."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    change_permission = "products.change"
    delete_permission = "products.delete"

    def visible(self, user: User) -> QuerySet[Product]:
        return Product.objects.select_related("category")

    def get_for_user(self, *, user: User, pk: int) -> Product:
        return product_get(pk=pk)

    def create_record(self, data: dict[str, Any]) -> Product:
        return product_create(actor=self.user, **data)

    def update_record(
        self, instance: Product, data: dict[str, Any], *, expected_version: int | None
    ) -> Product:
        return product_update(
            actor=self.user, product=instance, expected_version=expected_version, **data
        )

    def delete_record(self, instance: Product) -> None:
        product_delete(actor=self.user, product=instance)
