"""Export orders and their lines over the REST API.

An order is read and written with its lines nested.  On a change, a line with an ``id``
changes that line, a line without one is added, and a line left out is removed — what
``order_update(lines=...)`` does for the order page.  Status moves through its own action.
"""

from __future__ import annotations

from typing import Any

import django_filters.rest_framework as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.models import User
from gendan.api.concurrency import expected_version, if_match_check, require_version
from gendan.api.filters import updated_after_filter
from gendan.api.schema import (
    ETAG,
    IF_MATCH,
    VERSION_HELP,
    VERSIONED_WRITE_ERRORS,
    record_schema_view,
)
from gendan.api.serializers import limit_choices
from gendan.api.viewsets import RecordViewSet, visible_teams
from gendan.core.money import COMMON_CURRENCIES
from gendan.customers.api import visible_contacts, visible_customers
from gendan.customers.models import Contact, Customer

from .models import Order, OrderLine, OrderStatus
from .selectors import OrderFilters, order_get_for_user, order_list, orders_visible
from .services import LineInput, order_create, order_delete, order_set_status, order_update


class OrderLineSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("An existing line's id to change that line; leave it out for a new line."),
    )

    class Meta:
        model = OrderLine
        fields = [
            "id", "position", "product", "description", "quantity", "unit", "unit_price", "amount",
        ]  # fmt: skip
        read_only_fields = ["position", "amount"]
        extra_kwargs = {
            "product": {"required": False, "allow_null": True},
            "unit": {"allow_blank": True, "help_text": _("Leave empty for the product's unit.")},
            "description": {"help_text": _("Leave empty for the product's name.")},
        }


class OrderSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.none())
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(),
        allow_null=True,
        required=False,
        help_text=_("Leave out for the customer's main contact."),
    )
    lines = OrderLineSerializer(many=True, allow_empty=False)

    class Meta:
        model = Order
        fields = [
            "id", "number", "customer", "contact", "team", "customer_po", "order_date", "currency",
            "incoterm", "incoterm_place", "payment_term", "deposit_percent", "payment_days",
            "promised_ship_date", "sales_owner", "merchandiser", "status", "total_amount", "notes",
            "lines", "version", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "team", "status", "total_amount", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            "number": {
                "required": False,
                "allow_blank": True,
                "help_text": _("Leave out for the next number; it cannot be changed afterwards."),
            },
            "order_date": {"required": False, "help_text": _("Leave out for today.")},
            "sales_owner": {"help_text": _("Leave out for the customer's owner.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        limit_choices(self, "customer", visible_customers(request))
        limit_choices(self, "contact", visible_contacts(request))

    def validate_lines(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # A PATCH may leave out fields of the order, but each line it sends is a whole line:
        # DRF would otherwise let the partial update skip the lines' required fields too.
        # The errors take DRF's shape for a list: {index: {field: [message]}}.
        errors = {
            str(index): {name: [_("This field is required.")] for name in missing}
            for index, line in enumerate(lines)
            if (missing := [name for name in ("quantity", "unit_price") if name not in line])
        }
        if errors:
            raise serializers.ValidationError(errors)
        return lines


class OrderStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


class OrderFilter(filters.FilterSet):
    q = filters.CharFilter(
        help_text=_("Part of the PI number, the customer PO or the customer's name.")
    )
    status = filters.ChoiceFilter(choices=OrderStatus.choices)
    customer = filters.ModelChoiceFilter(queryset=visible_customers)
    country = filters.ChoiceFilter(
        field_name="customer__country",
        choices=countries,
        help_text=_("The customer's country, e.g. DE."),
    )
    merchandiser = filters.ModelChoiceFilter(queryset=User.objects.all())
    sales_owner = filters.ModelChoiceFilter(queryset=User.objects.all())
    currency = filters.ChoiceFilter(choices=[(code, code) for code in COMMON_CURRENCIES])
    team = filters.ModelChoiceFilter(queryset=visible_teams)
    ship_from = filters.DateFilter(
        field_name="promised_ship_date",
        lookup_expr="gte",
        help_text=_("Promised ship date on or after."),
    )
    ship_to = filters.DateFilter(
        field_name="promised_ship_date",
        lookup_expr="lte",
        help_text=_("Promised ship date on or before."),
    )
    updated_after = updated_after_filter(_("Only orders changed after this time (ISO 8601)."))

    class Meta:
        model = Order
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Order]) -> QuerySet[Order]:
        # The order list page's selector does the filtering, so a filter means the same on
        # the page and in the API.  It scopes to the user's teams as get_queryset does.
        data = self.form.cleaned_data

        def pk(name: str) -> int | None:
            return data[name].pk if data.get(name) else None

        return order_list(
            user=self.request.user,
            filters=OrderFilters(
                q=data.get("q") or "",
                status=data.get("status") or "",
                customer=pk("customer"),
                merchandiser=pk("merchandiser"),
                sales_owner=pk("sales_owner"),
                country=data.get("country") or "",
                currency=data.get("currency") or "",
                team=pk("team"),
                ship_from=data.get("ship_from"),
                ship_to=data.get("ship_to"),
                updated_after=data.get("updated_after"),
            ),
        )


ORDER_EXAMPLE = OpenApiExample(
    "A product line and a free-text sample line",
    request_only=True,
    value={
        "customer": 3,
        "contact": 5,
        "currency": "EUR",
        "incoterm": "CIF",
        "incoterm_place": "Hamburg",
        "payment_term": "tt",
        "deposit_percent": "30",
        "promised_ship_date": "2027-01-15",
        "order_date": "2026-11-20",
        "lines": [
            {"product": 7, "quantity": "500", "unit": "pcs", "unit_price": "12.50"},
            {"description": "Sample set", "quantity": "1", "unit_price": "0"},
        ],
    },
)


def _line_inputs(lines: list[dict[str, Any]]) -> list[LineInput]:
    return [LineInput.from_data(line) for line in lines]


@record_schema_view(OrderSerializer, examples=[ORDER_EXAMPLE])
class OrderViewSet(RecordViewSet[Order]):
    """Orders of the teams you belong to (managers and administrators: all)."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    change_permission = "orders.change"
    delete_permission = "orders.delete"

    def visible(self, user: User) -> QuerySet[Order]:
        return orders_visible(user)

    def get_for_user(self, *, user: User, pk: int) -> Order:
        return order_get_for_user(user=user, pk=pk)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().filter_queryset(queryset).prefetch_related("lines")

    def create_record(self, data: dict[str, Any]) -> Order:
        customer = data.pop("customer")
        self.require(self.change_permission, team=customer.team_id)
        return order_create(
            actor=self.user, customer=customer, lines=_line_inputs(data.pop("lines")), **data
        )

    def update_record(
        self, instance: Order, data: dict[str, Any], *, expected_version: int | None
    ) -> Order:
        if data.get("number") == instance.number:
            # Sending back the number read is no change; a new one is refused by the service.
            del data["number"]
        lines = data.pop("lines", None)
        return order_update(
            actor=self.user,
            order=instance,
            expected_version=expected_version,
            lines=_line_inputs(lines) if lines is not None else None,
            **data,
        )

    def delete_record(self, instance: Order) -> None:
        order_delete(actor=self.user, order=instance)

    @extend_schema(
        request=OrderStatusSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: OrderSerializer, **VERSIONED_WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str) -> Response:
        """Move the order to another status (draft, confirmed, in production, shipped, …)."""
        order = self.get_object()
        self.require(self.change_permission, team=order.team_id)
        if_match = if_match_check(request, order)
        require_version(request)
        serializer = OrderStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = order_set_status(
            actor=self.user,
            order=order,
            status=serializer.validated_data["status"],
            expected_version=expected_version(
                body_version=serializer.validated_data.get("version"), if_match=if_match
            ),
        )
        return self.versioned_representation(order)
