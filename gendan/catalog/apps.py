from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gendan.catalog"
    verbose_name = _("Products")

    def ready(self) -> None:
        from gendan.core.record_kinds import record_kind_register
        from gendan.core.registry import (
            NavEntry,
            nav_register,
        )

        from . import search_documents
        from .api import ProductViewSet
        from .exports import product_export
        from .importers import ProductImporter

        nav_register(NavEntry("products", _("Products"), "catalog:list", "ti-package", position=50))
        record_kind_register(
            "products",
            viewset=ProductViewSet,
            basename="product",
            importer=ProductImporter,
            exporter=product_export,
        )
        # What the search box finds of this app's records.
        search_documents.register()
