from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gendan.accounts.models import Team
from gendan.catalog.models import Product, Unit
from gendan.core.models import VersionedModel
from gendan.core.money import COMMON_CURRENCIES
from gendan.customers.models import Contact, Customer


class Incoterm(models.TextChoices):
    """Incoterms 2020: the eleven terms, nothing else."""

    EXW = "EXW", _("EXW · Ex Works")
    FCA = "FCA", _("FCA · Free Carrier")
    CPT = "CPT", _("CPT · Carriage Paid To")
    CIP = "CIP", _("CIP · Carriage and Insurance Paid To")
    DAP = "DAP", _("DAP · Delivered at Place")
    DPU = "DPU", _("DPU · Delivered at Place Unloaded")
    DDP = "DDP", _("DDP · Delivered Duty Paid")
    FAS = "FAS", _("FAS · Free Alongside Ship")
    FOB = "FOB", _("FOB · Free on Board")
    CFR = "CFR", _("CFR · Cost and Freight")
    CIF = "CIF", _("CIF · Cost, Insurance and Freight")


class PaymentTerm(models.TextChoices):
    TT = "tt", _("T/T (deposit and balance)")
    LC_SIGHT = "lc_sight", _("L/C at sight")
    LC_USANCE = "lc_usance", _("L/C usance")
    DP = "dp", _("D/P (documents against payment)")
    DA = "da", _("D/A (documents against acceptance)")
    OA = "oa", _("O/A (open account)")


# Terms whose due date is counted in days (from B/L or invoice date).
TERMS_WITH_DAYS = {PaymentTerm.LC_USANCE, PaymentTerm.DA, PaymentTerm.OA}


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PRODUCTION = "in_production", _("In production")
    SHIPPED = "shipped", _("Shipped")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Which status may follow which; anything else is refused.
STATUS_FLOW: dict[str, set[str]] = {
    OrderStatus.DRAFT: {OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    OrderStatus.CONFIRMED: {OrderStatus.IN_PRODUCTION, OrderStatus.DRAFT, OrderStatus.CANCELLED},
    OrderStatus.IN_PRODUCTION: {OrderStatus.SHIPPED, OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    OrderStatus.SHIPPED: {OrderStatus.COMPLETED, OrderStatus.IN_PRODUCTION},
    OrderStatus.COMPLETED: {OrderStatus.SHIPPED},
    OrderStatus.CANCELLED: {OrderStatus.DRAFT},
}
OPEN_STATUSES = [
    OrderStatus.DRAFT,
    OrderStatus.CONFIRMED,
    OrderStatus.IN_PRODUCTION,
    OrderStatus.SHIPPED,
]


class Order(VersionedModel):
    """An export order, from the proforma invoice on."""

    number = models.CharField(_("PI number"), max_length=40, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("contact"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="orders", verbose_name=_("team")
    )
    customer_po = models.CharField(_("customer PO number"), max_length=60, blank=True)
    order_date = models.DateField(_("PI date"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=[(c, c) for c in COMMON_CURRENCIES], default="USD"
    )
    incoterm = models.CharField(
        _("Incoterm"), max_length=3, choices=Incoterm.choices, default=Incoterm.FOB
    )
    incoterm_place = models.CharField(
        _("named place"), max_length=100, help_text=_("e.g. Ningbo for FOB, Hamburg for CIF")
    )
    payment_term = models.CharField(
        _("payment terms"), max_length=12, choices=PaymentTerm.choices, default=PaymentTerm.TT
    )
    deposit_percent = models.DecimalField(
        _("deposit %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    payment_days = models.PositiveSmallIntegerField(_("payment days"), null=True, blank=True)
    promised_ship_date = models.DateField(_("promised ship date"))
    sales_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sales_orders",
        verbose_name=_("sales owner"),
    )
    merchandiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merchandised_orders",
        verbose_name=_("merchandiser"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    # The day the customer confirmed the PI: the anchor of the order's follow-up plan.
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    # Sum of the line amounts, kept by the order services for lists and totals.
    total_amount = models.DecimalField(
        _("total"), max_digits=18, decimal_places=3, default=Decimal("0")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            # order list, newest first, within teams: WHERE team_id IN (...) ORDER BY created_at DESC, id DESC
            models.Index(fields=["team", "-created_at", "-id"], name="order_team_created"),
            models.Index(fields=["-created_at", "-id"], name="order_created"),
            # list sorted by ship date, and the open orders of a period
            models.Index(fields=["promised_ship_date", "id"], name="order_ship_date"),
            # filter by status within teams
            models.Index(fields=["team", "status", "-created_at"], name="order_team_status"),
            # a customer's orders on the customer page
            models.Index(fields=["customer", "-created_at"], name="order_customer"),
            # API ?updated_after=
            models.Index(fields=["updated_at", "id"], name="order_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deposit_percent__gte=0) & models.Q(deposit_percent__lte=100),
                name="order_deposit_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(incoterm__in=Incoterm.values), name="order_incoterm_2020"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def payment_terms_display(self) -> str:
        if self.payment_term == PaymentTerm.TT:
            deposit = self.deposit_percent.normalize()
            if deposit == 0:
                return gettext("T/T 100% before shipment")
            return gettext("T/T %(deposit)s%% deposit, %(balance)s%% balance before shipment") % {
                "deposit": format(deposit, "f"),
                "balance": format((Decimal(100) - self.deposit_percent).normalize(), "f"),
            }
        label = str(self.get_payment_term_display())
        if self.payment_term in TERMS_WITH_DAYS and self.payment_days:
            return gettext("%(term)s, %(days)s days") % {"term": label, "days": self.payment_days}
        return label


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order")
    )
    position = models.PositiveSmallIntegerField(_("line"))
    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order_lines",
        verbose_name=_("product"),
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PCS)
    unit_price = models.DecimalField(
        _("unit price"),
        max_digits=16,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # quantity × unit price, rounded to the currency's minor units by the services.
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=3)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="orderline_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0), name="orderline_price_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(product__isnull=False) | ~models.Q(description=""),
                name="orderline_product_or_description",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.description}"
