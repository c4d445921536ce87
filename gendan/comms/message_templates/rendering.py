"""Message templates: named placeholders filled from an order, its customer and contact.

A template is written once per language ("shipment-notice" in English, German,
Chinese …) with placeholders such as ``{order_number}`` or ``{etd}``.  Dates and
amounts are written the way the template's language writes them (Babel).  A
placeholder without a value is an error that names it: a message never goes out with
a hole where the ETD should be.  ``{{`` and ``}}`` write a literal brace.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from string import Formatter
from typing import TYPE_CHECKING, TypedDict, Unpack

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core.money import quantize
from gendan.orders.models import PaymentTerm

from ..models import MessageTemplate
from ..registry import Placeholder, PlaceholderMissing, placeholders

if TYPE_CHECKING:
    from gendan.accounts.models import User
    from gendan.customers.models import Contact, Customer
    from gendan.orders.models import Order

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
FALLBACK_LANGUAGE = "en"


class MissingPlaceholders(ValidationError):
    """Placeholders the template uses that have no value; ``names`` lists them."""

    def __init__(self, missing: dict[str, str]) -> None:
        self.names = list(missing)
        super().__init__(
            [
                ValidationError(
                    _("The placeholder {%(placeholder)s} has no value: %(reason)s"),
                    code="missing_placeholder",
                    params={"placeholder": name, "reason": reason},
                )
                for name, reason in missing.items()
            ]
        )


@dataclass
class RenderedMessage:
    template: MessageTemplate
    subject: str
    body: str
    values: dict[str, str] = field(default_factory=dict)  # placeholder -> the text put in


# --- syntax ---------------------------------------------------------------------------
def placeholders_in(text: str) -> list[str]:
    """The placeholders a text uses, in order, each once; bad syntax is a ValidationError."""
    try:
        parsed = list(Formatter().parse(text or ""))
    except ValueError:
        raise ValidationError(
            _("A brace is not closed. Write a placeholder as {order_number}, a brace as {{ or }}."),
            code="template_syntax",
        ) from None
    names: dict[str, None] = {}
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not _NAME.match(name) or spec or conversion:
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise ValidationError(
                _("{%(text)s} is not a placeholder. Write placeholders as {order_number}.")
                % {"text": shown},
                code="template_syntax",
            )
        names[name] = None
    return list(names)


def template_check(*, subject: str, body: str) -> list[str]:
    """The placeholders of a template's subject and body; unknown ones are errors by field."""
    errors: dict[str, list[ValidationError]] = {}
    used: dict[str, None] = {}
    for field_name, text in (("subject", subject), ("body", body)):
        try:
            names = placeholders_in(text)
        except ValidationError as exc:
            errors[field_name] = [exc]
            continue
        unknown = [name for name in names if name not in placeholders]
        if unknown:
            errors[field_name] = [_unknown(unknown)]
        used.update(dict.fromkeys(names))
    if errors:
        raise ValidationError(errors)
    return list(used)


def _unknown(names: list[str]) -> ValidationError:
    return ValidationError(
        _("Unknown placeholder %(names)s. Use one of: %(known)s.")
        % {
            "names": ", ".join(f"{{{name}}}" for name in names),
            "known": ", ".join(f"{{{name}}}" for name in known_placeholders()),
        },
        code="unknown_placeholder",
    )


def _fill(text: str, values: dict[str, str]) -> str:
    out = []
    for literal, name, _spec, _conversion in Formatter().parse(text or ""):
        out.append(literal)
        if name is not None:
            out.append(values[name])
    return "".join(out)


# --- values ---------------------------------------------------------------------------
def babel_locale(language: str) -> Locale:
    """Babel's locale for a template language ("de" -> de, "zh" -> zh_Hans_CN)."""
    if (language or "").lower().startswith("zh"):
        return Locale.parse("zh_Hans_CN")
    try:
        return Locale.parse((language or FALLBACK_LANGUAGE).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LANGUAGE)


class PlaceholderValues:
    """What a placeholder's text is made from: the chosen order, customer, contact and
    sender, written the way the template's language writes dates and amounts."""

    def __init__(
        self,
        *,
        language: str,
        order: Order | None,
        customer: Customer | None,
        contact: Contact | None,
        sender: User | None,
    ) -> None:
        self.locale = babel_locale(language)
        self.order = order
        self.customer = customer or (order.customer if order is not None else None)
        self.contact = contact
        self.sender = sender

    def value(self, name: str) -> str:
        placeholder = placeholders.get(name)
        if placeholder is None or placeholder.value is None:
            raise PlaceholderMissing(_("nothing provides it."))
        return placeholder.value(self)

    def required_order(self) -> Order:
        if self.order is None:
            raise PlaceholderMissing(_("no order is chosen."))
        return self.order

    def money(self, amount: Decimal) -> str:
        currency = self.required_order().currency
        return format_currency(quantize(amount, currency), currency, locale=self.locale)

    def date(self, day: dt.date) -> str:
        return format_date(day, "long", locale=self.locale)


def _customer(v: PlaceholderValues) -> str:
    if v.customer is None:
        raise PlaceholderMissing(_("no customer or order is chosen."))
    return v.customer.name


def _contact(v: PlaceholderValues) -> str:
    contact = v.contact or (v.order.contact if v.order is not None else None)
    if contact is None and v.customer is not None:
        contact = v.customer.contacts.order_by("-is_primary", "name").first()
    if contact is None:
        raise PlaceholderMissing(_("no contact is chosen, and the customer has no contacts."))
    return contact.name


def _customer_po(v: PlaceholderValues) -> str:
    order = v.required_order()
    if not order.customer_po:
        raise PlaceholderMissing(
            _("order %(number)s has no customer PO number.") % {"number": order.number}
        )
    return order.customer_po


def _deposit(v: PlaceholderValues) -> Decimal:
    order = v.required_order()
    if order.payment_term != PaymentTerm.TT or not order.deposit_percent:
        raise PlaceholderMissing(
            _("order %(number)s is not paid by T/T with a deposit.") % {"number": order.number}
        )
    return quantize(order.total_amount * order.deposit_percent / 100, order.currency)


def _incoterm(v: PlaceholderValues) -> str:
    order = v.required_order()
    return f"{order.incoterm} {order.incoterm_place}".strip()


def _sender(v: PlaceholderValues) -> str:
    if v.sender is None:
        raise PlaceholderMissing(_("there is no sender."))
    return v.sender.get_full_name() or v.sender.username


# The placeholders of the order, its customer and the sender; the follow-up adds those of
# the order plan (ETD, ETA, tracking) to the same registry.
OWN_PLACEHOLDERS = [
    Placeholder("customer", gettext_lazy("Customer's company name"), "Müller Haushaltswaren GmbH", _customer, 10),
    Placeholder("contact", gettext_lazy("Contact's name"), "Hans Weber", _contact, 20),
    Placeholder("order_number", gettext_lazy("PI number"), "PI-2026-0042", lambda v: v.required_order().number, 30),
    Placeholder("customer_po", gettext_lazy("Customer's PO number"), "PO 4711", _customer_po, 40),
    Placeholder("order_total", gettext_lazy("Order total with currency"), "$12,345.50", lambda v: v.money(v.required_order().total_amount), 50),
    Placeholder("currency", gettext_lazy("Currency code"), "USD", lambda v: v.required_order().currency, 60),
    Placeholder("deposit_amount", gettext_lazy("T/T deposit amount"), "$3,703.65", lambda v: v.money(_deposit(v)), 70),
    Placeholder("balance_amount", gettext_lazy("T/T balance amount"), "$8,641.85", lambda v: v.money(v.required_order().total_amount - _deposit(v)), 80),
    Placeholder("incoterm", gettext_lazy("Incoterm and named place"), "FOB Ningbo", _incoterm, 90),
    Placeholder("ship_date", gettext_lazy("Promised ship date"), "January 15, 2027", lambda v: v.date(v.required_order().promised_ship_date), 100),
    Placeholder("today", gettext_lazy("Today's date"), "December 2, 2026", lambda v: v.date(timezone.localdate()), 140),
    Placeholder("sender", gettext_lazy("Your name"), "Amy Li", _sender, 150),
]  # fmt: skip


def known_placeholders() -> dict[str, Placeholder]:
    """Every placeholder a template may use, by name, in the editor's order."""
    return {p.name: p for p in sorted(placeholders.values(), key=lambda p: p.position)}


class TemplateContext(TypedDict, total=False):
    """What a template's placeholders are filled from (see ``template_values``)."""

    order: Order | None
    customer: Customer | None
    contact: Contact | None
    sender: User | None
    given: dict[str, str] | None


def template_values(
    template: MessageTemplate,
    *,
    order: Order | None = None,
    customer: Customer | None = None,
    contact: Contact | None = None,
    sender: User | None = None,
    given: dict[str, str] | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """(values, missing): the text of each placeholder the template uses, and why the
    others have none.  ``given`` values (typed in by the sender) win; blank ones count
    as not given."""
    names = template_check(subject=template.subject, body=template.body)
    source = PlaceholderValues(
        language=template.language, order=order, customer=customer, contact=contact, sender=sender
    )
    values: dict[str, str] = {}
    missing: dict[str, str] = {}
    for name in names:
        typed = ((given or {}).get(name) or "").strip()
        if typed:
            values[name] = typed
            continue
        try:
            text = source.value(name)
        except PlaceholderMissing as exc:
            missing[name] = exc.reason
            continue
        if not str(text).strip():
            missing[name] = _("it is empty.")
        else:
            values[name] = str(text)
    return values, missing


def template_render(
    template: MessageTemplate, **context: Unpack[TemplateContext]
) -> RenderedMessage:
    """The template's subject and body with every placeholder filled.

    Raises ``MissingPlaceholders`` naming each placeholder without a value, and a
    ValidationError for an unknown placeholder; never returns a text with a gap.
    """
    values, missing = template_values(template, **context)
    if missing:
        raise MissingPlaceholders(missing)
    return RenderedMessage(
        template=template,
        subject=_fill(template.subject, values),
        body=_fill(template.body, values),
        values=values,
    )


def template_choose(
    code: str, *, customer: Customer | None = None, contact: Contact | None = None
) -> MessageTemplate:
    """The variant of ``code`` in the contact's or customer's first language, else English,
    else whichever exists."""
    variants = {t.language: t for t in MessageTemplate.objects.filter(code=code)}
    if not variants:
        raise ValidationError(
            _("There is no message template with the code %(code)s.") % {"code": code},
            code="no_template",
        )
    wanted: list[str] = []
    for languages in (
        contact.languages if contact is not None else [],
        customer.languages if customer is not None else [],
    ):
        if languages:
            wanted.append(languages[0])
    wanted.append(FALLBACK_LANGUAGE)
    for language in wanted:
        if language in variants:
            return variants[language]
    return variants[sorted(variants)[0]]
