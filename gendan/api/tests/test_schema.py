"""The OpenAPI schema describes the API completely enough to generate clients from."""

from __future__ import annotations

import pytest
from django.core.management import call_command


def test_the_schema_is_valid_openapi_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    # --fail-on-warn turns every drf-spectacular warning (an unresolvable field, a view
    # it cannot introspect) into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    text = target.read_text()
    for path in (
        "/api/v1/orders/{id}/status/",
        "/api/v1/customers/{id}/merge/",
        "/api/v1/users/",
        "/api/v1/sop-templates/{id}/",
        "/api/v1/orders/{order_pk}/milestones/",
        "/api/v1/milestones/{id}/complete/",
        "/api/v1/tasks/",
        "/api/v1/delay-warnings/",
    ):
        assert path in text


@pytest.mark.django_db
def test_the_schema_is_served_as_json(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Gendan API"
