"""Writes to conversations and messages.  Pages, API, tasks and commands all come here.

Each channel has its own section; the first is the one every channel shares: storing a
message (inbound or outbound) linked to its customer and in its conversation.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from gendan.audit.models import Action
from gendan.audit.services import diff, history_record, snapshot
from gendan.core.services import apply_fields, validate
from gendan.customers.models import Contact, Customer, Source, Stage
from gendan.customers.services import contact_create, customer_create, domain_of
from gendan.orders.models import Order

from .mail.linking import LinkContext, link_targets
from .mail.threading import subject_key, thread_add_message, thread_find, thread_start
from .models import Channel, Direction, Mailbox, MailboxFolder, MailImport, Message, Thread
from .signals import messages_changed_send

if TYPE_CHECKING:
    from gendan.accounts.models import Team, User


# --- Storing, linking and threading messages (every channel) -----------------------------
def _counterpart_addresses(
    *, direction: str, from_address: str, to: list[dict], cc: list[dict], bcc: list[dict]
) -> list[str]:
    """The other side's addresses, most telling first: the sender of what we received,
    the recipients of what we sent."""
    recipients = [p.get("address", "") for p in [*to, *cc, *bcc]]
    if direction == Direction.INBOUND:
        return [from_address, *recipients]
    return recipients


def _chat_thread(
    *, channel: str, customer: Customer | None, contact: Contact | None, from_address: str
) -> Thread | None:
    """A chat (WhatsApp, WeChat, …) has one running conversation per contact."""
    messages = Message.objects.filter(channel=channel, thread__isnull=False)
    if contact is not None:
        messages = messages.filter(customer_id=contact.customer_id, contact=contact)
    elif customer is not None:
        messages = messages.filter(customer=customer, contact__isnull=True)
    elif from_address:
        messages = messages.filter(customer__isnull=True, from_address=from_address)
    else:
        return None
    thread_id = messages.order_by("-sent_at").values_list("thread_id", flat=True).first()
    return Thread.objects.get(pk=thread_id) if thread_id else None


@transaction.atomic
def message_record(
    *,
    channel: str,
    direction: str,
    sent_at: dt.datetime,
    body_text: str = "",
    subject: str = "",
    from_address: str = "",
    from_name: str = "",
    to: list[dict] | None = None,
    cc: list[dict] | None = None,
    bcc: list[dict] | None = None,
    team: Team | None = None,
    customer: Customer | None = None,
    contact: Contact | None = None,
    order: Order | None = None,
    thread: Thread | None = None,
    link: bool = True,
    mailbox: Mailbox | None = None,
    folder: MailboxFolder | None = None,
    imap_uid: int | None = None,
    message_id: str = "",
    content_hash: str = "",
    in_reply_to: str = "",
    references: list[str] | None = None,
    body_html: str = "",
    has_remote_images: bool = False,
    is_auto: bool = False,
    external_id: str = "",
    delivery_status: str = "",
    created_by: User | None = None,
    link_context: LinkContext | None = None,
    **extra: Any,
) -> Message:
    """Store one message of any channel, linked to its customer and in its conversation.

    ``team`` is whose message it is when no customer is found (a mailbox's team, the
    WhatsApp number's team).  With ``link``, what is not given is found: the contact by
    address, else the customer by mail domain, and an order by its number in the subject
    or text.  ``thread`` continues a given conversation; else mail is threaded by
    Message-ID, In-Reply-To, References and subject, a chat by its contact.  ``extra``
    sets further Message fields (``raw``).  Duplicates are the caller's concern
    (``message_ingest`` checks the mailbox and Message-ID; chat the ``external_id``).
    """
    to, cc, bcc = list(to or []), list(cc or []), list(bcc or [])
    references = list(references or [])
    if link and (customer is None or order is None):
        targets = link_targets(
            addresses=_counterpart_addresses(
                direction=direction, from_address=from_address, to=to, cc=cc, bcc=bcc
            ),
            subject=subject,
            body=body_text,
            mailbox_team_id=team.pk if team else None,
            context=link_context,
        )
        if customer is None and targets.customer is not None:
            customer = targets.customer
            contact = contact or targets.contact
        elif (
            contact is None
            and targets.contact is not None
            and customer is not None
            and targets.contact.customer_id == customer.pk
        ):
            contact = targets.contact
        if order is None and targets.order is not None:
            order = targets.order
            customer = customer or order.customer

    if thread is None:
        if channel == Channel.EMAIL:
            thread = thread_find(
                message_id=message_id,
                in_reply_to=in_reply_to,
                references=references,
                subject_key=subject_key(subject),
                customer_id=customer.pk if customer else None,
                sent_at=sent_at,
            )
        else:
            thread = _chat_thread(
                channel=channel, customer=customer, contact=contact, from_address=from_address
            )
    if thread is not None:
        # A reply from an unknown address in a known conversation belongs to its customer.
        if customer is None and thread.customer_id is not None:
            customer = Customer.objects.get(pk=thread.customer_id)
        if (
            order is None
            and thread.order_id is not None
            and thread.customer_id == (customer.pk if customer else None)
        ):
            order = Order.objects.get(pk=thread.order_id)

    team_id = customer.team_id if customer is not None else (team.pk if team else None)
    if team_id is None and thread is not None:
        team_id = thread.team_id
    message = Message(
        channel=channel,
        direction=direction,
        team_id=team_id,
        mailbox=mailbox,
        folder=folder,
        imap_uid=imap_uid,
        message_id=message_id[:995],
        content_hash=content_hash,
        in_reply_to=in_reply_to[:995],
        references=" ".join(f"<{r}>" for r in references),
        subject=subject[:1000],
        from_address=from_address[:320],
        from_name=from_name[:255],
        to=to,
        cc=cc,
        bcc=bcc,
        sent_at=sent_at,
        body_text=body_text,
        body_html=body_html,
        has_remote_images=has_remote_images,
        is_auto=is_auto,
        customer=customer,
        contact=contact if customer is not None and contact is not None else None,
        order=order,
        external_id=external_id,
        delivery_status=delivery_status,
        created_by=created_by,
        **extra,
    )
    if thread is None:
        thread = thread_start(message=message)
    message.thread = thread
    message.save()
    thread_add_message(thread=thread, message=message)
    return message


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


# --- Mail: mailboxes and history imports ---------------------------------------------------
MAILBOX_FIELDS = [
    "name", "address", "owner", "team", "imap_host", "imap_port", "imap_security",
    "imap_username", "inbox_folder", "sent_folder", "smtp_host", "smtp_port", "smtp_security",
    "smtp_username", "is_active",
]  # fmt: skip
# What the history shows of a change; passwords only as "changed", never their value.
_PASSWORD_CHANGED = "••••••"


def _mailbox_check(mailbox: Mailbox) -> None:
    mailbox.address = (mailbox.address or "").strip().lower()
    owner = mailbox.owner if mailbox.owner_id else None
    if owner is not None and not owner.teams.filter(pk=mailbox.team_id).exists():
        raise ValidationError({"owner": _("The owner must be a member of the mailbox's team.")})
    validate(mailbox)


def _set_passwords(
    mailbox: Mailbox, imap_password: str | None, smtp_password: str | None
) -> list[str]:
    changed = []
    if imap_password is not None and imap_password != "":
        mailbox.imap_password = imap_password
        changed.append("imap_password")
    if smtp_password is not None and smtp_password != "":
        mailbox.smtp_password = smtp_password
        changed.append("smtp_password")
    return changed


@transaction.atomic
def mailbox_create(
    *,
    actor: User | None,
    team: Team,
    name: str,
    address: str,
    imap_host: str,
    imap_username: str,
    imap_password: str,
    smtp_password: str = "",
    **fields: Any,
) -> Mailbox:
    """A new mailbox; its passwords are stored encrypted (``MAILBOX_KEY``)."""
    if not imap_password:
        raise ValidationError({"imap_password": _("Enter the mailbox's password.")})
    mailbox = Mailbox(
        team=team, name=name, address=address, imap_host=imap_host, imap_username=imap_username
    )
    apply_fields(mailbox, fields, allowed=set(MAILBOX_FIELDS))
    _set_passwords(mailbox, imap_password, smtp_password)
    _mailbox_check(mailbox)
    mailbox.save()
    history_record(actor=actor, record=mailbox, action=Action.CREATE)
    return mailbox


@transaction.atomic
def mailbox_update(
    *,
    actor: User | None,
    mailbox: Mailbox,
    imap_password: str | None = None,
    smtp_password: str | None = None,
    **fields: Any,
) -> Mailbox:
    """Change a mailbox; a password left empty (None or '') keeps the stored one."""
    locked = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
    before = snapshot(locked, MAILBOX_FIELDS)
    apply_fields(locked, fields, allowed=set(MAILBOX_FIELDS))
    changed_passwords = _set_passwords(locked, imap_password, smtp_password)
    _mailbox_check(locked)
    locked.save()
    changes = diff(before, snapshot(locked, MAILBOX_FIELDS))
    for name in changed_passwords:
        changes[name] = [_PASSWORD_CHANGED, _PASSWORD_CHANGED]
    history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes)
    return locked


@transaction.atomic
def mail_import_create(
    *, actor: User, mailbox: Mailbox, files: list[tuple[str, Iterable[bytes]]]
) -> MailImport:
    """Keep uploaded .mbox/.eml files and start importing them in the background.

    ``files`` are (original name, chunks); they are saved under random names.
    """
    if not files:
        raise ValidationError({"files": _("Choose an .mbox or .eml file.")})
    directory = f"mail/imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"
    root = Path(settings.MEDIA_ROOT) / directory
    root.mkdir(parents=True, exist_ok=False)
    for index, (name, chunks) in enumerate(files, start=1):
        # The original name stays in the saved one, so a message about the file names it.
        stem = get_valid_filename(Path(name).stem)[:80] or "upload"
        suffix = ".eml" if name.lower().endswith(".eml") else ".mbox"
        with (root / f"{index:05d}-{stem}{suffix}").open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
    names = [name for name, _chunks in files]
    label = (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(more)s more")
        % {
            "first": names[0],
            "more": len(names) - 1,
        }
    )
    mail_import = MailImport.objects.create(
        mailbox=mailbox, user=actor, original_name=str(label)[:255], directory=directory
    )
    from .tasks import mail_import as mail_import_task

    transaction.on_commit(lambda: mail_import_task.enqueue(mail_import.pk))
    return mail_import


def mailbox_fetch_enqueue(*, mailbox: Mailbox) -> None:
    """Fetch the mailbox's new mail in the background, once the current transaction commits."""
    from .tasks import mailbox_fetch

    transaction.on_commit(lambda: mailbox_fetch.enqueue(mailbox.pk))
