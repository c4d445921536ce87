"""The nightly pruning of import files and finished exports: old rows go with their files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from gendan.dataio.models import ExportJob, ImportBatch
from gendan.dataio.tasks import export_jobs_prune, import_batches_prune

pytestmark = pytest.mark.django_db


def _age(model, pk: int, days: int) -> None:
    model.objects.filter(pk=pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_import_batches_a_month_old_go_with_their_files(merchandiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old, recent = (
        ImportBatch(kind="products", user=merchandiser, original_name=f"{name}.csv")
        for name in ("old", "recent")
    )
    for batch in (old, recent):
        batch.file.save(batch.original_name, ContentFile(b"SKU\n"), save=True)
    _age(ImportBatch, old.pk, 31)
    old_file = tmp_path / old.file.name

    assert import_batches_prune.call() == 1

    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not old_file.exists()
    assert (tmp_path / recent.file.name).exists()


def test_exports_two_days_old_go_with_their_files(merchandiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    written = ExportJob.objects.create(kind="orders", user=merchandiser)
    written.file.save("orders.xlsx", ContentFile(b"xlsx"), save=True)
    failed = ExportJob.objects.create(kind="orders", user=merchandiser, status="failed")
    recent = ExportJob.objects.create(kind="orders", user=merchandiser)
    _age(ExportJob, written.pk, 3)
    _age(ExportJob, failed.pk, 3)
    written_file = tmp_path / written.file.name

    assert export_jobs_prune.call() == 2

    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not written_file.exists()
