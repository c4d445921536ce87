"""Writes of the inbox: linking conversations to customers and orders, leads from senders.

Pages and the API call these; the callers check that the user may see the conversation
or message, these check what the user may change."""

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
from gendan.customers.models import Customer
from gendan.orders.models import Order

from ..messages.linking import customer_create_from_message
from ..models import Message, Thread
from ..signals import messages_changed_send


def _check_order(customer: Customer, order: Order | None) -> None:
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
    *, actor: User, thread: Thread, customer: Customer, order: Order | None = None
) -> Thread:
    """Link a conversation and every message in it to ``customer`` (and ``order``).

    It moves into the customer's team.  Without ``order``, order links that belong to
    the customer stay; those of any other customer are cleared.
    """
    require(actor, "customers.change", team=customer.team_id)
    _check_order(customer, order)
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
def message_links_set(
    *,
    actor: User,
    message: Message,
    customer: Customer | None = None,
    order: Order | None = None,
    clear_order: bool = False,
) -> Message:
    """Link a message to a customer and/or an order; in a conversation, the whole of it.

    An order alone links to the order's customer.  ``clear_order`` removes the order link.
    """
    if customer is None and order is not None:
        customer = order.customer
    if customer is None and not clear_order:
        raise ValidationError({"customer": _("Choose a customer or an order to link to.")})
    if customer is None:
        if message.customer_id is None:
            raise ValidationError({"customer": _("The message is not linked to a customer.")})
        customer = Customer.objects.get(pk=message.customer_id)
    _check_order(customer, order)
    if message.thread_id:
        thread = Thread.objects.get(pk=message.thread_id)
        conversation_link(actor=actor, thread=thread, customer=customer, order=order)
    else:
        require(actor, "customers.change", team=customer.team_id)
        _link_messages([message], customer=customer, order=order)
    if clear_order:
        scope = Q(thread_id=message.thread_id) if message.thread_id else Q(pk=message.pk)
        Message.objects.filter(scope).update(order=None)
        if message.thread_id:
            Thread.objects.filter(pk=message.thread_id).update(order=None)
        messages_changed_send(ids=Message.objects.filter(scope).values_list("pk", flat=True))
    message.refresh_from_db()
    return message


@transaction.atomic
def customer_create_from_sender(
    *,
    actor: User,
    message: Message,
    team: Team,
    name: str,
    country: str,
    contact_name: str = "",
) -> Customer:
    """A new customer (a lead) from a message's sender, with the sender as its contact,
    and the message's conversation linked to it: one step, all or nothing."""
    require(actor, "customers.change", team=team)
    customer = customer_create_from_message(
        actor=actor,
        message=message,
        team=team,
        name=name,
        country=country,
        contact_name=contact_name,
    )
    return customer
