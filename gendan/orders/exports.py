"""Excel export of the order list: one row per order line, with the list's filters."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.translation import gettext as _

from gendan.accounts.models import User
from gendan.core.xlsx import Column
from gendan.dataio.exporting import ExportSpec, bounded_count

from .models import Order, OrderLine
from .selectors import ORDER_SORTS, order_list


def order_line_columns() -> list[Column]:
    o = lambda fn: lambda pair: fn(pair[0])  # noqa: E731 - order-level value
    line = lambda fn: lambda pair: fn(pair[1])  # noqa: E731 - line-level value
    return [
        Column(_("PI number"), o(lambda x: x.number), 14),
        Column(_("PI date"), o(lambda x: x.order_date), 11),
        Column(_("Customer code"), o(lambda x: x.customer.code), 12),
        Column(_("Customer"), o(lambda x: x.customer.name), 28),
        Column(_("Country"), o(lambda x: x.customer.country.code), 8),
        Column(_("Customer PO"), o(lambda x: x.customer_po), 14),
        Column(_("Currency"), o(lambda x: x.currency), 8),
        Column(_("Incoterm"), o(lambda x: x.incoterm), 8),
        Column(_("Named place"), o(lambda x: x.incoterm_place), 14),
        Column(_("Payment terms"), o(lambda x: x.payment_term), 10),
        Column(_("Deposit %"), o(lambda x: x.deposit_percent), 8),
        Column(_("Payment days"), o(lambda x: x.payment_days), 8),
        Column(_("Promised ship date"), o(lambda x: x.promised_ship_date), 12),
        Column(_("Status"), o(lambda x: x.get_status_display()), 12),
        Column(
            _("Sales owner"), o(lambda x: x.sales_owner.get_username() if x.sales_owner else ""), 12
        ),
        Column(
            _("Merchandiser"),
            o(lambda x: x.merchandiser.get_username() if x.merchandiser else ""),
            12,
        ),
        Column(_("Line"), line(lambda x: x.position if x else None), 6),
        Column(_("SKU"), line(lambda x: x.product.sku if x and x.product else ""), 14),
        Column(_("Description"), line(lambda x: x.description if x else ""), 30),
        Column(_("Quantity"), line(lambda x: x.quantity if x else None), 10, "#,##0.###"),
        Column(_("Unit"), line(lambda x: x.unit if x else ""), 8),
        Column(_("Unit price"), line(lambda x: x.unit_price if x else None), 12, "#,##0.00##"),
        Column(_("Amount"), line(lambda x: x.amount if x else None), 14, "#,##0.00"),
        Column(_("Order total"), o(lambda x: x.total_amount), 14, "#,##0.00"),
    ]


def _pairs(orders) -> Iterator[tuple[Order, OrderLine | None]]:
    for order in orders:
        lines = list(order.lines.all())
        if not lines:
            yield order, None
        for line in lines:
            yield order, line


def order_export(*, user: User, params: QueryDict) -> ExportSpec:
    """One row per order line (an order without lines: one row)."""
    from .views import filters_from_params

    _form, filters = filters_from_params(params)
    orders = order_list(user=user, filters=filters).order_by(
        ORDER_SORTS.get(filters.sort, "-created_at"), "-pk"
    )[: settings.EXPORT_MAX_ROWS]
    with_lines = orders.prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.select_related("product"))
    )

    def count(limit: int | None) -> int:
        # Rows are lines: count the lines of the chosen orders (at least one row each).
        lines = OrderLine.objects.filter(order__in=orders.values("pk"))
        return max(bounded_count(lines, limit), bounded_count(orders, limit))

    return ExportSpec(
        filename="orders",
        sheet_title=_("Orders"),
        columns=order_line_columns(),
        rows=_pairs(with_lines.iterator(chunk_size=1000)),
        count=count,
    )
