from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "gendan.customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from gendan.core.record_kinds import record_kind_register
        from gendan.core.registry import (
            NavEntry,
            nav_register,
            status_colours_register,
            team_carrier_register,
        )

        from . import search_documents
        from .api import ContactViewSet, CustomerViewSet
        from .exports import contact_export, customer_export
        from .importers import ContactImporter, CustomerImporter
        from .models import Contact, Stage

        nav_register(
            NavEntry(
                "customers",
                _("Customers"),
                "customers:list",
                "ti-building-store",
                position=40,
            )
        )
        status_colours_register(
            {
                Stage.LEAD: "secondary",
                Stage.PROSPECT: "azure",
                Stage.ACTIVE: "green",
                Stage.DORMANT: "yellow",
            }
        )
        record_kind_register(
            "customers",
            viewset=CustomerViewSet,
            basename="customer",
            importer=CustomerImporter,
            exporter=customer_export,
        )
        record_kind_register(
            "contacts",
            viewset=ContactViewSet,
            basename="contact",
            importer=ContactImporter,
            exporter=contact_export,
        )
        # What the search box finds of this app's records.
        search_documents.register()
        # Rows that carry a team and move with their customer (see customer_carriers_move).
        team_carrier_register(Contact, customer_path="customer")
