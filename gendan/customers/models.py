from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from gendan.accounts.models import Team
from gendan.core.models import VersionedModel

from .validators import validate_channels, validate_languages, validate_time_zone


class Source(models.TextChoices):
    TRADE_SHOW = "trade_show", _("Trade show (e.g. Canton Fair)")
    B2B_PLATFORM = "b2b_platform", _("B2B platform (Alibaba, Made-in-China, …)")
    WEBSITE = "website", _("Our website")
    SEARCH = "search", _("Search engine")
    SOCIAL = "social", _("Social media")
    REFERRAL = "referral", _("Referral")
    OUTBOUND = "outbound", _("Outbound prospecting")
    EXISTING = "existing", _("Existing relationship")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    LEAD = "lead", _("Lead")
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Active customer")
    DORMANT = "dormant", _("Dormant")


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Customer(VersionedModel):
    code = models.CharField(_("customer code"), max_length=30, unique=True)
    name = models.CharField(_("company name"), max_length=200)
    # Lower-cased name without legal form and punctuation, for duplicate detection.
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_languages]
    )
    preferred_channels = models.JSONField(
        _("preferred channels"), default=list, blank=True, validators=[validate_channels]
    )
    website = models.URLField(_("website"), blank=True)
    # Mail domain of the company (from its website or contacts); links mail to the customer.
    domain = models.CharField(_("mail domain"), max_length=253, blank=True, db_index=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.OTHER
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.LEAD)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_customers",
        verbose_name=_("owner"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="customers", verbose_name=_("team")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="customers", verbose_name=_("tags"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            # customer list, default sort within a team: WHERE team_id IN (...) ORDER BY name, id
            models.Index(fields=["team", "name", "id"], name="customer_team_name"),
            # list sorted by name across teams (managers)
            models.Index(fields=["name", "id"], name="customer_name"),
            # "recently updated" sort and API ?updated_after=
            models.Index(fields=["updated_at", "id"], name="customer_updated"),
            # filter by country
            models.Index(fields=["country", "name"], name="customer_country"),
            # case-insensitive search by name prefix
            models.Index(Lower("name"), name="customer_name_lower"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.pk])


class Contact(VersionedModel):
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("customer")
    )
    # Copied from the customer so access checks on contacts need no join.
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=32,
        blank=True,
        help_text=_("International format, e.g. +49 30 1234567"),
    )
    whatsapp = models.CharField(
        _("WhatsApp"),
        max_length=32,
        blank=True,
        help_text=_("International format, e.g. +971 50 123 4567"),
    )
    wechat = models.CharField(_("WeChat ID"), max_length=64, blank=True)
    skype = models.CharField(_("Skype"), max_length=64, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_languages]
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Leave empty to use the customer's."),
    )
    is_primary = models.BooleanField(_("main contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-is_primary", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            # linking mail to a contact by address
            models.Index(Lower("email"), name="contact_email_lower"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("customers:detail", args=[self.customer_id]) + f"#contact-{self.pk}"

    @property
    def effective_time_zone(self) -> str:
        return self.time_zone or self.customer.time_zone
