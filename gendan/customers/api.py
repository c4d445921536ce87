"""Customers and contacts over the REST API.

Reads come from the selectors, writes from the services, the same as the pages; the
serializers only check and convert fields.
"""

from __future__ import annotations

from typing import Any

import django_filters.rest_framework as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import writable_teams
from gendan.accounts.models import Team, User
from gendan.api.concurrency import if_match_check
from gendan.api.filters import updated_after_filter
from gendan.api.schema import (
    ETAG,
    IF_MATCH,
    VALIDATION_ERROR,
    VERSION_HELP,
    VERSIONED_WRITE_ERRORS,
    record_schema_view,
)
from gendan.api.serializers import limit_choices
from gendan.api.viewsets import RecordViewSet, visible_for_request, visible_teams

from .choices import PreferredChannel
from .geo import LANGUAGE_CODES
from .models import Contact, Customer, Stage
from .selectors import (
    CustomerFilters,
    contact_get_for_user,
    contacts_visible,
    customer_get_for_user,
    customer_list,
    customer_pks_visible,
    customers_visible,
)
from .services import (
    contact_create,
    contact_delete,
    contact_update,
    customer_create,
    customer_delete,
    customer_find_duplicates,
    customer_merge,
    customer_update,
)

# The customers the caller may see, for the related fields and filters that name one.
visible_customers = visible_for_request(customers_visible, Customer)
visible_contacts = visible_for_request(contacts_visible, Contact)


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^[A-Z]{2}$",
        "example": "DE",
        "description": _("The ISO 3166-1 alpha-2 code, e.g. DE."),
    }
)
class CountryCodeField(serializers.ChoiceField):
    """A country as its ISO 3166 code; the schema gives its shape rather than 249 codes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=list(countries), **kwargs)


class TagNamesField(serializers.ListField):
    """Tags as a list of names; unknown names become new tags in the service."""

    child = serializers.CharField(max_length=50)

    def to_representation(self, data: Any) -> list[str]:
        return [tag.name for tag in data.all()]


class CustomerSerializer(serializers.ModelSerializer):
    country = CountryCodeField()
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CODES), required=False
    )
    preferred_channels = serializers.ListField(
        child=serializers.ChoiceField(choices=PreferredChannel.choices), required=False
    )
    tags = TagNamesField(required=False)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False
    )
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.none())

    class Meta:
        model = Customer
        fields = [
            "id", "code", "name", "country", "city", "address", "time_zone", "languages",
            "preferred_channels", "website", "domain", "source", "stage", "owner", "team", "tags",
            "notes", "version", "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            "code": {"required": False, "allow_blank": True},
            "time_zone": {"required": False, "allow_blank": True},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # The teams a customer may be put in are those the user may write in.
            limit_choices(self, "team", writable_teams(request.user, "customers.change"))


class CustomerMergeSerializer(serializers.Serializer):
    duplicate = serializers.PrimaryKeyRelatedField(
        queryset=Customer.objects.none(),
        help_text=_("The customer to fold into this one; it is deleted afterwards."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "duplicate", visible_customers(self.context.get("request")))


class CustomerDuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="customer.pk", read_only=True)
    code = serializers.CharField(source="customer.code", read_only=True)
    name = serializers.CharField(source="customer.name", read_only=True)
    country = serializers.CharField(source="customer.country.code", read_only=True)
    team = serializers.IntegerField(source="customer.team_id", read_only=True)
    reason = serializers.CharField(read_only=True)


class CustomerFilter(filters.FilterSet):
    q = filters.CharFilter(
        help_text=_(
            "Part of the name or mail domain, the exact code, or a contact's exact address."
        )
    )
    country = filters.ChoiceFilter(choices=countries, help_text=_("ISO 3166 code, e.g. DE."))
    owner = filters.ModelChoiceFilter(queryset=User.objects.all())
    tag = filters.CharFilter(help_text=_("A tag's exact name."))
    stage = filters.ChoiceFilter(choices=Stage.choices)
    team = filters.ModelChoiceFilter(queryset=visible_teams)
    updated_after = updated_after_filter(_("Only customers changed after this time (ISO 8601)."))

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Customer]) -> QuerySet[Customer]:
        # The customer list page's selector does the filtering, so a filter means the same
        # on the page and in the API.  It scopes to the user's teams as get_queryset does.
        data = self.form.cleaned_data
        return customer_list(
            user=self.request.user,
            filters=CustomerFilters(
                q=data.get("q") or "",
                country=data.get("country") or "",
                owner=data["owner"].pk if data.get("owner") else None,
                tag=data.get("tag") or "",
                stage=data.get("stage") or "",
                team=data["team"].pk if data.get("team") else None,
                updated_after=data.get("updated_after"),
            ),
        )


@record_schema_view(CustomerSerializer)
class CustomerViewSet(RecordViewSet[Customer]):
    """Customers of the teams you belong to (managers and administrators: all)."""

    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter
    change_permission = "customers.change"
    delete_permission = "customers.delete"

    def visible(self, user: User) -> QuerySet[Customer]:
        return customers_visible(user)

    def get_for_user(self, *, user: User, pk: int) -> Customer:
        return customer_get_for_user(user=user, pk=pk)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().filter_queryset(queryset).prefetch_related("tags")

    def create_record(self, data: dict[str, Any]) -> Customer:
        # As on the page, whoever creates the customer owns it unless told otherwise.
        data.setdefault("owner", self.user)
        return customer_create(actor=self.user, **data)

    def update_record(
        self, instance: Customer, data: dict[str, Any], *, expected_version: int | None
    ) -> Customer:
        return customer_update(
            actor=self.user, customer=instance, expected_version=expected_version, **data
        )

    def delete_record(self, instance: Customer) -> None:
        customer_delete(actor=self.user, customer=instance)

    @extend_schema(
        request=CustomerMergeSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={
            200: CustomerSerializer,
            400: VALIDATION_ERROR,
            412: VERSIONED_WRITE_ERRORS[412],
        },
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        """Fold a duplicate into this customer: its contacts, orders and history move over."""
        survivor = self.get_object()
        self.require("customers.merge", team=survivor.team_id)
        if_match_check(request, survivor)
        serializer = CustomerMergeSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        duplicate = serializer.validated_data["duplicate"]
        self.require("customers.merge", team=duplicate.team_id)
        survivor = customer_merge(actor=self.user, survivor=survivor, duplicate=duplicate)
        return self.versioned_representation(survivor)

    @extend_schema(responses=CustomerDuplicateSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def duplicates(self, request: Request, pk: str) -> Response:
        """Customers that may be the same company (same mail domain or a similar name)."""
        customer = self.get_object()
        matches = customer_find_duplicates(
            name=customer.name, domain=customer.domain, exclude_pk=customer.pk, limit=10
        )
        # Only those the user may see; the rest they could neither open nor merge.
        visible = customer_pks_visible(self.user, [match.customer.pk for match in matches])
        rows = [match for match in matches if match.customer.pk in visible]
        return Response(CustomerDuplicateSerializer(rows, many=True).data)


class ContactSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CODES), required=False
    )
    customer = serializers.PrimaryKeyRelatedField(queryset=Customer.objects.none())

    class Meta:
        model = Contact
        fields = [
            "id", "customer", "name", "title", "email", "phone", "whatsapp", "wechat", "skype",
            "languages", "time_zone", "is_primary", "notes", "version", "created_at", "updated_at",
        ]  # fmt: skip
        extra_kwargs = {
            "phone": {
                "help_text": _("With the country code, e.g. +49 30 1234567; stored in E.164.")
            },
            "whatsapp": {
                "help_text": _("With the country code, e.g. +971 50 123 4567; stored in E.164.")
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "customer", visible_customers(self.context.get("request")))


class ContactFilter(filters.FilterSet):
    customer = filters.ModelChoiceFilter(queryset=visible_customers)
    updated_after = updated_after_filter(_("Only contacts changed after this time (ISO 8601)."))

    class Meta:
        model = Contact
        fields: list[str] = []


@record_schema_view(ContactSerializer, destroy_may_fail=False)
class ContactViewSet(RecordViewSet[Contact]):
    """Contacts of the customers you can see; changing them takes the customers.change role."""

    serializer_class = ContactSerializer
    filterset_class = ContactFilter
    change_permission = "customers.change"
    delete_permission = "customers.change"

    def visible(self, user: User) -> QuerySet[Contact]:
        return contacts_visible(user)

    def get_for_user(self, *, user: User, pk: int) -> Contact:
        return contact_get_for_user(user=user, pk=pk)

    def create_record(self, data: dict[str, Any]) -> Contact:
        customer = data.pop("customer")
        self.require(self.change_permission, team=customer.team_id)
        return contact_create(actor=self.user, customer=customer, **data)

    def update_record(
        self, instance: Contact, data: dict[str, Any], *, expected_version: int | None
    ) -> Contact:
        if data.get("customer") == instance.customer:
            # Naming the contact's own customer is no change; another one is refused by
            # the service, which does not move contacts between customers.
            del data["customer"]
        return contact_update(
            actor=self.user, contact=instance, expected_version=expected_version, **data
        )

    def delete_record(self, instance: Contact) -> None:
        contact_delete(actor=self.user, contact=instance)
