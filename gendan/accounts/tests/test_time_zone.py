"""Pages show times in the signed-in user's zone, and the zone ends with the request."""

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_users_zone_is_active_during_the_request_and_not_after(client, merchandiser):
    merchandiser.time_zone = "America/Chicago"
    merchandiser.save()
    client.force_login(merchandiser)
    timezone.deactivate()

    response = client.get(reverse("customers:list"))

    assert response.status_code == 200
    assert str(response.context["TIME_ZONE"]) == "America/Chicago"
    assert timezone.get_current_timezone_name() == timezone.get_default_timezone_name()
