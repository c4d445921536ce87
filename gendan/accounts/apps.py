from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gendan.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from gendan.core.registry import NavEntry, nav_register

        from . import receivers  # noqa: F401  (log-in events go to the security log)

        nav_register(
            NavEntry("settings", _("Settings"), "accounts:settings", "ti-settings", position=900)
        )
