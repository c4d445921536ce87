"""Reads of orders, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from gendan.accounts.access import scope_to_user
from gendan.accounts.models import User
from gendan.core.filtering import any_matches, filter_given

from .models import Order, OrderLine

ORDER_SORTS = {
    "newest": "-created_at",
    "oldest": "created_at",
    "ship_date": "promised_ship_date",
    "-ship_date": "-promised_ship_date",
    "number": "number",
}

# What the search box looks in.
ORDER_SEARCH = ("number__icontains", "customer_po__icontains", "customer__name__icontains")


@dataclass
class OrderFilters:
    q: str = ""
    status: str = ""
    customer: int | None = None
    merchandiser: int | None = None
    sales_owner: int | None = None
    country: str = ""
    currency: str = ""
    team: int | None = None
    ship_from: dt.date | None = None
    ship_to: dt.date | None = None
    updated_after: dt.datetime | None = None
    sort: str = "newest"


def orders_visible(user: User) -> QuerySet[Order]:
    return scope_to_user(Order.objects.all(), user)


def order_list(*, user: User, filters: OrderFilters) -> QuerySet[Order]:
    qs = orders_visible(user).select_related("customer", "merchandiser", "sales_owner")
    if filters.q:
        qs = qs.filter(any_matches(filters.q.strip(), *ORDER_SEARCH))
    return filter_given(
        qs,
        status=filters.status,
        customer_id=filters.customer,
        merchandiser_id=filters.merchandiser,
        sales_owner_id=filters.sales_owner,
        customer__country=filters.country.upper(),
        currency=filters.currency.upper(),
        team_id=filters.team,
        promised_ship_date__gte=filters.ship_from,
        promised_ship_date__lte=filters.ship_to,
        updated_at__gt=filters.updated_after,
    )


def order_get_for_user(*, user: User, pk: int) -> Order:
    """The order with its lines, or 404 when the user's teams cannot see it."""
    return get_object_or_404(
        orders_visible(user)
        .select_related("customer", "contact", "merchandiser", "sales_owner", "team", "created_by")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.select_related("product"))),
        pk=pk,
    )
