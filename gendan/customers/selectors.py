"""Reads of customers and contacts, scoped to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gendan.accounts.access import scope_to_user
from gendan.accounts.models import User
from gendan.core.filtering import any_matches, filter_given

from .models import Contact, Customer

CUSTOMER_SORTS = {
    "name": "name",
    "-name": "-name",
    "updated": "-updated_at",
    "created": "-created_at",
}

# What the search box looks in.
CUSTOMER_SEARCH = (
    "name__icontains",
    "code__iexact",
    "domain__icontains",
    "contacts__email__iexact",
)


@dataclass
class CustomerFilters:
    q: str = ""
    country: str = ""
    owner: int | None = None
    tag: str = ""
    stage: str = ""
    team: int | None = None
    updated_after: object | None = None
    sort: str = "name"
    extra: dict = field(default_factory=dict)


def customers_visible(user: User) -> QuerySet[Customer]:
    return scope_to_user(Customer.objects.all(), user)


def customer_list(*, user: User, filters: CustomerFilters) -> QuerySet[Customer]:
    qs = customers_visible(user).select_related("owner", "team")
    if filters.q:
        qs = qs.filter(any_matches(filters.q.strip(), *CUSTOMER_SEARCH)).distinct()
    return filter_given(
        qs,
        country=filters.country.upper(),
        owner_id=filters.owner,
        tags__name=filters.tag,
        stage=filters.stage,
        team_id=filters.team,
        updated_at__gt=filters.updated_after,
    )


def customer_pks_visible(user: User, pks: list[int]) -> set[int]:
    """Which of the customers ``pks`` the user may see."""
    return set(customers_visible(user).filter(pk__in=pks).values_list("pk", flat=True))


def customer_get_for_user(*, user: User, pk: int) -> Customer:
    """The customer, or 404 when it does not exist or belongs to a team the user cannot see."""
    return get_object_or_404(customers_visible(user).select_related("owner", "team"), pk=pk)


def contacts_visible(user: User) -> QuerySet[Contact]:
    return scope_to_user(Contact.objects.all(), user)


def contact_get_for_user(*, user: User, pk: int) -> Contact:
    return get_object_or_404(contacts_visible(user).select_related("customer"), pk=pk)
