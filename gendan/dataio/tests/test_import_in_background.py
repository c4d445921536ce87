"""A large file is checked and imported by the worker while the page shows the progress."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gendan.catalog.models import Product
from gendan.core.progress import progress_read, progress_write
from gendan.dataio.jobs import import_batch_check, import_batch_run
from gendan.dataio.models import ImportBatch
from gendan.dataio.selectors import import_progress_key
from gendan.dataio.tests.import_support import xlsx_bytes

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def queued_tasks(settings):
    # Tasks are queued and not run: the way a busy worker leaves them for a moment.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _products(count: int) -> bytes:
    return xlsx_bytes(["SKU", "English name"], [[f"P-{i}", f"Product {i}"] for i in range(count)])


def _upload(client, data: bytes):
    return client.post(
        reverse("transfer:upload", args=["products"]),
        {"file": SimpleUploadedFile("products.xlsx", data, XLSX)},
    )


def test_the_preview_shows_a_progress_bar_until_the_check_is_done(
    client, merchandiser, queued_tasks
):
    client.force_login(merchandiser)
    _upload(client, _products(30))
    batch = ImportBatch.objects.get()
    assert batch.status == "checking"
    page = client.get(reverse("transfer:preview", args=[batch.pk])).content.decode()
    assert 'data-testid="import-progress"' in page
    assert reverse("transfer:progress", args=[batch.pk]) in page

    progress_write(import_progress_key(batch), 12, 30)
    fragment = client.get(reverse("transfer:progress", args=[batch.pk])).content.decode()
    assert "12 of 30 rows" in fragment

    import_batch_check(batch_id=batch.pk)  # what the worker does
    done = client.get(reverse("transfer:progress", args=[batch.pk]))
    assert done.status_code == 204
    assert done["HX-Redirect"] == reverse("transfer:preview", args=[batch.pk])
    assert progress_read(import_progress_key(batch)) is None
    assert ImportBatch.objects.get().status == "previewed"


def test_confirming_queues_the_import_and_the_page_follows_it_to_the_list(
    client, merchandiser, queued_tasks
):
    client.force_login(merchandiser)
    _upload(client, _products(5))
    batch = ImportBatch.objects.get()
    import_batch_check(batch_id=batch.pk)
    response = client.post(reverse("transfer:confirm", args=[batch.pk]))
    assert response.url == reverse("transfer:preview", args=[batch.pk])
    assert ImportBatch.objects.get().status == "importing"
    again = client.post(reverse("transfer:confirm", args=[batch.pk]))  # a double click
    assert again.status_code == 302
    import_batch_run(batch_id=batch.pk)
    import_batch_run(batch_id=batch.pk)  # a task run twice does nothing more
    assert Product.objects.count() == 5
    done = client.get(reverse("transfer:progress", args=[batch.pk]))
    assert done["HX-Redirect"] == reverse("catalog:list")


def test_an_import_that_stopped_can_be_started_again(client, merchandiser, queued_tasks, settings):
    client.force_login(merchandiser)
    _upload(client, _products(5))
    batch = ImportBatch.objects.get()
    import_batch_check(batch_id=batch.pk)
    client.post(reverse("transfer:confirm", args=[batch.pk]))
    # The worker was killed: its transaction rolled back, its progress froze long ago.
    path = Path(settings.MEDIA_ROOT) / "progress" / f"{import_progress_key(batch)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"done": 2, "total": 5, "updated": time.time() - 3600}))
    page = client.get(reverse("transfer:preview", args=[batch.pk])).content.decode()
    assert "stopped without finishing" in page
    client.post(reverse("transfer:confirm", args=[batch.pk]))
    import_batch_run(batch_id=batch.pk)
    assert Product.objects.count() == 5
