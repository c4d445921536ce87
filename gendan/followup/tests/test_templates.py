"""SOP templates: validation of the step graph, versions, and which template an order gets."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gendan.catalog.tests.factories import ProductFactory
from gendan.followup.models import Milestone, SopTemplate
from gendan.followup.setup.selectors import template_version_for_order
from gendan.followup.setup.services import StepInput, sop_template_create, sop_template_revise

pytestmark = pytest.mark.django_db


def steps(**overrides):
    base = [
        StepInput(key="a", name="Deposit", anchor="confirmed", offset_days=3),
        StepInput(key="b", name="Production", depends_on=["a"], offset_days=20),
        StepInput(key="c", name="Loading", anchor="ship_date", depends_on=["b"], is_ship_step=True),
    ]
    for step in base:
        for field, value in overrides.get(step.key, {}).items():
            setattr(step, field, value)
    return base


def test_a_cycle_is_refused_naming_the_steps(manager):
    cyclic = steps(a={"depends_on": ["c"], "anchor": "dependencies"})
    with pytest.raises(ValidationError) as caught:
        sop_template_create(actor=manager, name="Loop", steps=cyclic)
    message = " ".join(caught.value.message_dict["steps"])
    assert "circle" in message
    assert "Deposit" in message and "Production" in message and "Loading" in message
    assert not SopTemplate.objects.filter(name="Loop").exists()


def test_a_chinese_page_names_the_steps_of_a_cycle_in_chinese(manager):
    names = {"a": "定金", "b": "生产", "c": "装柜"}
    cyclic = steps(a={"depends_on": ["c"], "anchor": "dependencies"})
    for step in cyclic:
        step.name_zh = names[step.key]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        sop_template_create(actor=manager, name="Loop", steps=cyclic)
    message = " ".join(caught.value.message_dict["steps"])
    assert "定金" in message and "生产" in message and "装柜" in message
    assert "Deposit" not in message


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"b": {"depends_on": ["zz"]}}, "not a step of this template"),
        ({"b": {"depends_on": ["b"]}}, "cannot depend on itself"),
        ({"c": {"is_ship_step": False}}, "exactly one step as the ship step"),
        ({"b": {"key": "a"}}, "Two steps are called a"),
        ({"b": {"depends_on": []}}, "depends on none"),
        ({"a": {"offset_days": -2}}, "negative offset"),
        ({"a": {"owner_role": "pilot"}}, "unknown owner role"),
    ],
)
def test_bad_steps_are_refused_with_the_step_named(manager, overrides, fragment):
    with pytest.raises(ValidationError) as caught:
        sop_template_create(actor=manager, name="Bad", steps=steps(**overrides))
    assert fragment in " ".join(caught.value.message_dict["steps"])


def test_editing_makes_a_new_version_and_planned_orders_keep_theirs(confirmed_order, manager):
    order = confirmed_order()
    template = SopTemplate.objects.get(is_default=True)
    old_version = template.current_version
    sop_template_revise(
        actor=manager, template=template, steps=steps(), note="Shorter process", expected_version=1
    )
    template.refresh_from_db()
    assert template.current_version.number == 2
    assert {m.step.version_id for m in Milestone.objects.filter(order=order)} == {old_version.pk}
    assert order.progress.template_version == old_version
    assert confirmed_order().progress.template_version.number == 2


def test_a_stale_editor_cannot_overwrite_a_newer_version(manager):
    from gendan.core.concurrency import ConcurrentEditError

    template = SopTemplate.objects.get(is_default=True)
    sop_template_revise(actor=manager, template=template, steps=steps(), expected_version=1)
    with pytest.raises(ConcurrentEditError):
        sop_template_revise(actor=manager, template=template, steps=steps(), expected_version=1)


def test_a_customer_template_wins_over_a_category_template_over_the_default(
    confirmed_order, manager
):
    order = confirmed_order()
    default = SopTemplate.objects.get(is_default=True)
    assert template_version_for_order(order).template == default
    product = ProductFactory()
    product.category = __import__(
        "gendan.catalog.models", fromlist=["Category"]
    ).Category.objects.create(name="Textiles")
    product.save()
    line = order.lines.first()
    line.product = product
    line.save()
    by_category = sop_template_create(
        actor=manager, name="Textiles", steps=steps(), categories=[product.category]
    )
    assert template_version_for_order(order).template == by_category
    by_customer = sop_template_create(
        actor=manager, name="Walmart", steps=steps(), customers=[order.customer]
    )
    assert template_version_for_order(order).template == by_customer
