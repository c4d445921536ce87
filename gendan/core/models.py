from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A row that two people may edit at once.

    ``version`` goes up by one on every saved change; a write that names an older
    version is refused (see ``gendan.core.concurrency``), so nothing is silently
    overwritten.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class NumberSequence(models.Model):
    """Running numbers (order numbers, customer codes), one row per key and year."""

    key = models.CharField(max_length=64, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}={self.last_value}"


def sequence_next(key: str) -> int:
    """The next number of ``key``; gap-free per committed transaction, safe under concurrency.

    The increment is one UPDATE, which takes the row lock on PostgreSQL and runs under
    the IMMEDIATE write lock on SQLite, so two writers never get the same number.
    """
    with transaction.atomic():
        NumberSequence.objects.get_or_create(key=key)
        NumberSequence.objects.filter(key=key).update(last_value=F("last_value") + 1)
        return NumberSequence.objects.values_list("last_value", flat=True).get(key=key)


def sequence_reserve(key: str, count: int) -> int:
    """Reserve ``count`` numbers at once (bulk imports, demo data); returns the first."""
    with transaction.atomic():
        NumberSequence.objects.get_or_create(key=key)
        NumberSequence.objects.filter(key=key).update(last_value=F("last_value") + count)
        last = NumberSequence.objects.values_list("last_value", flat=True).get(key=key)
        return last - count + 1


def import_file_path(batch: ImportBatch, filename: str) -> str:
    """Where an uploaded import file is kept: a random name, never the uploader's."""
    suffix = Path(filename).suffix.lower()
    suffix = suffix if suffix in (".xlsx", ".csv", ".txt") else ""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ImportBatch(models.Model):
    """An uploaded import file between its check (the preview) and its confirmation."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        IMPORTING = "importing", _("Being imported")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Has errors")

    kind = models.CharField(_("kind"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    # The team new records go in when the file does not say.
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team"),
    )
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first errors as {row, column, value, message}; error_count says how many in all.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # {"columns": [...], "rows": [{"row": n, "action": "create", "values": [...]}, ...]}
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"


class PeriodicJob(models.Model):
    """When a periodic job is next due; a scheduler claims a run by moving ``next_run_at``.

    The claim is one conditional UPDATE (``WHERE next_run_at = <the value read>``), so
    when several schedulers run, exactly one of them enqueues each run.
    """

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "periodic job"

    def __str__(self) -> str:
        return self.name


def export_file_path(instance: ExportJob, filename: str) -> str:
    return f"exports/{instance.created_at:%Y/%m}/{instance.pk}-{filename}"


class ExportJob(models.Model):
    """A large list export, written by the worker; small ones download at once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("list"), max_length=30)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The list's filters, as they were in its address.
    query = models.CharField(max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(upload_to=export_file_path, max_length=255, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"
