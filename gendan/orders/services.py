"""Writes to orders and their lines.  Pages, API, imports and commands all come here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.accounts.models import User
from gendan.audit.models import Action
from gendan.audit.services import diff, history_record, snapshot
from gendan.catalog.models import Product
from gendan.core.concurrency import check_version
from gendan.core.models import sequence_next
from gendan.core.money import quantize
from gendan.core.services import apply_fields, validate
from gendan.customers.models import Contact, Customer

from .models import STATUS_FLOW, TERMS_WITH_DAYS, Order, OrderLine, OrderStatus, PaymentTerm
from .signals import order_changed, order_created, order_status_changed

if TYPE_CHECKING:
    from typing_extensions import Unpack

ORDER_FIELDS = [
    "customer", "contact", "customer_po", "order_date", "currency", "incoterm", "incoterm_place",
    "payment_term", "deposit_percent", "payment_days", "promised_ship_date", "sales_owner",
    "merchandiser", "notes",
]  # fmt: skip
TRACKED_FIELDS = ORDER_FIELDS + ["number", "status", "total_amount"]
LINE_FIELDS = ["product", "description", "quantity", "unit", "unit_price", "amount"]


class OrderTerms(TypedDict, total=False):
    """An order's fields a caller may give besides its customer, lines, dates and number."""

    contact: Contact | None
    customer_po: str
    currency: str
    incoterm: str
    payment_term: str
    deposit_percent: Decimal | None
    payment_days: int | None
    sales_owner: User | None
    merchandiser: User | None
    notes: str


class OrderChanges(OrderTerms, total=False):
    """What ``order_update`` may change."""

    customer: Customer
    order_date: dt.date
    promised_ship_date: dt.date
    incoterm_place: str


@dataclass
class LineInput:
    """One line as a caller gives it; ``id`` names an existing line being changed."""

    quantity: Decimal
    unit_price: Decimal
    product: Product | None = None
    description: str = ""
    unit: str = ""
    id: int | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> LineInput:
        """A line from a form's or a serializer's cleaned data."""
        return cls(
            id=data.get("id"),
            product=data.get("product"),
            description=data.get("description", ""),
            quantity=data["quantity"],
            unit=data.get("unit", ""),
            unit_price=data["unit_price"],
        )


def order_number_next(order_date: dt.date) -> str:
    seq = sequence_next(f"order:{order_date.year}")
    return settings.ORDER_NUMBER_PATTERN.format(year=order_date.year, seq=seq)


def _validate_terms(order: Order) -> None:
    errors: dict[str, str] = {}
    if order.payment_term in TERMS_WITH_DAYS and not order.payment_days:
        errors["payment_days"] = _("Give the number of days for %(term)s.") % {
            "term": order.get_payment_term_display()
        }
    if order.payment_days is not None and not (1 <= order.payment_days <= 365):
        errors["payment_days"] = _("Payment days must be between 1 and 365.")
    if order.payment_term != PaymentTerm.TT and order.deposit_percent:
        order.deposit_percent = Decimal("0")  # a deposit only exists under T/T
    if order.contact_id and order.contact and order.contact.customer_id != order.customer_id:
        errors["contact"] = _("%(contact)s is not a contact of %(customer)s.") % {
            "contact": order.contact,
            "customer": order.customer,
        }
    for field in ("sales_owner", "merchandiser"):
        user = getattr(order, field)
        if user is not None and not user.is_active:
            errors[field] = _("%(user)s is no longer active.") % {"user": user}
    if (
        order.promised_ship_date
        and order.order_date
        and order.promised_ship_date < order.order_date
    ):
        errors["promised_ship_date"] = _("The promised ship date is before the PI date.")
    if errors:
        raise ValidationError(errors)


def _line_errors(lines: list[LineInput]) -> None:
    if not lines:
        raise ValidationError({"lines": _("An order needs at least one line.")})
    errors = []
    for number, line in enumerate(lines, start=1):
        try:
            quantity = Decimal(line.quantity)
            price = Decimal(line.unit_price)
        except (InvalidOperation, TypeError, ValueError):
            errors.append(_("Line %(n)s: quantity and unit price must be numbers.") % {"n": number})
            continue
        if quantity <= 0:
            errors.append(_("Line %(n)s: the quantity must be more than zero.") % {"n": number})
        if price < 0:
            errors.append(_("Line %(n)s: the unit price cannot be negative.") % {"n": number})
        if line.product is None and not (line.description or "").strip():
            errors.append(_("Line %(n)s: choose a product or write a description.") % {"n": number})
    if errors:
        raise ValidationError({"lines": errors})


def _write_lines(*, actor, order: Order, lines: list[LineInput]) -> None:
    """Make the order's lines match ``lines``: change, add and remove, with history."""
    _line_errors(lines)
    existing = {line.pk: line for line in order.lines.select_related("product")}
    unknown = [line.id for line in lines if line.id is not None and line.id not in existing]
    if unknown:
        raise ValidationError(
            {"lines": _("Line %(ids)s does not belong to this order.") % {"ids": unknown}}
        )
    kept: set[int] = set()
    for position, given in enumerate(lines, start=1):
        line = existing.get(given.id) if given.id is not None else None
        before = snapshot(line, LINE_FIELDS) if line else None
        if line is None:
            line = OrderLine(order=order)
        line.position = position
        line.product = given.product
        line.description = (given.description or "").strip() or (
            given.product.name if given.product else ""
        )
        line.quantity = Decimal(given.quantity)
        line.unit = given.unit or (given.product.unit if given.product else "pcs")
        line.unit_price = Decimal(given.unit_price)
        line.amount = quantize(line.quantity * line.unit_price, order.currency)
        validate(line, exclude=["order"])
        if before is None:
            line.save()
            history_record(
                actor=actor,
                record=line,
                action=Action.CREATE,
                subject=order,
                changes=diff({}, snapshot(line, LINE_FIELDS)),
            )
        else:
            changes = diff(before, snapshot(line, LINE_FIELDS))
            if changes or line.position != existing[line.pk].position:
                line.save()
            if changes:
                history_record(
                    actor=actor, record=line, action=Action.UPDATE, subject=order, changes=changes
                )
        kept.add(line.pk)
    for pk, line in existing.items():
        if pk not in kept:
            history_record(actor=actor, record=line, action=Action.DELETE, subject=order)
            line.delete()


def _recompute_total(order: Order) -> None:
    total = sum((line.amount for line in order.lines.all()), Decimal("0"))
    order.total_amount = quantize(total, order.currency)
    # Each line fits its column, but their sum may not fit the total's (PostgreSQL refuses).
    try:
        Order._meta.get_field("total_amount").run_validators(order.total_amount)
    except ValidationError:
        raise ValidationError(
            {
                "lines": _("The lines add up to %(total)s, more than one order can hold.")
                % {"total": order.total_amount}
            }
        ) from None


@transaction.atomic
def order_create(
    *,
    actor: User | None,
    customer: Customer,
    lines: list[LineInput],
    promised_ship_date: dt.date,
    incoterm_place: str,
    number: str = "",
    order_date: dt.date | None = None,
    **fields: Unpack[OrderTerms],
) -> Order:
    order = Order(
        customer=customer,
        team_id=customer.team_id,
        promised_ship_date=promised_ship_date,
        incoterm_place=(incoterm_place or "").strip(),
        order_date=order_date or timezone.localdate(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    apply_fields(
        order,
        dict[str, Any](fields),
        allowed=set(ORDER_FIELDS)
        - {"customer", "promised_ship_date", "incoterm_place", "order_date"},
    )
    if "contact" not in fields and customer.pk:
        order.contact = Contact.objects.filter(customer=customer, is_primary=True).first()
    if order.sales_owner is None and customer.owner_id:
        order.sales_owner = customer.owner
    _line_errors(lines)
    order.number = (number or "").strip() or order_number_next(order.order_date)
    _validate_terms(order)
    validate(order, exclude=["total_amount"])
    order.save()
    _write_lines(actor=actor, order=order, lines=lines)
    _recompute_total(order)
    order.save(update_fields=["total_amount"])
    history_record(actor=actor, record=order, action=Action.CREATE)
    transaction.on_commit(lambda: order_created.send(sender=Order, order=order, actor=actor))
    return order


@transaction.atomic
def order_update(
    *,
    actor: User | None,
    order: Order,
    expected_version: int | None,
    lines: list[LineInput] | None = None,
    **fields: Unpack[OrderChanges],
) -> Order:
    """Change an order and, if given, its lines; refused if someone saved it meanwhile."""
    locked = Order.objects.select_for_update().select_related("customer").get(pk=order.pk)
    check_version(instance=locked, expected_version=expected_version)
    if locked.status in (OrderStatus.COMPLETED, OrderStatus.CANCELLED):
        raise ValidationError(
            _("A %(status)s order cannot be changed; reopen it first.")
            % {"status": locked.get_status_display().lower()}
        )
    before = snapshot(locked, TRACKED_FIELDS)
    old_customer_id, old_currency = locked.customer_id, locked.currency
    apply_fields(locked, dict[str, Any](fields), allowed=set(ORDER_FIELDS))
    if locked.customer_id != old_customer_id and locked.status != OrderStatus.DRAFT:
        raise ValidationError(
            {"customer": _("The customer of a confirmed order cannot be changed.")}
        )
    locked.team_id = locked.customer.team_id
    if "incoterm_place" in fields:
        locked.incoterm_place = (locked.incoterm_place or "").strip()
    _validate_terms(locked)
    validate(locked, exclude=["total_amount"])
    if lines is not None:
        _write_lines(actor=actor, order=locked, lines=lines)
    elif locked.currency != old_currency:
        for line in locked.lines.all():
            line.amount = quantize(line.quantity * line.unit_price, locked.currency)
            line.save(update_fields=["amount"])
    _recompute_total(locked)
    changes = diff(before, snapshot(locked, TRACKED_FIELDS))
    if changes or lines is not None:  # line changes carry their own history entries
        locked.version += 1
        locked.save()
    if changes:
        history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes)
        transaction.on_commit(
            lambda: order_changed.send(sender=Order, order=locked, changes=changes, actor=actor)
        )
    return locked


@transaction.atomic
def order_set_status(
    *, actor: User | None, order: Order, status: str, expected_version: int | None = None
) -> Order:
    locked = Order.objects.select_for_update().get(pk=order.pk)
    check_version(instance=locked, expected_version=expected_version)
    old = locked.status
    if status == old:
        return locked
    if status not in OrderStatus.values:
        raise ValidationError({"status": _("Unknown status %(status)s.") % {"status": status}})
    if status not in STATUS_FLOW[old]:
        raise ValidationError(
            {
                "status": _("An order cannot go from %(old)s to %(new)s.")
                % {
                    "old": OrderStatus(old).label,
                    "new": OrderStatus(status).label,
                }
            }
        )
    if status == OrderStatus.CONFIRMED and not locked.lines.exists():
        raise ValidationError(
            {"status": _("An order needs at least one line before it is confirmed.")}
        )
    locked.status = status
    if status == OrderStatus.CONFIRMED and locked.confirmed_on is None:
        locked.confirmed_on = timezone.localdate()
    locked.version += 1
    locked.save(update_fields=["status", "confirmed_on", "version", "updated_at"])
    history_record(
        actor=actor, record=locked, action=Action.UPDATE, changes={"status": [old, status]}
    )
    transaction.on_commit(
        lambda: order_status_changed.send(
            sender=Order, order=locked, old_status=old, new_status=status, actor=actor
        )
    )
    return locked


@transaction.atomic
def order_delete(*, actor: User | None, order: Order) -> None:
    """Only a draft or cancelled order can be deleted; the rest is the company's record."""
    if order.status not in (OrderStatus.DRAFT, OrderStatus.CANCELLED):
        raise ValidationError(
            _("Only draft or cancelled orders can be deleted; cancel the order first.")
        )
    history_record(actor=actor, record=order, action=Action.DELETE, subject=order.customer)
    order.delete()
