"""SOP templates over the API: everyone reads them, managers change them in versions."""

from __future__ import annotations

import pytest

from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.models import Milestone, SopStep, SopTemplate, SopTemplateVersion

from .api_support import MANAGE_TEMPLATES, ROLES, planned_order

pytestmark = pytest.mark.django_db

URL = "/api/v1/sop-templates/"
STEP_FIELDS = {
    "key", "position", "name", "name_zh", "owner_role", "anchor", "offset_days", "lead_days",
    "depends_on", "evidence", "customer_visible", "calendar_side", "is_ship_step",
    "done_on_confirm", "message_template",
}  # fmt: skip


def three_steps() -> list[dict]:
    return [
        {"key": "deposit", "name": "Deposit", "name_zh": "定金", "owner_role": "finance",
         "anchor": "confirmed", "offset_days": 3, "evidence": "payment"},
        {"key": "production", "name": "Production", "anchor": "dependencies", "offset_days": 20,
         "depends_on": ["deposit"]},
        {"key": "loading", "name": "Loading", "anchor": "ship_date", "offset_days": 0,
         "lead_days": 2, "depends_on": ["production"], "is_ship_step": True},
    ]  # fmt: skip


def default_template() -> SopTemplate:
    return SopTemplate.objects.get(is_default=True)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_lists_the_templates_with_their_current_steps(role, client_as):
    response = client_as(role).get(URL)

    assert response.status_code == 200
    [template] = response.json()["results"]
    assert template["name"] == "标准出口订单 · Export order (standard)"
    assert template["version"] == 1 and template["is_default"] is True
    assert len(template["steps"]) == 17
    deposit = next(step for step in template["steps"] if step["key"] == "deposit_received")
    assert set(deposit) == STEP_FIELDS
    assert deposit["depends_on"] == ["pi_confirmed"]
    assert deposit["name_zh"] == "收到定金"
    assert [v["number"] for v in template["versions"]] == [1]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_a_template_with_its_version_as_etag(role, client_as):
    response = client_as(role).get(f"{URL}{default_template().pk}/")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'


def test_an_unknown_template_is_404(client_as):
    assert client_as("sales").get(f"{URL}999999/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_template_takes_a_manager_or_an_admin(role, client_as, team_a):
    customer = CustomerFactory(team=team_a)
    response = client_as(role).post(
        URL,
        {"name": "Retail chains", "customers": [customer.pk], "steps": three_steps()},
        format="json",
    )

    allowed = role in MANAGE_TEMPLATES
    assert response.status_code == (201 if allowed else 403)
    assert SopTemplate.objects.filter(name="Retail chains").exists() == allowed
    if allowed:
        body = response.json()
        assert response["ETag"] == '"1"'
        assert body["customers"] == [customer.pk]
        assert [step["key"] for step in body["steps"]] == ["deposit", "production", "loading"]
        assert body["steps"][2]["depends_on"] == ["production"]


def test_a_new_default_template_replaces_the_old_default(client_as):
    response = client_as("manager").post(
        URL, {"name": "Lean export", "is_default": True, "steps": three_steps()}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert list(SopTemplate.objects.filter(is_default=True).values_list("name", flat=True)) == [
        "Lean export"
    ]


def test_a_cycle_is_refused_naming_the_steps_and_nothing_is_written(client_as):
    steps = three_steps()
    steps[0].update(anchor="dependencies", depends_on=["loading"])
    counts = (SopTemplate.objects.count(), SopStep.objects.count())

    response = client_as("manager").post(URL, {"name": "Loop", "steps": steps}, format="json")

    assert response.status_code == 400
    message = " ".join(response.json()["steps"])
    assert "circle" in message
    assert all(name in message for name in ("Deposit", "Production", "Loading"))
    assert (SopTemplate.objects.count(), SopStep.objects.count()) == counts


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"offset_days": 400}, "offset_days"),
        ({"lead_days": -1}, "lead_days"),
        ({"owner_role": "pilot"}, "owner_role"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_step_field_is_refused_naming_the_step_and_field(client_as, change, field):
    steps = three_steps()
    steps[1].update(change)
    response = client_as("manager").post(URL, {"name": "Bad", "steps": steps}, format="json")
    assert response.status_code == 400
    assert field in response.json()["steps"]["1"]  # {row index: {field: [message]}}


def test_changing_the_steps_makes_a_new_version_and_planned_orders_keep_theirs(client_as, team_a):
    order = planned_order(team_a)
    template = default_template()
    old_version = template.current_version
    client = client_as("manager")

    response = client.put(
        f"{URL}{template.pk}/",
        {"name": template.name, "is_default": True, "steps": three_steps(), "version": 1,
         "note": "Short process"},
        format="json",
    )  # fmt: skip

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["version"] == 2 and response["ETag"] == '"2"'
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert body["versions"][0]["note"] == "Short process"
    assert {m.step.version_id for m in Milestone.objects.filter(order=order)} == {old_version.pk}
    assert planned_order(team_a).milestones.count() == 3


def test_a_patch_of_the_name_alone_makes_no_new_version(client_as):
    template = default_template()
    response = client_as("admin").patch(
        f"{URL}{template.pk}/", {"name": "Export (standard)"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert SopTemplateVersion.objects.filter(template=template).count() == 1


def test_a_change_without_a_version_is_428_and_changes_nothing(client_as):
    template = default_template()
    response = client_as("manager").patch(
        f"{URL}{template.pk}/", {"name": "Renamed", "steps": three_steps()}, format="json"
    )
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert default_template().name == "标准出口订单 · Export order (standard)"
    assert SopTemplateVersion.objects.filter(template=template).count() == 1


def test_a_stale_version_in_the_body_is_409_and_in_if_match_412(client_as):
    template = default_template()
    client = client_as("manager")
    client.patch(f"{URL}{template.pk}/", {"steps": three_steps(), "version": 1}, format="json")

    stale_body = client.patch(
        f"{URL}{template.pk}/", {"name": "Renamed", "version": 1}, format="json"
    )
    stale_header = client.patch(
        f"{URL}{template.pk}/", {"name": "Renamed"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert stale_body.status_code == 409
    assert stale_body.json()["current_version"] == 2
    assert stale_header.status_code == 412
    assert default_template().name == "标准出口订单 · Export order (standard)"


@pytest.mark.parametrize("role", [role for role in ROLES if role not in MANAGE_TEMPLATES])
def test_changing_a_template_takes_a_manager_or_an_admin(role, client_as):
    template = default_template()
    response = client_as(role).patch(f"{URL}{template.pk}/", {"name": "Mine"}, format="json")
    assert response.status_code == 403
    assert default_template().name == "标准出口订单 · Export order (standard)"


def test_a_template_cannot_be_deleted_over_the_api(client_as):
    template = default_template()
    assert client_as("admin").delete(f"{URL}{template.pk}/").status_code == 405
