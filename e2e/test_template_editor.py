"""A manager opens the SOP template editor and saves it: the dependencies survive the picker."""

import pytest
from playwright.sync_api import Page, expect

from gendan.followup.defaults import defaults_install
from gendan.followup.models import SopTemplate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def deps(template):
    version = SopTemplate.objects.get(pk=template.pk).current_version
    return {s.key: sorted(d.key for d in s.depends_on.all()) for s in version.steps.all()}


def test_saving_the_editor_unchanged_keeps_every_dependency_and_the_version(
    page: Page, live_server, login, make_user, team_a
):
    defaults_install()  # a transactional test starts from empty tables
    make_user("manager", [team_a], username="boss")
    template = SopTemplate.objects.get(is_default=True)
    before = deps(template)
    assert any(len(keys) > 1 for keys in before.values())  # a step with two dependencies
    login("boss")

    page.goto(f"{live_server.url}/settings/sop-templates/{template.pk}/edit/")
    page.click("[data-testid=save]")

    expect(page.get_by_text("Template saved; the steps did not change.")).to_be_visible()
    assert deps(template) == before
    assert SopTemplate.objects.get(pk=template.pk).current_version.number == 1
