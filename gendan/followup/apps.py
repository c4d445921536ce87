from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "gendan.followup"
    verbose_name = _("Order follow-up")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (orders confirmed -> milestones planned)
