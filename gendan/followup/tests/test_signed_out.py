"""Nobody signed out reaches a follow-up page or endpoint: pages send them to log in, the
API answers 401."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    ("followup:my_day", []),
    ("followup:board", []),
    ("followup:order_panel", [1]),
    ("followup:task_create", [1]),
    ("followup:comment_add", [1]),
    ("followup:task_done", [1]),
    ("followup:milestone_complete", [1]),
    ("followup:milestone_reschedule", [1]),
    ("followup:milestone_skip", [1]),
    ("followup:milestone_assign", [1]),
    ("followup:milestone_status", [1]),
    ("followup:milestone_more", [1]),
    ("followup:evidence_download", [1]),
    ("followup:templates", []),
    ("followup:template_create", []),
    ("followup:template_detail", [1]),
    ("followup:template_edit", [1]),
    ("followup:calendar", []),
    ("followup:calendar_day_delete", [1]),
]
ENDPOINTS = [
    ("get", "/api/v1/sop-templates/"),
    ("get", "/api/v1/sop-templates/1/"),
    ("get", "/api/v1/orders/1/milestones/"),
    ("get", "/api/v1/milestones/1/"),
    ("post", "/api/v1/milestones/1/complete/"),
    ("post", "/api/v1/milestones/1/reschedule/"),
    ("get", "/api/v1/tasks/"),
    ("post", "/api/v1/tasks/"),
    ("get", "/api/v1/delay-warnings/"),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_signed_out_visitor_is_sent_to_log_in(client, name, args, method):
    url = reverse(name, args=args)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_the_api_answers_401_without_credentials(client, method, path):
    response = getattr(client, method)(path, content_type="application/json")

    assert response.status_code == 401
