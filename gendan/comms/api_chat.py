"""Message templates, WhatsApp sending and logged contacts over the REST API.

Everyone reads templates; those who may change customers write them.  ``render`` fills a
template for an order and answers 400 naming each placeholder without a value.
``/whatsapp/send/`` sends a text or a template to a contact through the Cloud API;
``/logged-contacts/`` records a WeChat chat, Skype or phone call or a meeting.
"""

from __future__ import annotations

from typing import Any

import django_filters.rest_framework as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require
from gendan.accounts.models import User
from gendan.api.schema import VALIDATION_ERROR
from gendan.api.serializers import limit_choices
from gendan.api.viewsets import ApiViewSet
from gendan.customers.models import Contact, Customer
from gendan.customers.selectors import contacts_visible, customers_visible
from gendan.orders.models import Order
from gendan.orders.selectors import order_get_for_user, orders_visible

from .models import Attachment, Channel, Direction, Message, MessageTemplate
from .services_chat import (
    LOGGED_CHANNELS,
    logged_contact_create,
    message_template_create,
    message_template_delete,
    message_template_update,
    whatsapp_send_template,
    whatsapp_send_text,
)
from .templating import MissingPlaceholders, template_choose, template_render
from .whatsapp import cloud


def _user(request: Request) -> User:
    return request.user  # type: ignore[return-value]


# --- message templates ----------------------------------------------------------------
class MessageTemplateSerializer(serializers.ModelSerializer):
    # A plain string, checked by the service: a choice set would clash with the users'
    # interface "language" in the schema's enum names.
    language = serializers.CharField(
        max_length=10, help_text=_("A language code such as en, de, es, ar or zh.")
    )
    channel = serializers.ChoiceField(
        choices=[(Channel.EMAIL, Channel.EMAIL.label), (Channel.WHATSAPP, Channel.WHATSAPP.label)],
        default=Channel.EMAIL,
    )

    class Meta:
        model = MessageTemplate
        fields = ["id", "code", "language", "name", "channel", "subject", "body", "updated_at"]
        read_only_fields = ["updated_at"]
        # The (code, language) pair is checked by the service, with a message naming both.
        validators: list[Any] = []


class TemplateRenderRequestSerializer(serializers.Serializer):
    order = serializers.IntegerField(
        min_value=1, help_text=_("The order to fill the template from.")
    )
    contact = serializers.IntegerField(
        min_value=1, required=False, help_text=_("Leave out for the order's contact.")
    )
    values = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=500),
        required=False,
        help_text=_(
            'Values typed in for placeholders the order does not give, e.g. {"tracking": "MAEU123"}.'
        ),
    )


class RenderedSerializer(serializers.Serializer):
    language = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    values = serializers.DictField(child=serializers.CharField())


MISSING_PLACEHOLDERS = OpenApiResponse(
    inline_serializer(
        name="MissingPlaceholders",
        fields={
            "detail": serializers.CharField(),
            "missing_placeholders": serializers.ListField(child=serializers.CharField()),
            "errors": serializers.ListField(child=serializers.CharField()),
        },
    ),
    description=_("Placeholders without a value (or an unknown one); nothing was rendered."),
)


def _missing_response(exc: MissingPlaceholders) -> Response:
    return Response(
        {
            "detail": " ".join(exc.messages),
            "missing_placeholders": exc.names,
            "errors": exc.messages,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


class MessageTemplateFilter(filters.FilterSet):
    code = filters.CharFilter()
    language = filters.CharFilter(help_text=_("A language code, e.g. de."))
    channel = filters.ChoiceFilter(choices=[(c, c) for c in (Channel.EMAIL, Channel.WHATSAPP)])

    class Meta:
        model = MessageTemplate
        fields: list[str] = []


@extend_schema_view(
    create=extend_schema(responses={201: MessageTemplateSerializer, 400: VALIDATION_ERROR}),
    update=extend_schema(responses={200: MessageTemplateSerializer, 400: VALIDATION_ERROR}),
    partial_update=extend_schema(responses={200: MessageTemplateSerializer, 400: VALIDATION_ERROR}),
)
class MessageTemplateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """Message templates, one per code and language, with {placeholders}."""

    serializer_class = MessageTemplateSerializer
    filterset_class = MessageTemplateFilter
    queryset = MessageTemplate.objects.all()

    def get_queryset(self) -> QuerySet[MessageTemplate]:
        return MessageTemplate.objects.order_by("code", "language")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        require(_user(self.request), "customers.change")
        serializer.instance = message_template_create(
            actor=_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        require(_user(self.request), "customers.change")
        assert isinstance(serializer.instance, MessageTemplate)
        serializer.instance = message_template_update(
            actor=_user(self.request), template=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: MessageTemplate) -> None:
        require(_user(self.request), "customers.change")
        message_template_delete(actor=_user(self.request), template=instance)

    @extend_schema(
        request=TemplateRenderRequestSerializer,
        responses={200: RenderedSerializer, 400: MISSING_PLACEHOLDERS, 404: None},
    )
    @action(detail=True, methods=["post"], url_path="render")
    def render_for_order(self, request: Request, pk: str) -> Response:
        """The template filled for an order: subject and body, or which placeholders lack a value."""
        template = self.get_object()
        payload = TemplateRenderRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        order = order_get_for_user(user=_user(request), pk=payload.validated_data["order"])
        contact = order.contact
        if "contact" in payload.validated_data:
            contact = (
                contacts_visible(_user(request))
                .filter(pk=payload.validated_data["contact"], customer_id=order.customer_id)
                .first()
            )
            if contact is None:
                raise serializers.ValidationError(
                    {"contact": [_("Not a contact of the order's customer.")]}
                )
        try:
            rendered = template_render(
                template, order=order, customer=order.customer, contact=contact,
                sender=_user(request), given=payload.validated_data.get("values"),
            )  # fmt: skip
        except MissingPlaceholders as exc:
            return _missing_response(exc)
        return Response(
            {
                "language": template.language,
                "subject": rendered.subject,
                "body": rendered.body,
                "values": rendered.values,
            }
        )


# --- messages (what sending and logging return) ---------------------------------------
class ChatAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size"]


class ChatMessageSerializer(serializers.ModelSerializer):
    attachments = ChatAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = [
            "id", "channel", "direction", "sent_at", "body_text", "from_name", "customer",
            "contact", "order", "thread", "external_id", "delivery_status", "attachments",
        ]  # fmt: skip
        read_only_fields = fields


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
        user = _user(request)
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
            return _missing_response(exc)
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
        user = _user(request)
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
