"""Sending WhatsApp messages through the Cloud API, and storing them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order

from ..message_templates.rendering import RenderedMessage, template_render
from ..messages.record import message_build, message_record
from ..models import Channel, Direction, Message, MessageTemplate
from ..whatsapp import cloud

if TYPE_CHECKING:
    from gendan.accounts.models import User


def _check_order(order: Order | None, customer: Customer) -> None:
    if order is not None and order.customer_id != customer.pk:
        raise ValidationError(
            {
                "order": _("Order %(number)s is not an order of %(customer)s.")
                % {"number": order.number, "customer": customer.name}
            }
        )


# --- WhatsApp Cloud API: sending ------------------------------------------------------
def _whatsapp_number(contact: Contact) -> str:
    if not contact.whatsapp:
        raise ValidationError(
            {
                "contact": _(
                    "%(name)s has no WhatsApp number; add it to the contact in international "
                    "form, e.g. +49 170 1234567."
                )
                % {"name": contact.name}
            }
        )
    return contact.whatsapp


def _store_outbound(
    *,
    actor: User,
    contact: Contact,
    order: Order | None,
    body: str,
    result: cloud.SendResult,
) -> Message:
    customer = contact.customer
    with transaction.atomic():
        return message_record(
            message_build(
                channel=Channel.WHATSAPP,
                direction=Direction.OUTBOUND,
                link=False,
                external_id=result.message_id,
                delivery_status=result.status[:20],
                sent_at=timezone.now(),
                body_text=body,
                from_name=actor.get_full_name() or actor.username,
                to=[{"name": contact.name, "address": contact.whatsapp}],
                customer=customer,
                contact=contact,
                order=order,
                created_by=actor,
            )
        )


def whatsapp_send_text(
    *,
    actor: User,
    contact: Contact,
    text: str,
    order: Order | None = None,
    client: cloud.CloudApiClient | None = None,
) -> Message:
    """Send a text through the Cloud API and store it; ``CloudApiError`` if WhatsApp refuses."""
    number = _whatsapp_number(contact)
    _check_order(order, contact.customer)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the message.")})
    if len(text) > 4096:
        raise ValidationError({"text": _("WhatsApp takes at most 4,096 characters.")})
    # The call to Meta happens outside any transaction: no lock is held while it runs.
    result = (client or cloud.CloudApiClient()).send_text(to=number, body=text)
    return _store_outbound(actor=actor, contact=contact, order=order, body=text, result=result)


def whatsapp_send_template(
    *,
    actor: User,
    contact: Contact,
    template: MessageTemplate,
    order: Order | None = None,
    given: dict[str, str] | None = None,
    client: cloud.CloudApiClient | None = None,
) -> Message:
    """Send a message template filled for the contact (and order).

    A WhatsApp template goes out as the template of that name approved in WhatsApp
    Manager, with its placeholders as named parameters; any other template as its text.
    A placeholder without a value raises ``MissingPlaceholders`` and nothing is sent.
    """
    number = _whatsapp_number(contact)
    _check_order(order, contact.customer)
    rendered: RenderedMessage = template_render(
        template, order=order, customer=contact.customer, contact=contact, sender=actor, given=given
    )
    api = client or cloud.CloudApiClient()
    if template.channel == Channel.WHATSAPP:
        result = api.send_template(
            to=number,
            name=template.code.replace("-", "_"),
            language=template.language,
            parameters=rendered.values,
        )
    else:
        result = api.send_text(to=number, body=rendered.body)
    return _store_outbound(
        actor=actor, contact=contact, order=order, body=rendered.body, result=result
    )
