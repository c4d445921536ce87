from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gendan.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        import datetime as dt

        from .scheduler import Schedule, register

        register(
            Schedule(
                "sessions_clear_expired",
                "gendan.core.tasks.sessions_clear_expired",
                daily_at=dt.time(3, 0),
            )
        )
        register(
            Schedule(
                "task_results_prune",
                "gendan.core.tasks.task_results_prune",
                daily_at=dt.time(3, 10),
            )
        )
        register(
            Schedule(
                "import_batches_prune",
                "gendan.core.tasks.import_batches_prune",
                daily_at=dt.time(3, 20),
            )
        )
