"""API: message templates and rendering them."""

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
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require
from gendan.api.schema import VALIDATION_ERROR
from gendan.api.viewsets import ApiViewSet
from gendan.customers.selectors import contacts_visible
from gendan.orders.selectors import order_get_for_user

from ..models import Channel, MessageTemplate
from .rendering import MissingPlaceholders, template_render
from .services import message_template_create, message_template_delete, message_template_update


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


def missing_placeholders_response(exc: MissingPlaceholders) -> Response:
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
        require(self.user, "customers.change")
        serializer.instance = message_template_create(actor=self.user, **serializer.validated_data)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        require(self.user, "customers.change")
        assert isinstance(serializer.instance, MessageTemplate)
        serializer.instance = message_template_update(
            actor=self.user, template=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance: MessageTemplate) -> None:
        require(self.user, "customers.change")
        message_template_delete(actor=self.user, template=instance)

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
        order = order_get_for_user(user=self.user, pk=payload.validated_data["order"])
        contact = order.contact
        if "contact" in payload.validated_data:
            contact = (
                contacts_visible(self.user)
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
                sender=self.user, given=payload.validated_data.get("values"),
            )  # fmt: skip
        except MissingPlaceholders as exc:
            return missing_placeholders_response(exc)
        return Response(
            {
                "language": template.language,
                "subject": rendered.subject,
                "body": rendered.body,
                "values": rendered.values,
            }
        )
