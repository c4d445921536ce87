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
        from gendan.core.registry import exporters, importers

        from .exports import order_export
        from .importers import OrderImporter

        importers.register("orders", OrderImporter)
        exporters.register("orders", order_export)
