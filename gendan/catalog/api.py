"""Products over the REST API: the whole company reads them, some roles change them."""

from __future__ import annotations

from typing import Any

import django_filters.rest_framework as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require
from gendan.api.concurrency import expected_version, if_match_check
from gendan.api.filters import StrictBooleanFilter, UtcIsoDateTimeFilter
from gendan.api.schema import (
    ETAG,
    IF_MATCH,
    VALIDATION_ERROR,
    VERSION_HELP,
    VERSIONED_WRITE_ERRORS,
)
from gendan.api.viewsets import ApiViewSet

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
    updated_after = UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gt",
        help_text=_("Only products changed after this time (ISO 8601)."),
    )

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


@extend_schema_view(
    retrieve=extend_schema(parameters=[ETAG]),
    create=extend_schema(
        parameters=[ETAG], responses={201: ProductSerializer, 400: VALIDATION_ERROR}
    ),
    update=extend_schema(
        parameters=[IF_MATCH, ETAG], responses={200: ProductSerializer, **VERSIONED_WRITE_ERRORS}
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH, ETAG], responses={200: ProductSerializer, **VERSIONED_WRITE_ERRORS}
    ),
    destroy=extend_schema(parameters=[IF_MATCH], responses={204: None, 400: VALIDATION_ERROR}),
)
class ProductViewSet(mixins.ListModelMixin, ApiViewSet):
    """Products are shared by every team."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter

    def get_queryset(self) -> QuerySet[Product]:
        return Product.objects.select_related("category")

    def get_object(self) -> Product:
        return product_get(pk=int(self.kwargs["pk"]))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.versioned_representation(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(request.user, "products.change")  # type: ignore[arg-type]
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        product = product_create(actor=request.user, **data)  # type: ignore[arg-type]
        return self.versioned_representation(product, status_code=status.HTTP_201_CREATED)

    def update(
        self, request: Request, *args: Any, partial: bool = False, **kwargs: Any
    ) -> Response:
        product = self.get_object()
        require(request.user, "products.change")  # type: ignore[arg-type]
        if_match = if_match_check(request, product)
        serializer = self.get_serializer(product, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        product = product_update(
            actor=request.user,  # type: ignore[arg-type]
            product=product,
            expected_version=expected_version(
                body_version=data.pop("version", None), if_match=if_match
            ),
            **data,
        )
        return self.versioned_representation(product)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        product = self.get_object()
        require(request.user, "products.delete")  # type: ignore[arg-type]
        if_match_check(request, product)
        product_delete(actor=request.user, product=product)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)
