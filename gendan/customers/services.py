"""Writes to customers and contacts.  Pages, API, imports and commands all come here."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gendan.accounts.models import Team, User
from gendan.audit.models import Action
from gendan.audit.services import diff, history_move, history_record, snapshot
from gendan.core.concurrency import check_version
from gendan.core.models import sequence_next
from gendan.core.registry import team_carriers
from gendan.core.services import apply_fields, validate

from .geo import default_languages, default_time_zone
from .models import Contact, Customer, Tag
from .validators import normalize_phone

if TYPE_CHECKING:
    from typing_extensions import Unpack

CUSTOMER_FIELDS = [
    "code", "name", "country", "city", "address", "time_zone", "languages", "preferred_channels",
    "website", "domain", "source", "stage", "owner", "team", "notes",
]  # fmt: skip
CONTACT_FIELDS = [
    "name", "title", "email", "phone", "whatsapp", "wechat", "skype", "languages", "time_zone",
    "is_primary", "notes",
]  # fmt: skip


class CustomerDetails(TypedDict, total=False):
    """A customer's fields besides its team, name, country and tags."""

    code: str
    city: str
    address: str
    time_zone: str
    languages: list[str]
    preferred_channels: list[str]
    website: str
    domain: str
    source: str
    stage: str
    owner: User | None
    notes: str


class CustomerChanges(CustomerDetails, total=False):
    """What ``customer_update`` may change."""

    team: Team
    name: str
    country: str


class ContactDetails(TypedDict, total=False):
    """A contact's fields besides its customer and name."""

    title: str
    email: str
    phone: str
    whatsapp: str
    wechat: str
    skype: str
    languages: list[str]
    time_zone: str
    is_primary: bool
    notes: str


class ContactChanges(ContactDetails, total=False):
    """What ``contact_update`` may change."""

    name: str


# Legal forms and filler words that do not tell two companies apart.
_LEGAL_WORDS = {
    "co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "llp",
    "lp", "plc", "gmbh", "mbh", "ag", "kg", "ohg", "ug", "sa", "sas", "sarl", "srl", "spa", "sl",
    "bv", "nv", "oy", "ab", "as", "aps", "pty", "pvt", "private", "sdn", "bhd", "kk", "the",
    "group", "intl", "international", "jsc", "ooo", "zao", "sp", "zoo", "cv", "de", "and",
}  # fmt: skip
_CJK_LEGAL = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|公司)")


def normalize_name(name: str) -> str:
    """'ACME Trading Co., Ltd.' -> 'acme trading'; the key similar names are compared on."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    text = _CJK_LEGAL.sub(" ", text)
    text = text.replace("&", " and ")
    words = re.findall(r"\w+", text)
    kept = [word for word in words if word not in _LEGAL_WORDS]
    return " ".join(kept or words)[:200]


def domain_of(*, website: str = "", email: str = "") -> str:
    """The company mail domain from a website or an address; '' for public webmail."""
    host = ""
    if email and "@" in email:
        host = email.rsplit("@", 1)[1]
    elif website:
        host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    host = host.strip().lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return "" if host in settings.PUBLIC_MAIL_DOMAINS else host


def customer_code_next() -> str:
    """The next free code: imported customers may already hold codes ahead of the counter."""
    while True:
        code = f"C{sequence_next('customer'):05d}"
        if not Customer.objects.filter(code=code).exists():
            return code


def _tags_from_names(names: list[str]) -> list[Tag]:
    tags = []
    for raw in names:
        name = raw.strip()[:50]
        if name:
            tag, _created = Tag.objects.get_or_create(name=name)
            tags.append(tag)
    return tags


def _fill_from_country(customer: Customer) -> None:
    if customer.country and not customer.time_zone:
        customer.time_zone = default_time_zone(str(customer.country))
    if customer.country and not customer.languages:
        customer.languages = default_languages(str(customer.country))


@transaction.atomic
def customer_create(
    *,
    actor: User | None,
    team: Team,
    name: str,
    country: str,
    tags: list[str] | None = None,
    **fields: Unpack[CustomerDetails],
) -> Customer:
    customer = Customer(team=team, name=(name or "").strip(), country=country)
    apply_fields(
        customer, dict[str, Any](fields), allowed=set(CUSTOMER_FIELDS) - {"team", "name", "country"}
    )
    _fill_from_country(customer)
    if not customer.domain:
        customer.domain = domain_of(website=customer.website)
    customer.name_key = normalize_name(customer.name)
    if not customer.code:
        customer.code = customer_code_next()
    validate(customer)
    customer.save()
    if tags:
        customer.tags.set(_tags_from_names(tags))
    history_record(actor=actor, record=customer, action=Action.CREATE)
    return customer


@transaction.atomic
def customer_update(
    *,
    actor: User | None,
    customer: Customer,
    expected_version: int | None,
    tags: list[str] | None = None,
    **fields: Unpack[CustomerChanges],
) -> Customer:
    """Change a customer; refused if it was saved by someone else since ``expected_version``."""
    locked = Customer.objects.select_for_update().get(pk=customer.pk)
    check_version(instance=locked, expected_version=expected_version)
    before = snapshot(locked, CUSTOMER_FIELDS + ["tags"])
    apply_fields(locked, dict[str, Any](fields), allowed=set(CUSTOMER_FIELDS))
    if "name" in fields:
        locked.name = (locked.name or "").strip()
        locked.name_key = normalize_name(locked.name)
    if "website" in fields and "domain" not in fields and not locked.domain:
        locked.domain = domain_of(website=locked.website)
    if not locked.time_zone:
        locked.time_zone = default_time_zone(str(locked.country))
    validate(locked)
    if tags is not None:
        locked.tags.set(_tags_from_names(tags))
    changes = diff(before, snapshot(locked, CUSTOMER_FIELDS + ["tags"]))
    if changes:
        locked.version += 1
        locked.save()
        if "team" in changes:
            customer_carriers_move(customer=locked)
        history_record(actor=actor, record=locked, action=Action.UPDATE, changes=changes)
    return locked


@transaction.atomic
def customer_delete(*, actor: User | None, customer: Customer) -> None:
    """Delete a customer that has no orders; one with orders is refused."""
    try:
        history_record(actor=actor, record=customer, action=Action.DELETE)
        customer.delete()
    except models.ProtectedError:
        raise ValidationError(
            _("%(name)s has orders and cannot be deleted; mark it dormant instead.")
            % {"name": customer.name}
        ) from None


@dataclass
class DuplicateMatch:
    customer: Customer
    reason: str


def customer_find_duplicates(
    *,
    name: str,
    domain: str = "",
    emails: list[str] | None = None,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[DuplicateMatch]:
    """Customers that look like the one described: same mail domain, or a similar name.

    Public webmail domains never count.  Looks across every team: the point is that two
    teams do not end up courting the same buyer.
    """
    matches: dict[int, DuplicateMatch] = {}
    domains = {d for d in [domain_of(website=domain) if domain else ""] if d}
    domains |= {domain_of(email=email) for email in emails or [] if domain_of(email=email)}
    base = Customer.objects.select_related("team", "owner")
    if exclude_pk:
        base = base.exclude(pk=exclude_pk)
    if domains:
        for customer in base.filter(domain__in=domains)[:limit]:
            matches[customer.pk] = DuplicateMatch(
                customer, _("same mail domain (%(domain)s)") % {"domain": customer.domain}
            )
        contact_hits = (
            Contact.objects.filter(
                models.Q.create(
                    [("email__iendswith", f"@{d}") for d in domains], connector=models.Q.OR
                )
            )
            .exclude(customer_id__in=list(matches) + ([exclude_pk] if exclude_pk else []))
            .values_list("customer_id", flat=True)[:limit]
        )
        for customer in base.filter(pk__in=list(contact_hits)):
            matches.setdefault(
                customer.pk, DuplicateMatch(customer, _("a contact has the same mail domain"))
            )
    key = normalize_name(name)
    if key:
        # Candidates share the key's first letters; an index on name_key keeps this cheap.
        candidates = base.filter(name_key__startswith=key[:3]).exclude(pk__in=list(matches))[:200]
        for customer in candidates:
            ratio = difflib.SequenceMatcher(None, key, customer.name_key).ratio()
            contained = len(key) >= 5 and (key in customer.name_key or customer.name_key in key)
            if customer.name_key == key or ratio >= 0.85 or contained:
                matches[customer.pk] = DuplicateMatch(customer, _("similar name"))
    return list(matches.values())[:limit]


def customer_carriers_move(*, customer: Customer) -> int:
    """Put every row that hangs off ``customer`` in the customer's team; returns how many moved.

    Each app registers its team-carrying models (``gendan.core.registry.team_carriers``)
    with the path from the model to its customer: contacts and orders, and above them
    milestones, tasks, conversations and messages, suppliers' and shipments' rows, ….
    Row-level access is one filter on ``team``, so whatever did not move would stay
    readable by the old team and hidden from the new one.
    """
    moved = 0
    for carrier in team_carriers.values():
        moved += (
            carrier.model._base_manager.filter(**{carrier.customer_path: customer})
            .exclude(**{f"{carrier.team_field}_id": customer.team_id})
            .update(**{f"{carrier.team_field}_id": customer.team_id})
        )
    return moved


@transaction.atomic
def customer_merge(*, actor: User | None, survivor: Customer, duplicate: Customer) -> Customer:
    """Fold ``duplicate`` into ``survivor``: its contacts, orders, messages and history move over.

    Every table that points at a customer is moved, whichever app it belongs to, so a
    merge never leaves rows behind.  Fields the survivor lacks are filled from the
    duplicate; the duplicate is then deleted.
    """
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("A customer cannot be merged into itself."))
    survivor = Customer.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Customer.objects.select_for_update().get(pk=duplicate.pk)
    before = snapshot(survivor, CUSTOMER_FIELDS + ["tags"])

    for rel in Customer._meta.related_objects:
        if rel.many_to_many:
            continue
        rel.related_model._base_manager.filter(**{rel.field.name: duplicate}).update(
            **{rel.field.name: survivor}
        )
    # What came over, and everything that hangs off it, joins the survivor's team.
    customer_carriers_move(customer=survivor)
    survivor.tags.add(*duplicate.tags.all())

    for name in ("city", "address", "website", "domain", "owner", "time_zone"):
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
    survivor.languages = list(dict.fromkeys(survivor.languages + duplicate.languages))
    survivor.preferred_channels = list(
        dict.fromkeys(survivor.preferred_channels + duplicate.preferred_channels)
    )
    if duplicate.notes and duplicate.notes not in survivor.notes:
        survivor.notes = f"{survivor.notes}\n\n{duplicate.notes}".strip()

    history_move(from_subject=duplicate, to_subject=survivor)
    changes = diff(before, snapshot(survivor, CUSTOMER_FIELDS + ["tags"]))
    survivor.version += 1
    survivor.save()
    history_record(
        actor=actor,
        record=survivor,
        action=Action.MERGE,
        changes=changes,
        note=_("Merged %(name)s (%(code)s) into this customer")
        % {"name": duplicate.name, "code": duplicate.code},
    )
    duplicate.delete()
    return survivor


def _normalize_contact(contact: Contact) -> None:
    region = str(contact.customer.country or "")
    errors: dict[str, list[str]] = {}
    for name in ("phone", "whatsapp"):
        try:
            setattr(contact, name, normalize_phone(getattr(contact, name), region=region))
        except ValidationError as exc:
            errors[name] = exc.messages
    contact.email = (contact.email or "").strip().lower()
    contact.name = (contact.name or "").strip()
    if errors:
        raise ValidationError(errors)


def _learn_domain(customer: Customer, email: str) -> None:
    """A customer without a mail domain takes the first company address's domain."""
    if not customer.domain and (domain := domain_of(email=email)):
        Customer.objects.filter(pk=customer.pk, domain="").update(domain=domain)
        customer.domain = domain


def _single_primary(contact: Contact) -> None:
    if contact.is_primary:
        Contact.objects.filter(customer_id=contact.customer_id, is_primary=True).exclude(
            pk=contact.pk
        ).update(is_primary=False)


@transaction.atomic
def contact_create(
    *, actor: User | None, customer: Customer, name: str, **fields: Unpack[ContactDetails]
) -> Contact:
    contact = Contact(customer=customer, team_id=customer.team_id, name=name)
    apply_fields(contact, dict[str, Any](fields), allowed=set(CONTACT_FIELDS) - {"name"})
    _normalize_contact(contact)
    if not contact.languages:
        contact.languages = list(customer.languages)
    if not customer.contacts.exists():
        contact.is_primary = True
    validate(contact)
    contact.save()
    _single_primary(contact)
    _learn_domain(customer, contact.email)
    history_record(actor=actor, record=contact, action=Action.CREATE, subject=customer)
    return contact


@transaction.atomic
def contact_update(
    *,
    actor: User | None,
    contact: Contact,
    expected_version: int | None,
    **fields: Unpack[ContactChanges],
) -> Contact:
    locked = Contact.objects.select_for_update().select_related("customer").get(pk=contact.pk)
    check_version(instance=locked, expected_version=expected_version)
    before = snapshot(locked, CONTACT_FIELDS)
    apply_fields(locked, dict[str, Any](fields), allowed=set(CONTACT_FIELDS))
    _normalize_contact(locked)
    validate(locked)
    changes = diff(before, snapshot(locked, CONTACT_FIELDS))
    if changes:
        locked.version += 1
        locked.save()
        _single_primary(locked)
        _learn_domain(locked.customer, locked.email)
        history_record(
            actor=actor,
            record=locked,
            action=Action.UPDATE,
            subject=locked.customer,
            changes=changes,
        )
    return locked


@transaction.atomic
def contact_delete(*, actor: User | None, contact: Contact) -> None:
    history_record(actor=actor, record=contact, action=Action.DELETE, subject=contact.customer)
    contact.delete()
