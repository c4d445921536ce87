from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "gendan.customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from gendan.core.registry import NavEntry, nav_register, status_colours_register

        from .models import Stage

        nav_register(
            NavEntry(
                "customers", _("Customers"), "customers:list", "ti-building-store", position=40
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
        from gendan.core.registry import api_route_register

        from .api import ContactViewSet, CustomerViewSet

        api_route_register("customers", CustomerViewSet, basename="customer")
        api_route_register("contacts", ContactViewSet, basename="contact")
        from gendan.core.registry import exporters, importers

        from .exports import contact_export, customer_export
        from .importers import ContactImporter, CustomerImporter

        importers.register("customers", CustomerImporter)
        importers.register("contacts", ContactImporter)
        exporters.register("customers", customer_export)
        exporters.register("contacts", contact_export)
