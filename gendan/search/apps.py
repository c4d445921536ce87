from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Full-text search across messages, customers, contacts, orders and products."""

    name = "gendan.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
