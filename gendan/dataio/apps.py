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
        _inbox_exporter_until_comms_registers_it()


def _inbox_exporter_until_comms_registers_it() -> None:
    """The inbox's export, registered here until the comms app registers it in its ready().

    It is the very function comms registers, so both registering it is harmless; once
    comms registers its own entry, delete this.  Imported by name: dataio must not
    import comms (a higher layer).
    """
    from django.apps import apps
    from django.utils.module_loading import import_string

    from gendan.core.registry import exporters

    if not apps.is_installed("gendan.comms"):
        return
    try:
        thread_export = import_string("gendan.comms.transfer.thread_export")
    except ImportError:
        return  # comms has moved its export, and registers it itself
    exporters.register("inbox", thread_export)
