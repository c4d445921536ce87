"""Linking messages to customers and orders, and leads made from a sender."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gendan.customers.models import Contact, Customer, Source, Stage
from gendan.customers.services import contact_create, customer_create, domain_of
from gendan.orders.models import Order

from ..models import Direction, Message, Thread
from ..signals import messages_changed_send

if TYPE_CHECKING:
    from gendan.accounts.models import Team, User


# --- Storing, linking and threading messages (every channel) -----------------------------


@transaction.atomic
def message_link(
    *,
    actor: User | None,
    message: Message,
    customer: Customer,
    contact: Contact | None = None,
    order: Order | None = None,
    whole_thread: bool = True,
) -> Message:
    """Link a message (by default with the unlinked rest of its conversation) to a customer.

    The messages move into the customer's team.  Access is the caller's check: the user
    must see both the message and the customer.
    """
    if contact is not None and contact.customer_id != customer.pk:
        raise ValidationError({"contact": _("This contact belongs to another customer.")})
    if order is not None and order.customer_id != customer.pk:
        raise ValidationError({"order": _("This order belongs to another customer.")})
    updates: dict[str, Any] = {"customer": customer, "team_id": customer.team_id}
    if contact is not None:
        updates["contact"] = contact
    if order is not None:
        updates["order"] = order
    Message.objects.filter(pk=message.pk).update(**updates)
    moved = [message.pk]
    if whole_thread and message.thread_id:
        rest = Message.objects.filter(thread_id=message.thread_id, customer__isnull=True)
        moved += rest.values_list("pk", flat=True)
        rest.update(customer=customer, team_id=customer.team_id)
        thread_updates: dict[str, Any] = {"customer": customer, "team_id": customer.team_id}
        if order is not None:
            thread_updates["order"] = order
        Thread.objects.filter(pk=message.thread_id).update(**thread_updates)
    # Plain UPDATEs send no post_save: tell the apps that index messages.
    messages_changed_send(ids=moved)
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
    are linked to it.  Automatic replies and bulk mail never make a customer.
    """
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
