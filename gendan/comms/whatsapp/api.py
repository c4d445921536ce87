"""API: sending WhatsApp messages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require
from gendan.api.serializers import limit_choices
from gendan.api.viewsets import ApiViewSet
from gendan.customers.models import Contact
from gendan.customers.selectors import contacts_visible
from gendan.orders.models import Order
from gendan.orders.selectors import orders_visible

from ..message_templates.api import MISSING_PLACEHOLDERS, missing_placeholders_response
from ..message_templates.rendering import MissingPlaceholders, template_choose
from ..messages.serializers import ChatMessageSerializer
from ..whatsapp import cloud
from .sending import whatsapp_send_template, whatsapp_send_text


# --- WhatsApp sending -----------------------------------------------------------------
class WhatsAppSendSerializer(serializers.Serializer):
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.none())
    text = serializers.CharField(
        required=False,
        max_length=4096,
        help_text=_("A free text (within 24 h of their last message)."),
    )
    template = serializers.SlugField(
        required=False,
        help_text=_(
            "A template code; the variant in the contact's language (else English) is sent."
        ),
    )
    order = serializers.PrimaryKeyRelatedField(
        queryset=Order.objects.none(), required=False, allow_null=True
    )
    values = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            limit_choices(
                self, "contact", contacts_visible(request.user).select_related("customer")
            )
            limit_choices(self, "order", orders_visible(request.user))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("text")) == bool(attrs.get("template")):
            raise serializers.ValidationError(_("Give either a text or a template."))
        return attrs


UPSTREAM_ERROR = OpenApiResponse(
    inline_serializer(
        name="WhatsAppError",
        fields={
            "detail": serializers.CharField(),
            "code": serializers.IntegerField(allow_null=True),
        },
    ),
    description=_(
        "WhatsApp refused the message (400), could not be reached (502) or is not set up (503)."
    ),
)


class WhatsAppViewSet(ApiViewSet):
    """Send WhatsApp messages through the Business Cloud API."""

    serializer_class = WhatsAppSendSerializer

    @extend_schema(
        request=WhatsAppSendSerializer,
        responses={
            201: ChatMessageSerializer,
            400: MISSING_PLACEHOLDERS,
            502: UPSTREAM_ERROR,
            503: UPSTREAM_ERROR,
        },
    )
    @action(detail=False, methods=["post"], url_path="send")
    def send(self, request: Request) -> Response:
        """Send a text, or a template filled from the order, to a contact's WhatsApp number."""
        user = self.user
        require(user, "customers.change")
        payload = WhatsAppSendSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        contact: Contact = data["contact"]
        require(user, "customers.change", team=contact.team_id)
        try:
            if data.get("template"):
                template = template_choose(
                    data["template"], customer=contact.customer, contact=contact
                )
                message = whatsapp_send_template(
                    actor=user, contact=contact, template=template, order=data.get("order"),
                    given=data.get("values"),
                )  # fmt: skip
            else:
                message = whatsapp_send_text(
                    actor=user, contact=contact, text=data["text"], order=data.get("order")
                )
        except MissingPlaceholders as exc:
            return missing_placeholders_response(exc)
        except cloud.CloudApiError as exc:
            code: int
            if not cloud.is_configured():
                code = status.HTTP_503_SERVICE_UNAVAILABLE
            elif exc.status and 400 <= exc.status < 500:
                code = status.HTTP_400_BAD_REQUEST
            else:
                code = status.HTTP_502_BAD_GATEWAY
            return Response({"detail": exc.message, "code": exc.code}, status=code)
        return Response(ChatMessageSerializer(message).data, status=status.HTTP_201_CREATED)
