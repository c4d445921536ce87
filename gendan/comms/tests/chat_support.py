"""Fixtures for the chat tests: a buyer on WhatsApp, webhook secrets, a fake Cloud API.

Test modules load them with ``pytest_plugins = ["gendan.comms.tests.chat_support"]`` and
import data and helpers from ``chat_data``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest

from gendan.customers.tests.factories import ContactFactory, CustomerFactory

from .chat_data import (
    ACCESS_TOKEN,
    APP_SECRET,
    HANS_NUMBER,
    PHONE_NUMBER_ID,
    VERIFY_TOKEN,
    Buyer,
    FakeCloudApi,
    cloud_handler,
)


@pytest.fixture
def buyer(team_a) -> Buyer:
    """A German customer of Team A and its buyer Hans Weber, on WhatsApp."""
    customer = CustomerFactory.create(
        team=team_a, name="Müller Haushaltswaren GmbH", country="DE", time_zone="Europe/Berlin",
        languages=["de", "en"],
    )  # fmt: skip
    contact = ContactFactory.create(
        customer=customer, name="Hans Weber", whatsapp=HANS_NUMBER, is_primary=True,
        languages=["de", "en"],
    )  # fmt: skip
    return Buyer(customer=customer, contact=contact)


@pytest.fixture
def webhook_settings(settings):
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    return settings


@pytest.fixture
def cloud_api(settings) -> Iterator[FakeCloudApi]:
    """A running fake Cloud API; the settings point the client at it."""
    api = FakeCloudApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), cloud_handler(api))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    api.base_url = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    settings.WHATSAPP_API_BASE_URL = api.base_url
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    settings.WHATSAPP_ACCESS_TOKEN = ACCESS_TOKEN
    yield api
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
