from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataioConfig(AppConfig):
    """Spreadsheet imports, list exports, backups and restores of every app's records.

    The kinds it imports and exports are not known here: each app registers its own in
    ``gendan.core.registry.importers`` and ``exporters`` from its ``ready()``.
    """

    name = "gendan.dataio"
    verbose_name = _("Imports and exports")

    def ready(self) -> None:
        import datetime as dt

        from gendan.core.scheduler import Schedule, register

        for name, hour, minute in (("import_batches_prune", 3, 20), ("export_jobs_prune", 3, 30)):
            register(Schedule(name, f"gendan.dataio.tasks.{name}", daily_at=dt.time(hour, minute)))
