from __future__ import annotations

from django.db import models, transaction
from django.db.models import F
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
