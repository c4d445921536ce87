from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gendan.core.models import VersionedModel


class Unit(models.TextChoices):
    PCS = "pcs", _("pieces")
    SETS = "sets", _("sets")
    PAIRS = "pairs", _("pairs")
    DOZENS = "dozens", _("dozens")
    CARTONS = "cartons", _("cartons")
    ROLLS = "rolls", _("rolls")
    KG = "kg", _("kilograms")
    TONS = "tons", _("metric tons")
    M = "m", _("metres")
    M2 = "m2", _("square metres")
    M3 = "m3", _("cubic metres")
    L = "l", _("litres")


hs_code_validator = RegexValidator(
    r"^\d{4}(\.?\d{2}){1,3}$",
    _("Enter an HS code of 6 to 10 digits, e.g. 8516.79 or 8516790000."),
)


class Category(models.Model):
    """A product line; SOP templates and quality standards can be chosen per category."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")

    def __str__(self) -> str:
        return self.name


class Product(VersionedModel):
    """A sellable item; products are shared by all teams of the company."""

    sku = models.CharField(_("SKU"), max_length=50, unique=True)
    name = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    description = models.TextField(_("specification"), blank=True)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        verbose_name=_("category"),
    )
    hs_code = models.CharField(
        _("HS code"), max_length=13, blank=True, validators=[hs_code_validator]
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PCS)
    # Packaging, as the packing list needs it: per export carton.
    units_per_carton = models.PositiveIntegerField(_("units per carton"), null=True, blank=True)
    carton_length_cm = models.DecimalField(
        _("carton length (cm)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    carton_width_cm = models.DecimalField(
        _("carton width (cm)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    carton_height_cm = models.DecimalField(
        _("carton height (cm)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    net_weight_kg = models.DecimalField(
        _("net weight per carton (kg)"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    gross_weight_kg = models.DecimalField(
        _("gross weight per carton (kg)"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            # product list by SKU is the unique index; by name:
            models.Index(fields=["name", "id"], name="product_name"),
            models.Index(fields=["updated_at", "id"], name="product_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gross_weight_kg__isnull=True)
                | models.Q(net_weight_kg__isnull=True)
                | models.Q(gross_weight_kg__gte=models.F("net_weight_kg")),
                name="product_gross_at_least_net",
                violation_error_message=_("Gross weight cannot be less than net weight."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:detail", args=[self.pk])

    @property
    def carton_cbm(self) -> Decimal | None:
        """Volume of one carton in cubic metres."""
        if not (self.carton_length_cm and self.carton_width_cm and self.carton_height_cm):
            return None
        cm3 = self.carton_length_cm * self.carton_width_cm * self.carton_height_cm
        return (cm3 / Decimal(1_000_000)).quantize(Decimal("0.0001"))
