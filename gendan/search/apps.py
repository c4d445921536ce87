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
        from gendan.comms.registry import message_search

        from .selectors import search_message_ids

        # The inbox's search box asks the full-text index.
        message_search.register("messages", search_message_ids)
