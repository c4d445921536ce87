from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "gendan.orders"
    verbose_name = _("Orders")

    def ready(self) -> None:
        from gendan.core.record_kinds import record_kind_register
        from gendan.core.registry import (
            NavEntry,
            nav_register,
            status_colours_register,
            team_carrier_register,
        )

        from . import search_documents, timeline
        from .api import OrderViewSet
        from .exports import order_export
        from .importers import OrderImporter
        from .models import Order, OrderStatus

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
        record_kind_register(
            "orders",
            viewset=OrderViewSet,
            basename="order",
            importer=OrderImporter,
            exporter=order_export,
        )
        # The customer timeline shows orders created and their status changes.
        timeline.register()
        # What the search box finds of this app's records.
        search_documents.register()
        team_carrier_register(Order, customer_path="customer")
