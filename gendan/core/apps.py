from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gendan.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        import datetime as dt

        from .scheduler import Schedule, register

        for name, hour, minute in (
            ("sessions_clear_expired", 3, 0),
            ("task_results_prune", 3, 10),
        ):
            register(Schedule(name, f"gendan.core.tasks.{name}", daily_at=dt.time(hour, minute)))
