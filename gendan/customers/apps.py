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
        from . import search_documents

        # What the search box finds of this app's records.
        search_documents.register()
