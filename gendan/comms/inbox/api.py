"""Messages over the REST API, and the search endpoint.

Messages are read-only but for their links: PATCH sets the customer and order a message
(with its conversation) belongs to, as linking in the inbox does.  ``body_html`` is the
sanitised HTML stored at ingest: no scripts or event handlers, and remote images held
back in ``data-remote-src`` attributes."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import django_filters.rest_framework as filters
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.api.pagination import CursorPagination
from gendan.api.schema import VALIDATION_ERROR
from gendan.api.serializers import limit_choices
from gendan.api.viewsets import ApiViewSet
from gendan.customers.models import Contact, Customer
from gendan.customers.selectors import contacts_visible, customers_visible
from gendan.orders.models import Order
from gendan.orders.selectors import orders_visible

from ..messages.linking import message_link
from ..messages.selectors import message_get_for_user, messages_visible, threads_visible
from ..models import Attachment, Channel, Direction, Message, Thread

_M = TypeVar("_M", bound=models.Model)


def _user(request: Request | None) -> Any:
    return getattr(request, "user", None)


def _visible(
    request: Request | None, visible: Callable[[Any], QuerySet[_M]], model: type[_M]
) -> QuerySet[_M]:
    """What ``visible`` lets the request's user see; nothing without a user."""
    user = _user(request)
    return visible(user) if user is not None else model._default_manager.none()


def _visible_customers(request: Request | None) -> QuerySet[Customer]:
    return _visible(request, customers_visible, Customer)


def _visible_contacts(request: Request | None) -> QuerySet[Contact]:
    return _visible(request, contacts_visible, Contact)


def _visible_orders(request: Request | None) -> QuerySet[Order]:
    return _visible(request, orders_visible, Order)


def _visible_threads(request: Request | None) -> QuerySet[Thread]:
    return _visible(request, threads_visible, Thread)


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, required=False)
    address = serializers.CharField()


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        source="original_name", help_text=_("The name the sender gave it.")
    )
    url = serializers.SerializerMethodField(help_text=_("Download address; empty if not kept."))

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "content_type", "is_inline", "is_skipped", "url"]

    def get_url(self, attachment: Attachment) -> str:
        if attachment.is_skipped or not attachment.file:
            return ""
        path = reverse(
            "message-attachment",
            kwargs={"pk": attachment.message_id, "attachment_pk": attachment.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class MessageSerializer(serializers.ModelSerializer):
    to = PersonSerializer(many=True, read_only=True)
    cc = PersonSerializer(many=True, read_only=True)
    participants = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Every address on the message, sender first, each once."),
    )
    body_html = serializers.CharField(
        read_only=True,
        help_text=_(
            "Sanitised HTML: no scripts or event handlers; remote images are held back in "
            "data-remote-src attributes."
        ),
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = [
            "id", "channel", "direction", "subject", "from_address", "from_name", "to", "cc",
            "participants", "sent_at", "body_text", "body_html", "message_id", "in_reply_to",
            "thread", "customer", "contact", "order", "mailbox", "is_auto", "attachments",
        ]  # fmt: skip
        read_only_fields = fields


class MessageLinkSerializer(serializers.Serializer):
    """PATCH: the links of a message; everything else about a message is as it arrived."""

    customer = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.none(),
        required=False,
        help_text=_("Link the message, with its conversation, to this customer."),
    )
    order = serializers.PrimaryKeyRelatedField(
        queryset=Order.objects.none(),
        required=False,
        allow_null=True,
        help_text=_(
            "Link to this order of the customer (alone: to the order and its customer); "
            "null removes the order link."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        limit_choices(self, "customer", _visible_customers(request))
        limit_choices(self, "order", _visible_orders(request))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "customer" not in attrs and "order" not in attrs:
            raise serializers.ValidationError(_("Send a customer, an order, or both."))
        return attrs


class MessageFilter(filters.FilterSet):
    customer = filters.ModelChoiceFilter(queryset=_visible_customers)
    contact = filters.ModelChoiceFilter(queryset=_visible_contacts)
    order = filters.ModelChoiceFilter(queryset=_visible_orders)
    thread = filters.ModelChoiceFilter(
        queryset=_visible_threads, help_text=_("The conversation's id.")
    )
    channel = filters.ChoiceFilter(choices=Channel.choices)
    direction = filters.ChoiceFilter(choices=Direction.choices)

    class Meta:
        model = Message
        fields: list[str] = []


class MessagePagination(CursorPagination):
    ordering = ("-sent_at", "-id")  # type: ignore[assignment]  # DRF takes a tuple


@extend_schema_view(
    partial_update=extend_schema(
        request=MessageLinkSerializer,
        responses={200: MessageSerializer, 400: VALIDATION_ERROR},
        description=_(
            "Link a message to a customer and/or order. In a conversation, the whole "
            "conversation follows and moves into the customer's team."
        ),
    ),
)
class MessageViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ApiViewSet
):
    """Messages of every channel that you may see (your teams'; managers and administrators: all), newest first."""

    serializer_class = MessageSerializer
    filterset_class = MessageFilter
    pagination_class = MessagePagination
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Message]:
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        return (
            messages_visible(self.user)
            .defer("raw", "references")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
        )

    def get_object(self) -> Message:
        return get_object_or_404(self.get_queryset(), pk=int(self.kwargs["pk"]))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        message = self.get_object()
        links = MessageLinkSerializer(data=request.data, context=self.get_serializer_context())
        links.is_valid(raise_exception=True)
        data = links.validated_data
        message_link(
            actor=self.user,
            message=message,
            customer=data.get("customer"),
            order=data.get("order"),
            clear_order="order" in data and data["order"] is None,
        )
        return self.representation(self.get_object())

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("The file, under its original name.")
            ),
            404: OpenApiResponse(description=_("No such attachment, or not kept.")),
        }
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_pk>[0-9]+)",
        url_name="attachment",
        pagination_class=None,
        filter_backends=[],
    )
    def attachment(self, request: Request, pk: str, attachment_pk: str) -> FileResponse:
        """Download one attachment of the message."""
        message = message_get_for_user(user=self.user, pk=int(pk))
        attachment = get_object_or_404(Attachment, pk=int(attachment_pk), message=message)
        if attachment.is_skipped or not attachment.file:
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        name = Path(attachment.original_name).name or "attachment"
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=name,
            content_type=attachment.content_type.split(";")[0].strip()
            or mimetypes.guess_type(name)[0]
            or "application/octet-stream",
        )
        response["Content-Security-Policy"] = "sandbox"
        return response
