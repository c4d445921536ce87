from __future__ import annotations

import factory

from gendan.accounts.tests.factories import TeamFactory
from gendan.customers.models import Contact, Customer
from gendan.customers.services import normalize_name


class CustomerFactory(factory.django.DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Customer {n} GmbH")
    name_key = factory.LazyAttribute(lambda c: normalize_name(c.name))
    country = "DE"
    time_zone = "Europe/Berlin"
    languages = factory.LazyFunction(lambda: ["de", "en"])
    team = factory.SubFactory(TeamFactory)


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact

    customer = factory.SubFactory(CustomerFactory)
    team = factory.SelfAttribute("customer.team")
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"buyer{n}@customer.test")
