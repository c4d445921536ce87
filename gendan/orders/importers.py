"""Importing orders from spreadsheets: one row per order line, as the order export writes.

Rows with the same PI number are one order.  The PI number is required: it is what
makes a second run of the same file update the orders of the first instead of adding
them again.  The lines in the file replace the order's lines (matched by their line
number, so an unchanged line keeps its history); an order's rows without line data
leave its lines alone.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gendan.accounts.access import can, scope_to_user
from gendan.catalog.importers import units
from gendan.catalog.models import Product
from gendan.core.money import COMMON_CURRENCIES
from gendan.customers.importers import customers_by_name
from gendan.customers.models import Contact, Customer
from gendan.dataio.importing import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ChoiceParser,
    ImportContext,
    Importer,
    ImportField,
    ParsedRow,
    WriteUnit,
    bulk_filter,
    parse_date,
    parse_decimal,
    parse_int,
    parse_percent,
    parse_user,
    same_values,
)

from .models import STATUS_FLOW, Incoterm, Order, OrderLine, OrderStatus, PaymentTerm
from .services import LineInput, order_create, order_set_status, order_update

ORDER_KEYS = [
    "order_date", "customer_code", "customer", "customer_po", "currency", "incoterm", "incoterm_place",
    "payment_term", "deposit_percent", "payment_days", "promised_ship_date", "status", "sales_owner",
    "merchandiser", "notes",
]  # fmt: skip
LINE_KEYS = ["line", "sku", "description", "quantity", "unit", "unit_price"]
# Fields given to order_create / order_update as they are.
SERVICE_KEYS = [
    "order_date", "customer_po", "currency", "incoterm", "incoterm_place", "payment_term",
    "deposit_percent", "payment_days", "promised_ship_date", "sales_owner", "merchandiser", "notes",
]  # fmt: skip
LOCKED_STATUSES = {OrderStatus.COMPLETED, OrderStatus.CANCELLED}

_currencies = ChoiceParser(lambda: [(code, code) for code in COMMON_CURRENCIES])
_incoterms = ChoiceParser(lambda: Incoterm.choices)
_payment_terms = ChoiceParser(lambda: PaymentTerm.choices)
_statuses = ChoiceParser(lambda: OrderStatus.choices)


def status_path(start: str, goal: str) -> list[str]:
    """The statuses an order passes through from ``start`` to ``goal``, following STATUS_FLOW."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            break
        for following in sorted(STATUS_FLOW[current]):
            if following not in previous:
                previous[following] = current
                queue.append(following)
    if goal not in previous:
        return []
    path: list[str] = []
    step: str | None = goal
    while step is not None and step != start:
        path.append(step)
        step = previous[step]
    return path[::-1]


@dataclass
class PlannedLine:
    row: ParsedRow
    position: int
    line: LineInput


@dataclass
class PlannedOrder:
    number: str
    order: Order | None
    customer: Customer | None
    fields: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    lines: list[PlannedLine] | None = None


class OrderImporter(Importer):
    kind = "orders"
    permission = "orders.change"
    list_url_name = "orders:list"
    error_fields = {
        "customer": "customer_code",
        "contact": "customer_code",
        "lines": "line",
        "product": "sku",
        "number": "number",
    }

    def title(self) -> str:
        return _("orders")

    def fields(self) -> list[ImportField]:
        return [
            ImportField("number", _lazy("PI number"), required=True),
            ImportField("order_date", _lazy("PI date"), parse_date),
            ImportField("customer_code", _lazy("Customer code")),
            ImportField("customer", _lazy("Customer")),
            ImportField("country", _lazy("Country"), ignored=True),
            ImportField("customer_po", _lazy("Customer PO")),
            ImportField("currency", _lazy("Currency"), _currencies),
            ImportField("incoterm", _lazy("Incoterm"), _incoterms),
            ImportField("incoterm_place", _lazy("Named place")),
            ImportField("payment_term", _lazy("Payment terms"), _payment_terms),
            ImportField("deposit_percent", _lazy("Deposit %"), parse_percent),
            ImportField("payment_days", _lazy("Payment days"), parse_int),
            ImportField("promised_ship_date", _lazy("Promised ship date"), parse_date),
            ImportField("status", _lazy("Status"), _statuses),
            ImportField("sales_owner", _lazy("Sales owner"), parse_user),
            ImportField("merchandiser", _lazy("Merchandiser"), parse_user),
            ImportField("notes", _lazy("Notes")),
            ImportField("line", _lazy("Line"), parse_int),
            ImportField("sku", _lazy("SKU")),
            ImportField("description", _lazy("Description")),
            ImportField("quantity", _lazy("Quantity"), parse_decimal),
            ImportField("unit", _lazy("Unit"), units),
            ImportField("unit_price", _lazy("Unit price"), parse_decimal),
            ImportField("amount", _lazy("Amount"), ignored=True),
            ImportField("order_total", _lazy("Order total"), ignored=True),
        ]

    # --- planning ---------------------------------------------------------------------

    def plan(self, ctx: ImportContext, rows: list[ParsedRow]) -> list[WriteUnit]:
        groups: dict[str, list[ParsedRow]] = defaultdict(list)
        for row in rows:
            if row.has("number"):
                groups[row.get("number")].append(row)
            else:
                ctx.error(
                    row,
                    "number",
                    _(
                        "Give the PI number: every row of an order carries it, so that importing the file again updates the same order."
                    ),
                )
        grouped = [row for group in groups.values() for row in group]
        orders = Order.objects.select_related("contact", "sales_owner", "merchandiser")
        existing = {o.number: o for o in bulk_filter(orders, "number", list(groups))}
        products = {
            p.sku: p
            for p in bulk_filter(
                Product.objects.all(), "sku", [r.get("sku") for r in grouped if r.has("sku")]
            )
        }
        customers = self._customers(ctx, groups)

        units: list[WriteUnit] = []
        for number, group in groups.items():
            fields = self._order_fields(ctx, group)
            order = existing.get(number)
            first = group[0]
            if order is not None and not can(ctx.user, self.permission, team=order.team_id):
                ctx.error(
                    first, "number", _("This PI number belongs to an order outside your teams.")
                )
                continue
            customer = customers.get(number)
            if (
                customer is None
                and order is None
                and not any(_given(r, "customer_code") or _given(r, "customer") for r in group)
            ):
                ctx.error(
                    first, "customer_code", _("Give the customer code or the customer's name.")
                )
            lines = self._lines(ctx, group, products)
            if order is None:
                for key, message in (
                    ("promised_ship_date", _("Give the promised ship date of the new order.")),
                    ("incoterm_place", _("Give the named place of the Incoterm (e.g. Ningbo).")),
                ):
                    if not any(_given(r, key) for r in group):
                        ctx.error(first, key, message)
                if not any(_given(r, k) for r in group for k in LINE_KEYS[1:]):
                    ctx.error(
                        first,
                        "sku",
                        _(
                            "A new order needs at least one line: give the SKU or description, quantity and unit price."
                        ),
                    )
            if any(row.failed for row in group):
                continue
            planned = PlannedOrder(
                number=number, order=order, customer=customer, fields=fields,
                status=fields.pop("status", None), lines=lines or None,
            )  # fmt: skip
            units.append(WriteUnit(rows=group, data=planned))
        return units

    def _order_fields(self, ctx: ImportContext, group: list[ParsedRow]) -> dict[str, Any]:
        """The order's own values, which every row of the order repeats; they must agree."""
        values: dict[str, Any] = {}
        source: dict[str, int] = {}
        for row in group:
            for key in ORDER_KEYS:
                if not row.has(key):
                    continue
                value = row.get(key)
                if key in values and _differs(values[key], value):
                    ctx.error(
                        row,
                        key,
                        _("This differs from row %(row)s of the same order.")
                        % {"row": source[key]},
                    )
                elif key not in values:
                    values[key], source[key] = value, row.number
        values.pop("customer_code", None)
        values.pop("customer", None)
        return values

    def _customers(
        self, ctx: ImportContext, groups: dict[str, list[ParsedRow]]
    ) -> dict[str, Customer]:
        """The customer each order names, by code, else by name, among the user's customers."""
        visible = scope_to_user(Customer.objects.all(), ctx.user)
        named: dict[str, tuple[ParsedRow, str, str]] = {}
        for number, group in groups.items():
            for row in group:
                if row.has("customer_code"):
                    named[number] = (row, "customer_code", row.get("customer_code"))
                    break
                if row.has("customer") and number not in named:
                    named[number] = (row, "customer", row.get("customer"))
        by_code = {
            c.code: c
            for c in bulk_filter(
                visible, "code", [v for _r, k, v in named.values() if k == "customer_code"]
            )
        }
        by_name = customers_by_name(visible, [v for _r, k, v in named.values() if k == "customer"])
        found: dict[str, Customer] = {}
        for number, (row, key, value) in named.items():
            if key == "customer_code":
                customer = by_code.get(value)
            else:
                matches = by_name.get(value.strip().lower(), [])
                if len(matches) > 1:
                    ctx.error(
                        row,
                        key,
                        _("Several of your customers have this name; give the customer code."),
                    )
                    continue
                customer = matches[0] if matches else None
            if customer is None or not can(ctx.user, self.permission, team=customer.team_id):
                ctx.error(
                    row,
                    key,
                    _("There is no customer %(customer)s in your teams.") % {"customer": value},
                )
                continue
            found[number] = customer
        return found

    def _lines(
        self, ctx: ImportContext, group: list[ParsedRow], products: dict[str, Product]
    ) -> list[PlannedLine]:
        planned: list[PlannedLine] = []
        positions: dict[int, int] = {}
        for index, row in enumerate(r for r in group if any(_given(r, k) for k in LINE_KEYS[1:])):
            product = None
            if row.has("sku"):
                product = products.get(row.get("sku"))
                if product is None:
                    ctx.error(row, "sku", _("There is no product with this SKU."))
            elif not _given(row, "description"):
                ctx.error(row, "description", _("Give the SKU of a product or a description."))
            for key, message in (
                ("quantity", _("Give the quantity.")),
                ("unit_price", _("Give the unit price.")),
            ):
                if not _given(row, key):
                    ctx.error(row, key, message)
            position = row.get("line", index + 1)
            if position in positions:
                ctx.error(
                    row,
                    "line",
                    _("Line %(line)s is already in row %(row)s.")
                    % {"line": position, "row": positions[position]},
                )
            positions[position] = row.number
            if row.failed:
                continue
            line = LineInput(
                quantity=row.get("quantity"), unit_price=row.get("unit_price"), product=product,
                description=row.get("description", ""), unit=row.get("unit", ""),
            )  # fmt: skip
            if self._line_valid(ctx, row, line):
                planned.append(PlannedLine(row=row, position=position, line=line))
        planned.sort(key=lambda p: p.position)
        return planned

    def _line_valid(self, ctx: ImportContext, row: ParsedRow, line: LineInput) -> bool:
        """The line's own checks, here where the row is known rather than in the service."""
        candidate = OrderLine(
            position=1, product=line.product, description=line.description or (line.product.name if line.product else ""),
            quantity=line.quantity, unit=line.unit or (line.product.unit if line.product else "pcs"),
            unit_price=line.unit_price, amount=Decimal(0),
        )  # fmt: skip
        try:
            candidate.full_clean(exclude=["order", "position", "amount"], validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                key = {"product": "sku"}.get(name, name)
                for message in messages:
                    ctx.error(row, key if key in LINE_KEYS else None, message)
            return False
        return True

    # --- writing ----------------------------------------------------------------------

    def write(self, ctx: ImportContext, unit: WriteUnit) -> str:
        planned: PlannedOrder = unit.data
        fields = {key: planned.fields[key] for key in SERVICE_KEYS if key in planned.fields}
        if planned.order is None:
            assert planned.customer is not None and planned.lines
            order = order_create(
                actor=ctx.user, customer=planned.customer, number=planned.number,
                lines=[p.line for p in planned.lines], **fields,
            )  # fmt: skip
            self._move_status(ctx, order, planned.status)
            return CREATE

        order = planned.order
        if planned.customer is not None and planned.customer.pk != order.customer_id:
            fields["customer"] = planned.customer
            fields["contact"] = Contact.objects.filter(
                customer=planned.customer, is_primary=True
            ).first()
        current_lines = list(order.lines.select_related("product").order_by("position", "id"))
        needs_update = not same_values(order, fields) or (
            planned.lines is not None and _lines_differ(current_lines, planned.lines)
        )
        if not needs_update and planned.status in (None, order.status):
            return UNCHANGED
        if needs_update:
            if (
                order.status in LOCKED_STATUSES
                and planned.status
                and planned.status not in LOCKED_STATUSES
            ):
                order = self._move_status(ctx, order, planned.status)  # reopen first, then change
            lines = None
            if planned.lines is not None:
                by_position = {line.position: line.pk for line in current_lines}
                lines = [replace(p.line, id=by_position.get(p.position)) for p in planned.lines]
            order = order_update(
                actor=ctx.user, order=order, expected_version=None, lines=lines, **fields
            )
        self._move_status(ctx, order, planned.status)
        return UPDATE

    def _move_status(self, ctx: ImportContext, order: Order, status: str | None) -> Order:
        """Take the order to ``status`` the way a user would, one allowed step at a time."""
        if not status or status == order.status:
            return order
        path = status_path(order.status, status)
        if not path:
            raise ValidationError({"status": _("An order cannot go from %(old)s to %(new)s.") % {
                "old": OrderStatus(order.status).label, "new": OrderStatus(status).label,
            }})  # fmt: skip
        for step in path:
            order = order_set_status(actor=ctx.user, order=order, status=step)
        return order


def _given(row: ParsedRow, key: str) -> bool:
    """Does the row have something in this cell (whether or not it could be read)?"""
    return key in row.raw


def _differs(a: Any, b: Any) -> bool:
    if hasattr(a, "pk") and hasattr(b, "pk"):
        return a.pk != b.pk
    return a != b


def _lines_differ(current: list[OrderLine], planned: list[PlannedLine]) -> bool:
    if len(current) != len(planned):
        return True
    for line, wanted in zip(current, planned, strict=True):
        given = wanted.line
        description = (given.description or "").strip() or (
            given.product.name if given.product else ""
        )
        unit = given.unit or (given.product.unit if given.product else "pcs")
        if (
            line.product_id != (given.product.pk if given.product else None)
            or line.description != description
            or line.quantity != Decimal(given.quantity)
            or line.unit != unit
            or line.unit_price != Decimal(given.unit_price)
        ):
            return True
    return False
