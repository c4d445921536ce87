"""Excel export of the customer and contact lists, with the list's filters."""

from __future__ import annotations

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _

from gendan.accounts.models import User
from gendan.core.xlsx import Column
from gendan.dataio.exporting import ExportSpec, queryset_spec

from .selectors import CUSTOMER_SORTS, contacts_visible, customer_list


def customer_columns() -> list[Column]:
    return [
        Column(_("Customer code"), lambda c: c.code, 12),
        Column(_("Company name"), lambda c: c.name, 32),
        Column(_("Country"), lambda c: c.country.code, 8),
        Column(_("City"), lambda c: c.city, 14),
        Column(_("Time zone"), lambda c: c.time_zone, 18),
        Column(_("Languages"), lambda c: ", ".join(c.languages), 10),
        Column(_("Preferred channels"), lambda c: ", ".join(c.preferred_channels), 16),
        Column(_("Website"), lambda c: c.website, 24),
        Column(_("Mail domain"), lambda c: c.domain, 18),
        Column(_("Source"), lambda c: c.get_source_display(), 16),
        Column(_("Stage"), lambda c: c.get_stage_display(), 12),
        Column(_("Owner"), lambda c: c.owner.get_username() if c.owner else "", 14),
        Column(_("Team"), lambda c: c.team.name, 14),
        Column(_("Tags"), lambda c: ", ".join(t.name for t in c.tags.all()), 18),
        Column(_("Address"), lambda c: c.address, 30),
        Column(_("Notes"), lambda c: c.notes, 30),
        Column(_("Updated"), lambda c: c.updated_at, 17),
    ]


def customer_export(*, user: User, params: QueryDict) -> ExportSpec:
    from .views import filters_from_params

    _form, filters = filters_from_params(params)
    qs = (
        customer_list(user=user, filters=filters)
        .prefetch_related("tags")
        .order_by(CUSTOMER_SORTS.get(filters.sort, "name"), "pk")[: settings.EXPORT_MAX_ROWS]
    )
    return queryset_spec(
        qs, filename="customers", sheet_title=_("Customers"), columns=customer_columns()
    )


def contact_columns() -> list[Column]:
    return [
        Column(_("Customer code"), lambda c: c.customer.code, 12),
        Column(_("Company name"), lambda c: c.customer.name, 28),
        Column(_("Name"), lambda c: c.name, 20),
        Column(_("Job title"), lambda c: c.title, 16),
        Column(_("Email"), lambda c: c.email, 26),
        Column(_("Phone"), lambda c: c.phone, 16),
        Column(_("WhatsApp"), lambda c: c.whatsapp, 16),
        Column(_("WeChat ID"), lambda c: c.wechat, 14),
        Column(_("Skype"), lambda c: c.skype, 14),
        Column(_("Languages"), lambda c: ", ".join(c.languages), 10),
        Column(_("Main contact"), lambda c: _("yes") if c.is_primary else "", 8),
        Column(_("Notes"), lambda c: c.notes, 30),
    ]


def contact_export(*, user: User, params: QueryDict) -> ExportSpec:
    qs = contacts_visible(user).select_related("customer")
    if customer := params.get("customer", ""):
        qs = qs.filter(customer_id=int(customer)) if customer.isdigit() else qs.none()
    qs = qs.order_by("customer__name", "customer_id", "-is_primary", "name")[
        : settings.EXPORT_MAX_ROWS
    ]
    return queryset_spec(
        qs, filename="contacts", sheet_title=_("Contacts"), columns=contact_columns()
    )
