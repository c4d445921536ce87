"""SOP template pages: the list, a template's page with its preview, and the editor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gendan.core.testing import assert_same_queries, get_with_queries
from gendan.customers.tests.factories import CustomerFactory
from gendan.followup.models import Milestone, SopStep, SopTemplate, SopTemplateVersion
from gendan.followup.setup.forms import step_initial
from gendan.followup.setup.services import StepInput, sop_template_create, sop_template_revise

from .api_support import MANAGE_TEMPLATES, ROLES, planned_order

pytestmark = pytest.mark.django_db

NOT_MANAGERS = [role for role in ROLES if role not in MANAGE_TEMPLATES]


def default_template() -> SopTemplate:
    return SopTemplate.objects.select_related("current_version").get(is_default=True)


def three_steps() -> list[dict]:
    return [
        {"key": "deposit", "name": "Deposit", "name_zh": "定金", "owner_role": "finance",
         "anchor": "confirmed", "offset_days": 3},
        {"key": "production", "name": "Production", "name_zh": "生产", "anchor": "dependencies",
         "offset_days": 20, "depends_on": ["deposit"]},
        {"key": "loading", "name": "Loading", "name_zh": "装柜", "anchor": "ship_date",
         "offset_days": 0, "lead_days": 2, "depends_on": ["production"], "is_ship_step": True},
    ]  # fmt: skip


def stored_steps(template: SopTemplate) -> list[dict]:
    """The current steps as the editor shows them."""
    assert template.current_version is not None
    steps = template.current_version.steps.prefetch_related("depends_on").order_by("position")
    return [
        {**step_initial(step), "depends_on": [dep.key for dep in step.depends_on.all()]}
        for step in steps
    ]


def editor_post(steps: list[dict], **header) -> dict:
    """The editor's form as a browser posts it."""
    data = {
        "name": header.get("name", "标准出口订单 · Export order (standard)"),
        "description": header.get("description", ""),
        "note": header.get("note", ""),
        "version": header.get("version", ""),
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    if header.get("is_default"):
        data["is_default"] = "on"
    if header.get("customers"):
        data["customers"] = [str(pk) for pk in header["customers"]]
    for index, step in enumerate(steps):
        prefix = f"steps-{index}-"
        data.update(
            {
                prefix + "key": step.get("key", ""),
                prefix + "name": step["name"],
                prefix + "name_zh": step.get("name_zh", ""),
                prefix + "owner_role": step.get("owner_role", "merchandiser"),
                prefix + "anchor": step.get("anchor", "dependencies"),
                prefix + "offset_days": str(step.get("offset_days", 0)),
                prefix + "lead_days": str(step.get("lead_days", 1)),
                prefix + "depends_on": ", ".join(step.get("depends_on", [])),
                prefix + "evidence": step.get("evidence", "none"),
                prefix + "calendar_side": step.get("calendar_side", "factory"),
                prefix + "message_template": step.get("message_template", ""),
                prefix + "ORDER": str(index + 1),
            }
        )
        for flag in ("customer_visible", "is_ship_step", "done_on_confirm", "DELETE"):
            if step.get(flag):
                data[prefix + flag] = "on"
    return data


# --- The list -------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_reads_the_list_and_only_managers_get_the_buttons(
    role, client, make_user, team_a
):
    client.force_login(make_user(role, [team_a]))
    response = client.get(reverse("followup:templates"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "标准出口订单 · Export order (standard)" in body
    assert ('data-testid="new-template"' in body) == (role in MANAGE_TEMPLATES)
    assert ('data-testid="edit-template"' in body) == (role in MANAGE_TEMPLATES)


def test_the_list_needs_a_signed_in_user(client):
    response = client.get(reverse("followup:templates"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_list_shows_the_default_badge_steps_and_open_orders_per_version(
    client, manager, team_a
):
    planned_order(team_a)
    planned_order(team_a)
    template = default_template()
    sop_template_revise(
        actor=manager, template=template, steps=[StepInput(**s) for s in three_steps()]
    )
    planned_order(team_a)
    customer = CustomerFactory(team=team_a, name="Walmart Canada")
    sop_template_create(
        actor=manager, name="Retail chains", steps=[StepInput(**s) for s in three_steps()],
        customers=[customer],
    )  # fmt: skip
    client.force_login(manager)

    response = client.get(reverse("followup:templates"))
    body = response.content.decode()
    rows = {template.name: template for template in response.context["templates"]}
    assert rows["标准出口订单 · Export order (standard)"].open_orders == [(2, 1), (1, 2)]
    assert rows["标准出口订单 · Export order (standard)"].step_count == 3
    assert rows["Retail chains"].open_total == 0
    assert 'data-testid="default-badge"' in body
    assert "v2: 1 · v1: 2" in body
    assert "Walmart Canada" in body


def test_the_list_costs_the_same_queries_for_5_and_40_templates(client, manager):
    def make(count):
        for n in range(count):
            customer = CustomerFactory()
            sop_template_create(
                actor=manager, name=f"Template {SopTemplate.objects.count()} {n}",
                steps=[StepInput(**s) for s in three_steps()], customers=[customer],
            )  # fmt: skip

    client.force_login(manager)
    make(4)
    _, first = get_with_queries(client, reverse("followup:templates"))
    make(35)
    response, second = get_with_queries(client, reverse("followup:templates"))
    assert len(response.context["templates"]) == 40
    assert_same_queries(first, second)


# --- A template's page ----------------------------------------------------------------
def test_the_page_shows_each_step_in_words_with_the_diagram_and_the_versions(client, merchandiser):
    client.force_login(merchandiser)
    template = default_template()

    response = client.get(template.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "working days before the ship date" in body
    assert "working days after Deposit received" in body or "after PI confirmed" in body
    assert "收到定金" in body
    assert 'data-testid="dag"' in body
    columns = response.context["columns"]
    assert [step.key for step in columns[0]] == ["pi_sent"]
    assert 'data-testid="versions"' in body
    assert 'data-testid="edit-template"' not in body  # a merchandiser reads, does not edit


def test_the_page_shows_an_older_version_with_its_own_steps(client, manager):
    template = default_template()
    sop_template_revise(
        actor=manager,
        template=template,
        steps=[StepInput(**s) for s in three_steps()],
        note="Short",
    )
    client.force_login(manager)

    current = client.get(template.get_absolute_url())
    older = client.get(template.get_absolute_url() + "?version=1")
    assert len(current.context["steps"]) == 3
    assert len(older.context["steps"]) == 17
    assert 'data-testid="old-version"' in older.content.decode()


def test_the_preview_plans_an_example_order_and_writes_nothing(client, merchandiser):
    client.force_login(merchandiser)
    template = default_template()
    before = (Milestone.objects.count(), SopTemplateVersion.objects.count())

    response = client.get(template.get_absolute_url(), {"confirmed": "2026-11-02", "days": "120"})
    preview = response.context["preview"]
    assert preview.ship_date == dt.date(2027, 3, 2)
    ship_row = next(row for row in preview.rows if row.step.is_ship_step)
    assert ship_row.planned == dt.date(2027, 3, 2)
    assert preview.days_late == 0 and not preview.tight_rows
    assert (Milestone.objects.count(), SopTemplateVersion.objects.count()) == before


def test_the_preview_says_when_the_promise_is_too_short(client, merchandiser):
    client.force_login(merchandiser)
    response = client.get(
        default_template().get_absolute_url(), {"confirmed": "2026-11-02", "days": "20"}
    )
    preview = response.context["preview"]
    assert preview.days_late > 0
    assert preview.tight_rows
    assert "days late" in response.content.decode()


def test_the_preview_counts_customer_steps_on_the_customers_calendar(client, merchandiser):
    client.force_login(merchandiser)
    url = default_template().get_absolute_url()
    german = client.get(url, {"confirmed": "2026-11-02", "days": "30", "country": "DE"})
    rows = {row.step.key: row for row in german.context["preview"].rows}
    assert rows["eta_delivered"].customer_calendar
    assert not rows["loading_etd"].customer_calendar


def test_the_preview_refreshes_as_a_fragment_for_htmx(client, merchandiser):
    client.force_login(merchandiser)
    response = client.get(
        default_template().get_absolute_url(),
        {"days": "90"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="preview",
    )
    body = response.content.decode()
    assert 'id="preview"' in body
    assert "<html" not in body


def test_a_template_page_costs_the_same_queries_for_3_and_30_steps(client, manager):
    client.force_login(manager)
    short = sop_template_create(
        actor=manager, name="Short", steps=[StepInput(**s) for s in three_steps()]
    )
    chain = [StepInput(key="s0", name="Step 0", anchor="confirmed", offset_days=1)]
    chain += [
        StepInput(key=f"s{n}", name=f"Step {n}", depends_on=[f"s{n - 1}"], offset_days=1)
        for n in range(1, 30)
    ]
    chain[-1].is_ship_step = True
    long = sop_template_create(actor=manager, name="Long", steps=chain)
    _, first = get_with_queries(client, short.get_absolute_url())
    response, second = get_with_queries(client, long.get_absolute_url())
    assert len(response.context["steps"]) == 30
    assert_same_queries(first, second)


def test_an_unknown_template_is_not_found(client, merchandiser):
    client.force_login(merchandiser)
    assert client.get(reverse("followup:template_detail", args=[999999])).status_code == 404


# --- The editor -----------------------------------------------------------------------
@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_only_managers_and_admins_open_or_post_the_editor(role, client, make_user, team_a):
    client.force_login(make_user(role, [team_a]))
    template = default_template()
    edit = reverse("followup:template_edit", args=[template.pk])
    new = reverse("followup:template_create")

    assert client.get(edit).status_code == 403
    assert client.get(new).status_code == 403
    assert client.post(edit, editor_post(three_steps(), version=1)).status_code == 403
    assert client.post(new, editor_post(three_steps(), name="Mine")).status_code == 403
    assert SopTemplateVersion.objects.count() == 1
    assert not SopTemplate.objects.filter(name="Mine").exists()


def test_the_editor_shows_the_current_steps_with_their_dependencies(client, manager):
    client.force_login(manager)
    template = default_template()
    response = client.get(reverse("followup:template_edit", args=[template.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 17
    assert 'value="pi_confirmed"' in body  # deposit_received depends on it
    assert '<datalist id="step-keys">' in body
    assert 'name="version" value="1"' in body


def test_the_editor_reads_only_the_chosen_customers(client, manager, team_a):
    template = default_template()
    template.customers.set(CustomerFactory.create_batch(2, team=team_a))
    client.force_login(manager)
    url = reverse("followup:template_edit", args=[template.pk])
    _, first = get_with_queries(client, url)
    CustomerFactory.create_batch(100, team=team_a)
    response, second = get_with_queries(client, url)
    assert_same_queries(first, second)
    body = response.content.decode()
    select = body[
        body.index('name="customers"') : body.index("</select>", body.index('name="customers"'))
    ]
    assert select.count("<option") == 2  # the chosen ones; the rest load as the user types


def test_saving_the_editor_makes_a_new_version_and_open_orders_keep_theirs(client, manager, team_a):
    order = planned_order(team_a)
    template = default_template()
    old_version = template.current_version
    steps = stored_steps(template)
    steps[2]["offset_days"] = steps[2]["offset_days"] + 2  # deposit takes two days longer
    client.force_login(manager)

    response = client.post(
        reverse("followup:template_edit", args=[template.pk]),
        editor_post(steps, version=1, note="Deposit takes longer", is_default=True),
    )

    assert response.status_code == 302
    template.refresh_from_db()
    assert template.current_version.number == 2
    assert template.current_version.note == "Deposit takes longer"
    assert template.current_version.created_by == manager
    assert template.current_version.steps.count() == 17
    assert {m.step.version_id for m in Milestone.objects.filter(order=order)} == {old_version.pk}
    assert order.progress.template_version == old_version
    # the next order is planned from the new version
    assert planned_order(team_a).progress.template_version.number == 2
    page = client.get(template.get_absolute_url())
    versions = {v.number: (v.open_orders, v.total_orders) for v in page.context["versions"]}
    assert versions == {2: (1, 1), 1: (1, 1)}


def test_saving_unchanged_steps_keeps_the_version_and_saves_the_header(client, manager):
    template = default_template()
    client.force_login(manager)
    response = client.post(
        reverse("followup:template_edit", args=[template.pk]),
        editor_post(stored_steps(template), version=1, name="Export (standard)", is_default=True),
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "Export (standard)"
    assert template.current_version.number == 1


def test_a_cycle_is_refused_naming_the_steps_and_nothing_is_written(client, manager):
    template = default_template()
    steps = stored_steps(template)
    by_key = {step["key"]: step for step in steps}
    by_key["pi_sent"]["anchor"] = "dependencies"
    by_key["pi_sent"]["depends_on"] = ["deposit_received"]  # deposit needs the PI confirmed
    counts = (SopTemplateVersion.objects.count(), SopStep.objects.count())
    client.force_login(manager)

    response = client.post(
        reverse("followup:template_edit", args=[template.pk]),
        editor_post(steps, version=1, name="Renamed meanwhile", is_default=True),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="step-errors"' in body
    message = " ".join(response.context["step_errors"])
    assert "circle" in message
    for name in ("PI sent", "PI confirmed", "Deposit received"):
        assert name in message
    # The rows in the circle are marked, and the user's input is still there.
    flagged = [form.flagged for form in response.context["formset"].forms]
    assert flagged[:3] == [True, True, True] and not any(flagged[3:])
    assert 'value="Renamed meanwhile"' in body
    assert (SopTemplateVersion.objects.count(), SopStep.objects.count()) == counts
    template.refresh_from_db()
    assert template.name == "标准出口订单 · Export order (standard)"


def test_step_problems_are_listed_on_top_of_the_form(client, manager):
    steps = three_steps()
    steps[2]["is_ship_step"] = False
    steps[1]["depends_on"] = ["nowhere"]
    client.force_login(manager)
    response = client.post(reverse("followup:template_create"), editor_post(steps, name="Bad"))
    message = " ".join(response.context["step_errors"])
    assert "exactly one step as the ship step" in message
    assert "nowhere, which is not a step of this template" in message
    assert not SopTemplate.objects.filter(name="Bad").exists()


def test_a_manager_creates_a_template_for_some_customers(client, manager, team_a):
    customer = CustomerFactory(team=team_a)
    client.force_login(manager)

    response = client.post(
        reverse("followup:template_create"),
        editor_post(three_steps(), name="Retail chains", customers=[customer.pk]),
    )

    template = SopTemplate.objects.get(name="Retail chains")
    assert response.status_code == 302
    assert response["Location"] == template.get_absolute_url()
    assert list(template.customers.all()) == [customer]
    steps = list(template.current_version.steps.order_by("position"))
    assert [s.key for s in steps] == ["deposit", "production", "loading"]
    assert [d.key for d in steps[2].depends_on.all()] == ["production"]
    assert steps[2].is_ship_step and steps[2].lead_days == 2


def test_keys_come_from_the_names_and_the_rows_follow_their_order_fields(client, manager):
    steps = three_steps()
    for step in steps:
        step["key"] = ""
    steps[1]["depends_on"] = ["Deposit"]
    steps[2]["depends_on"] = ["production"]
    data = editor_post(steps, name="Typed")
    data["steps-0-ORDER"], data["steps-1-ORDER"], data["steps-2-ORDER"] = "2", "1", "3"
    client.force_login(manager)

    client.post(reverse("followup:template_create"), data)

    template = SopTemplate.objects.get(name="Typed")
    keys = list(template.current_version.steps.order_by("position").values_list("key", flat=True))
    assert keys == ["production", "deposit", "loading"]


def test_a_removed_row_is_not_saved(client, manager):
    steps = three_steps() + [{"key": "extra", "name": "Extra", "DELETE": True}]
    client.force_login(manager)
    client.post(reverse("followup:template_create"), editor_post(steps, name="Three"))
    assert SopTemplate.objects.get(name="Three").current_version.steps.count() == 3


def test_add_step_without_javascript_adds_an_empty_row_and_saves_nothing(client, manager):
    client.force_login(manager)
    data = editor_post(three_steps(), name="Growing")
    data["add_step"] = "1"
    response = client.post(reverse("followup:template_create"), data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 4
    assert not SopTemplate.objects.filter(name="Growing").exists()


def test_a_copy_starts_from_the_other_templates_steps(client, manager):
    client.force_login(manager)
    template = default_template()
    response = client.get(reverse("followup:template_create") + f"?copy={template.pk}")
    assert response.context["formset"].total_form_count() == 17
    assert "Copy of 标准出口订单 · Export order (standard)" in response.content.decode()


def test_a_stale_editor_gets_409_with_a_reload_link(client, manager):
    template = default_template()
    steps = stored_steps(template)
    sop_template_revise(
        actor=manager, template=template, steps=[StepInput(**s) for s in three_steps()]
    )
    client.force_login(manager)

    response = client.post(
        reverse("followup:template_edit", args=[template.pk]),
        editor_post(steps, version=1, is_default=True),
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert 'data-testid="conflict"' in body
    assert "Reload the latest version" in body
    template.refresh_from_db()
    assert template.current_version.number == 2
