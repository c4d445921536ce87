"""API: logging contacts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require
from gendan.api.schema import VALIDATION_ERROR
from gendan.api.serializers import limit_choices
from gendan.api.viewsets import ApiViewSet
from gendan.customers.models import Contact, Customer
from gendan.customers.selectors import contacts_visible, customers_visible
from gendan.orders.models import Order
from gendan.orders.selectors import orders_visible

from ..messages.serializers import ChatMessageSerializer
from ..models import Direction
from .services import LOGGED_CHANNELS, logged_contact_create


# --- logged contacts ------------------------------------------------------------------
class LoggedContactSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=[(c.value, c.label) for c in LOGGED_CHANNELS])
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.OUTBOUND)
    occurred_at = serializers.DateTimeField()
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.none())
    contact = serializers.PrimaryKeyRelatedField(
        queryset=Contact.objects.none(), required=False, allow_null=True
    )
    order = serializers.PrimaryKeyRelatedField(
        queryset=Order.objects.none(), required=False, allow_null=True
    )
    summary = serializers.CharField(max_length=20000)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, write_only=True,
        help_text=_("Screenshots or notes (multipart/form-data only)."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            limit_choices(self, "customer", customers_visible(request.user))
            limit_choices(self, "contact", contacts_visible(request.user))
            limit_choices(self, "order", orders_visible(request.user))


@extend_schema_view(
    create=extend_schema(
        request={
            "application/json": LoggedContactSerializer,
            "multipart/form-data": LoggedContactSerializer,
        },
        responses={201: ChatMessageSerializer, 400: VALIDATION_ERROR},
    )
)
class LoggedContactViewSet(mixins.CreateModelMixin, ApiViewSet):
    """Record a WeChat chat, a Skype or phone call, or a meeting with a customer."""

    serializer_class = LoggedContactSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.user
        require(user, "customers.change")
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        customer: Customer = data.pop("customer")
        require(user, "customers.change", team=customer.team_id)
        message = logged_contact_create(
            actor=user, customer=customer, files=data.pop("attachments", []), **data
        )
        return Response(ChatMessageSerializer(message).data, status=status.HTTP_201_CREATED)
