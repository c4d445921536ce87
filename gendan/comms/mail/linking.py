"""Which contact, customer and order a message belongs to, and which team sees it.

A message goes to the contact whose address is on it (case does not matter), else to
the customer whose mail domain matches (never a public webmail domain such as gmail.com
or qq.com, and never our own), and to an order whose number appears in the subject or
the body.  Our own addresses (every mailbox's) are left out, so an outgoing message is
linked by its recipients and an incoming one by its sender first.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db.models.functions import Lower

from gendan.customers.models import Contact, Customer
from gendan.customers.services import domain_of
from gendan.orders.models import Order

from ..models import Mailbox

# An order number is looked for in this much of the body: quoted history further down
# mentions older orders.
BODY_SCAN_CHARS = 20_000


@dataclass
class LinkTargets:
    contact: Contact | None = None
    customer: Customer | None = None
    order: Order | None = None
    team_id: int | None = None

    @property
    def is_linked(self) -> bool:
        return self.customer is not None


@dataclass
class LinkContext:
    """What linking needs across many messages of one fetch or import.

    Our own mailbox addresses and their domains (never a customer's), and the lookups
    already made: a history import asks about the same few hundred addresses thousands
    of times.  Made fresh for every run, so it never holds on to stale rows for long.
    """

    addresses: frozenset[str]
    domains: frozenset[str]
    contacts: dict[tuple[str, ...], list[Contact]] = field(default_factory=dict)
    customers: dict[tuple[str, ...], list[Customer]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> LinkContext:
        addresses = frozenset(a.lower() for a in Mailbox.objects.values_list("address", flat=True))
        return cls(addresses, frozenset(a.rsplit("@", 1)[-1] for a in addresses))

    def contacts_with(self, addresses: list[str]) -> list[Contact]:
        key = tuple(sorted(addresses))
        if key not in self.contacts:
            self.contacts[key] = list(
                Contact.objects.alias(email_lower=Lower("email"))
                .filter(email_lower__in=addresses)
                .select_related("customer")
            )
        return self.contacts[key]

    def customers_with(self, domains: list[str]) -> list[Customer]:
        key = tuple(sorted(domains))
        if key not in self.customers:
            self.customers[key] = list(Customer.objects.filter(domain__in=domains))
        return self.customers[key]


@cache
def _order_number_regex(pattern: str) -> re.Pattern[str]:
    """A regex for the numbers ``ORDER_NUMBER_PATTERN`` makes, e.g. PI-{year}-{seq:04d}."""
    parts = []
    for literal, name, spec, _conversion in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "year":
            parts.append(r"\d{4}")
        elif name is not None:
            width = re.search(r"(\d+)", spec or "")
            parts.append(rf"\d{{{width.group(1)},}}" if width else r"\d+")
    return re.compile(r"(?<![A-Za-z0-9])(" + "".join(parts) + r")(?![0-9])", re.IGNORECASE)


def order_numbers_in(*texts: str) -> list[str]:
    """Order numbers mentioned in ``texts``, in order of appearance, each once."""
    regex = _order_number_regex(settings.ORDER_NUMBER_PATTERN)
    found: dict[str, str] = {}
    for text in texts:
        for match in regex.finditer(text or ""):
            found.setdefault(match.group(1).upper(), match.group(1))
    return list(found.values())


def _prefer_team(rows: Iterable, team_id: int | None) -> list:
    # Several matches (a buyer known to two teams): the mailbox's team first, then oldest.
    return sorted(rows, key=lambda row: (row.team_id != team_id, row.pk))


def link_targets(
    *,
    addresses: list[str],
    subject: str,
    body: str,
    mailbox_team_id: int | None,
    context: LinkContext | None = None,
) -> LinkTargets:
    """Contact, customer, order and team for a message whose participants are ``addresses``
    (in order of importance: for mail received, the sender first)."""
    own = context or LinkContext.load()
    wanted = [a.lower() for a in addresses if a and a.lower() not in own.addresses]
    wanted = list(dict.fromkeys(wanted))
    targets = LinkTargets(team_id=mailbox_team_id)

    if wanted:
        contacts = list(own.contacts_with(wanted))
        if contacts:
            rank = {address: index for index, address in enumerate(wanted)}
            contacts = _prefer_team(contacts, mailbox_team_id)
            contacts.sort(key=lambda c: rank.get(c.email.lower(), len(rank)))
            targets.contact = contacts[0]
            targets.customer = contacts[0].customer

    if targets.customer is None and wanted:
        domains = [
            d for d in dict.fromkeys(domain_of(email=a) for a in wanted) if d
        ]  # domain_of leaves out public webmail domains
        domains = [d for d in domains if d not in own.domains]
        if domains:
            customers = _prefer_team(own.customers_with(domains), mailbox_team_id)
            if customers:
                rank = {domain: index for index, domain in enumerate(domains)}
                customers.sort(key=lambda c: rank.get(c.domain, len(rank)))
                targets.customer = customers[0]

    numbers = order_numbers_in(subject, (body or "")[:BODY_SCAN_CHARS])
    if numbers:
        spellings = {n for number in numbers for n in (number, number.upper())}
        orders = {
            o.number.upper(): o
            for o in Order.objects.filter(number__in=spellings).select_related("customer")
        }
        candidates = [orders[n.upper()] for n in numbers if n.upper() in orders]
        if targets.customer is not None:
            # Only the customer's own orders: another customer's number in a mail is a
            # reference (a sister company, a typo), and that order may be another team's.
            candidates = [o for o in candidates if o.customer_id == targets.customer.pk]
        if candidates:
            targets.order = candidates[0]
            if targets.customer is None:
                targets.customer = targets.order.customer

    if targets.customer is not None:
        targets.team_id = targets.customer.team_id
    return targets
