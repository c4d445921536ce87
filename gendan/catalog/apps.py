from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gendan.catalog"
    verbose_name = _("Products")

    def ready(self) -> None:
        from gendan.core.registry import NavEntry, nav_register

        nav_register(NavEntry("products", _("Products"), "catalog:list", "ti-package", position=50))
        from gendan.core.registry import api_route_register

        from .api import ProductViewSet

        api_route_register("products", ProductViewSet, basename="product")
        from . import search_documents

        # What the search box finds of this app's records.
        search_documents.register()
