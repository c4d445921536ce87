"""Row-level access: a user sees and changes the records of their own teams only."""

import pytest

from gendan.accounts.access import can, scope_to_user
from gendan.customers.models import Customer
from gendan.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_a_merchandiser_sees_only_their_teams_customers(make_user, team_a, team_b):
    mine = CustomerFactory(team=team_a)
    CustomerFactory(team=team_b)
    user = make_user("merchandiser", [team_a])
    assert list(scope_to_user(Customer.objects.all(), user)) == [mine]


def test_a_user_in_two_teams_sees_both(make_user, team_a, team_b):
    CustomerFactory(team=team_a)
    CustomerFactory(team=team_b)
    user = make_user("sales", [team_a, team_b])
    assert scope_to_user(Customer.objects.all(), user).count() == 2


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_managers_and_admins_see_every_team(make_user, team_a, team_b, role):
    CustomerFactory(team=team_a)
    CustomerFactory(team=team_b)
    user = make_user(role, [])
    assert scope_to_user(Customer.objects.all(), user).count() == 2


def test_a_user_without_a_team_sees_nothing(make_user, team_a):
    CustomerFactory(team=team_a)
    assert scope_to_user(Customer.objects.all(), make_user("sales", [])).count() == 0


def test_an_inactive_user_sees_nothing(make_user, team_a):
    CustomerFactory(team=team_a)
    user = make_user("manager", [team_a], is_active=False)
    assert scope_to_user(Customer.objects.all(), user).count() == 0


def test_a_viewer_reads_but_cannot_change(make_user, team_a):
    viewer = make_user("viewer", [team_a])
    CustomerFactory(team=team_a)
    assert scope_to_user(Customer.objects.all(), viewer).count() == 1
    assert not can(viewer, "customers.change", team=team_a)
    assert not can(viewer, "orders.change", team=team_a)


def test_a_merchandiser_cannot_change_another_teams_records(make_user, team_a, team_b):
    user = make_user("merchandiser", [team_a])
    assert can(user, "orders.change", team=team_a)
    assert not can(user, "orders.change", team=team_b)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("purchasing", True), ("qc", False), ("finance", False), ("sales", True), ("viewer", False)],
)
def test_who_may_change_products(make_user, role, allowed):
    assert can(make_user(role, []), "products.change") is allowed


def test_an_unknown_action_is_a_programming_error(make_user):
    with pytest.raises(KeyError):
        can(make_user("admin", []), "customers.fly")
