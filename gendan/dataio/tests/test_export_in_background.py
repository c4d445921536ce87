"""A large export is written by the worker; the page shows its progress, then a download."""

from __future__ import annotations

import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from gendan.comms.tests.inbox_factories import message_add, thread_start
from gendan.customers.tests.factories import CustomerFactory
from gendan.dataio.jobs import export_job_run
from gendan.dataio.models import ExportJob
from gendan.orders.tests.factories import OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


def _rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_a_small_export_downloads_at_once(client, merchandiser, team_a, settings):
    settings.EXPORT_DIRECT_ROWS = 10
    CustomerFactory.create_batch(10, team=team_a)
    client.force_login(merchandiser)
    response = client.get(reverse("customers:export"))
    assert response.status_code == 200
    assert len(_rows(b"".join(response.streaming_content))) == 11
    assert not ExportJob.objects.exists()


def test_a_large_export_goes_to_the_worker_and_keeps_the_filters(
    client, merchandiser, team_a, settings
):
    settings.EXPORT_DIRECT_ROWS = 3
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    for order in OrderFactory.create_batch(
        3, customer=CustomerFactory(team=team_a), status="confirmed"
    ):
        OrderLineFactory.create_batch(2, order=order)
    OrderFactory(customer=CustomerFactory(team=team_a), status="draft")
    client.force_login(merchandiser)
    response = client.get(reverse("orders:export"), {"status": "confirmed"})
    job = ExportJob.objects.get()
    assert response.url == reverse("transfer:export_job", args=[job.pk])
    assert "waiting" in client.get(response.url).content.decode().lower()

    export_job_run(job_id=job.pk)  # what the worker does
    page = client.get(response.url).content.decode()
    assert "6 rows" in page
    download = client.get(reverse("transfer:export_download", args=[job.pk]))
    rows = _rows(b"".join(download.streaming_content))
    assert len(rows) == 7  # header and the six lines of the confirmed orders only


def test_someone_elses_export_is_not_found(client, merchandiser, make_user, team_a, settings):
    settings.EXPORT_DIRECT_ROWS = 1
    CustomerFactory.create_batch(3, team=team_a)
    client.force_login(merchandiser)
    client.get(reverse("customers:export"))
    job = ExportJob.objects.get()
    client.force_login(make_user("merchandiser", [team_a]))
    assert client.get(reverse("transfer:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("transfer:export_download", args=[job.pk])).status_code == 404


def test_a_worker_writes_what_the_user_may_see_and_not_more(
    client, merchandiser, team_a, team_b, settings
):
    settings.EXPORT_DIRECT_ROWS = 1
    CustomerFactory.create_batch(2, team=team_a, name="Ours")
    CustomerFactory.create_batch(2, team=team_b, name="Theirs")
    client.force_login(merchandiser)
    client.get(reverse("customers:export"))  # tasks run at once in tests
    job = ExportJob.objects.get()
    assert job.status == "done"
    rows = _rows(
        b"".join(client.get(reverse("transfer:export_download", args=[job.pk])).streaming_content)
    )
    assert [row[1] for row in rows[1:]] == ["Ours", "Ours"]


def test_the_worker_writes_in_the_users_language_and_time_zone(
    client, merchandiser, team_a, settings
):
    settings.EXPORT_DIRECT_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    merchandiser.language, merchandiser.time_zone = "en", "America/Chicago"
    merchandiser.save()
    customer = CustomerFactory(team=team_a)
    moment = timezone.now().replace(microsecond=0)
    for subject in ("First", "Second"):
        message_add(thread_start(customer=customer, subject=subject), sent_at=moment)
    client.force_login(merchandiser)
    client.get(reverse("comms:inbox_export"))
    job = ExportJob.objects.get()

    with translation.override("zh-hans"):  # the worker's own language and zone differ
        export_job_run(job_id=job.pk)

    job.refresh_from_db()
    with job.file.open("rb") as handle:
        rows = _rows(handle.read())
    assert rows[0][:2] == ("Last message", "Channel")
    chicago = timezone.localtime(moment, timezone=ZoneInfo("America/Chicago"))
    assert rows[1][0] == chicago.replace(tzinfo=None)
