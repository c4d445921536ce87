from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "gendan.orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from gendan.core.registry import NavEntry, nav_register, status_colours_register

        from .models import OrderStatus

        nav_register(NavEntry("orders", _("Orders"), "orders:list", "ti-file-invoice", position=30))
        status_colours_register(
            {
                OrderStatus.DRAFT: "secondary",
                OrderStatus.CONFIRMED: "blue",
                OrderStatus.IN_PRODUCTION: "orange",
                OrderStatus.SHIPPED: "cyan",
                OrderStatus.COMPLETED: "green",
                OrderStatus.CANCELLED: "red",
            }
        )
        from gendan.core.registry import api_route_register

        from .api import OrderViewSet

        api_route_register("orders", OrderViewSet, basename="order")
        from . import timeline

        # The customer timeline shows orders created and their status changes.
        timeline.register()
        from . import search_documents

        # What the search box finds of this app's records.
        search_documents.register()
