"""Linking messages to customers and orders, and leads made from a sender.

Every link a person makes goes through ``conversation_link`` (a whole conversation) or
``message_link`` (a message, and with it its conversation): both check that the user
may change the customer's records (``actor=None`` is the system: imports, demo data).
The caller checks that the user may see the conversation or message.  Links found
automatically when a message is stored are ``link_targets``' business (``message_record``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from gendan.accounts.access import require
from gendan.accounts.models import Team, User
from gendan.audit.models import Action
from gendan.audit.services import history_record
from gendan.customers.models import Contact, Customer, Source, Stage
from gendan.customers.services import contact_create, customer_create, domain_of
from gendan.orders.models import Order

from ..models import Direction, Message, Thread
from ..signals import messages_changed_send


def _require_change(actor: User | None, customer: Customer) -> None:
    if actor is not None:
        require(actor, "customers.change", team=customer.team_id)


def _check_links(customer: Customer, *, contact: Contact | None, order: Order | None) -> None:
    if contact is not None and contact.customer_id != customer.pk:
        raise ValidationError({"contact": _("This contact belongs to another customer.")})
    if order is not None and order.customer_id != customer.pk:
        raise ValidationError(
            {"order": _("Order %(number)s belongs to another customer.") % {"number": order.number}}
        )


def _link_messages(messages: list[Message], *, customer: Customer, order: Order | None) -> None:
    """Point ``messages`` at ``customer`` (and ``order``) and move them into its team.

    A contact or order of another customer is cleared; where the sender or recipient is
    one of the customer's contacts and the message names no contact, that contact is set.
    """
    ids = [message.pk for message in messages]
    rows = Message.objects.filter(pk__in=ids)
    rows.update(customer=customer, team_id=customer.team_id)
    rows.exclude(contact__customer=customer).exclude(contact__isnull=True).update(contact=None)
    if order is not None:
        rows.update(order=order)
    else:
        rows.exclude(order__customer=customer).exclude(order__isnull=True).update(order=None)
    contacts = {
        email: pk
        for pk, email in customer.contacts.exclude(email="")
        .annotate(address=Lower("email"))
        .values_list("pk", "address")
    }
    for message in messages:
        counterpart = (
            message.from_address
            if message.direction == "in"
            else next((p.get("address", "") for p in message.to), "")
        ).lower()
        if counterpart in contacts:
            rows.filter(pk=message.pk, contact__isnull=True).update(
                contact_id=contacts[counterpart]
            )
    messages_changed_send(ids=ids)


@transaction.atomic
def conversation_link(
    *, actor: User | None, thread: Thread, customer: Customer, order: Order | None = None
) -> Thread:
    """Link a conversation and every message in it to ``customer`` (and ``order``).

    It moves into the customer's team.  Without ``order``, order links that belong to
    the customer stay; those of any other customer are cleared.
    """
    _require_change(actor, customer)
    _check_links(customer, contact=None, order=order)
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    messages = list(locked.messages.only("pk", "direction", "from_address", "to"))
    _link_messages(messages, customer=customer, order=order)
    locked.customer = customer
    locked.team_id = customer.team_id
    if order is not None:
        locked.order = order
    elif (
        locked.order_id and not Order.objects.filter(pk=locked.order_id, customer=customer).exists()
    ):
        locked.order = None
    locked.save(update_fields=["customer", "team", "order"])
    history_record(
        actor=actor,
        record=locked,
        action=Action.UPDATE,
        subject=customer,
        note=_("Conversation linked: %(subject)s") % {"subject": locked.subject or "—"},
    )
    return locked


@transaction.atomic
def message_link(
    *,
    actor: User | None,
    message: Message,
    customer: Customer | None = None,
    contact: Contact | None = None,
    order: Order | None = None,
    clear_order: bool = False,
) -> Message:
    """Link a message to a customer and/or an order; in a conversation, the whole of it.

    An order alone links to the order's customer; ``contact`` names the message's
    contact; ``clear_order`` removes the order link.
    """
    if customer is None and order is not None:
        customer = order.customer
    if customer is None and not clear_order:
        raise ValidationError({"customer": _("Choose a customer or an order to link to.")})
    if customer is None:
        if message.customer_id is None:
            raise ValidationError({"customer": _("The message is not linked to a customer.")})
        customer = Customer.objects.get(pk=message.customer_id)
    _check_links(customer, contact=contact, order=order)
    if message.thread_id:
        thread = Thread.objects.get(pk=message.thread_id)
        conversation_link(actor=actor, thread=thread, customer=customer, order=order)
    else:
        _require_change(actor, customer)
        _link_messages([message], customer=customer, order=order)
    if contact is not None:
        Message.objects.filter(pk=message.pk).update(contact=contact)
    if clear_order:
        scope = Q(thread_id=message.thread_id) if message.thread_id else Q(pk=message.pk)
        Message.objects.filter(scope).update(order=None)
        if message.thread_id:
            Thread.objects.filter(pk=message.thread_id).update(order=None)
        messages_changed_send(ids=Message.objects.filter(scope).values_list("pk", flat=True))
    message.refresh_from_db()
    return message


@transaction.atomic
def customer_create_from_message(
    *,
    actor: User,
    message: Message,
    team: Team,
    name: str,
    country: str,
    contact_name: str = "",
) -> Customer:
    """A new customer (a lead) from a message's sender, with the sender as its contact.

    The message's conversation, and every other unlinked message from the same address,
    are linked to it: one step, all or nothing.  Automatic replies and bulk mail never
    make a customer.
    """
    require(actor, "customers.change", team=team)
    if message.is_auto:
        raise ValidationError(
            _("This is an automatic reply or bulk mail; it cannot make a customer.")
        )
    address = (
        message.from_address
        if message.direction == Direction.INBOUND
        else next((p.get("address", "") for p in message.to), "")
    ).lower()
    if not address:
        raise ValidationError(_("The message has no sender address to make a contact from."))
    customer = customer_create(
        actor=actor,
        team=team,
        name=name,
        country=country,
        stage=Stage.LEAD,
        source=Source.OTHER,
        domain=domain_of(email=address),
    )
    contact = contact_create(
        actor=actor,
        customer=customer,
        name=contact_name or message.from_name or address.split("@", 1)[0],
        email=address,
    )
    # The other unlinked mail from this address in the same team's unassigned inbox.
    same_inbox = Q(team_id=message.team_id) if message.team_id else Q(team__isnull=True)
    others = Message.objects.filter(
        same_inbox, customer__isnull=True, from_address=address
    ).exclude(pk=message.pk)
    thread_ids = {t for t in others.values_list("thread_id", flat=True) if t}
    moved = list(others.values_list("pk", flat=True))
    others.update(customer=customer, contact=contact, team_id=team.pk)
    messages_changed_send(ids=moved)
    Thread.objects.filter(pk__in=thread_ids, customer__isnull=True).update(
        customer=customer, team_id=team.pk
    )
    message_link(actor=actor, message=message, customer=customer, contact=contact)
    return customer


def country_from_address(address: str) -> str:
    """A guess at a sender's country from the address's top-level domain ('' if generic)."""
    from django_countries import countries

    tld = address.rsplit(".", 1)[-1].upper() if "@" in address else ""
    tld = {"UK": "GB"}.get(tld, tld)
    return tld if len(tld) == 2 and tld in dict(countries) else ""
