from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search across messages, customers, contacts, orders and products."""

    name = "gendan.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from gendan.core.registry import api_route_register

        from .api import SearchViewSet

        api_route_register("search", SearchViewSet, basename="search")
        from . import receivers

        receivers.connect()
