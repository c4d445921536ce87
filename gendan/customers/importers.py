"""Importing customers and contacts from spreadsheets (the columns of their exports)."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from babel import Locale
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gendan.accounts.access import can, scope_to_user, writable_teams
from gendan.dataio.importing import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ChoiceParser,
    ImportContext,
    Importer,
    ImportField,
    ParsedRow,
    WriteUnit,
    bulk_filter,
    list_of,
    normalize_header,
    parse_bool,
    parse_country,
    parse_team,
    parse_text,
    parse_text_list,
    parse_user,
    same_values,
)

from .choices import PreferredChannel
from .geo import LANGUAGE_CODES
from .models import Contact, Customer, Source, Stage
from .services import contact_create, contact_update, customer_create, customer_update


@cache
def _language_lookup() -> dict[str, str]:
    lookup = {code: code for code in LANGUAGE_CODES}
    for locale in ("en", "zh_Hans"):
        names = Locale.parse(locale).languages
        for code in LANGUAGE_CODES:
            if code in names:
                lookup.setdefault(normalize_header(names[code]), code)
    return lookup


def parse_language(value: Any, ctx: ImportContext | None = None) -> str:
    """A language code (de) or name (German, 德语, 'German (de)')."""
    text = parse_text(value)
    if match := re.search(r"\(([A-Za-z]{2})\)\s*$", text):
        text = match[1]
    code = _language_lookup().get(normalize_header(text))
    if code is None:
        raise ValidationError(_("Unknown language; use a code such as en, de or zh."))
    return code


@cache
def _zone_lookup() -> dict[str, str]:
    return {zone.casefold(): zone for zone in available_timezones()}


def parse_time_zone(value: Any, ctx: ImportContext | None = None) -> str:
    """An IANA zone name; Europe/Berlin and europe/berlin alike."""
    text = parse_text(value).replace(" ", "_")
    zone = _zone_lookup().get(text.casefold())
    if zone is None:
        raise ValidationError(_("This is not a time zone; use a name such as Europe/Berlin."))
    return zone


def parse_website(value: Any, ctx: ImportContext | None = None) -> str:
    text = parse_text(value)
    return text if "://" in text else f"https://{text}"


def parse_customer_team(value: Any, ctx: ImportContext) -> Any:
    return parse_team(value, ctx, action="customers.change")


_channels = ChoiceParser(lambda: PreferredChannel.choices)
_sources = ChoiceParser(lambda: Source.choices)
_stages = ChoiceParser(lambda: Stage.choices)

CUSTOMER_SERVICE_FIELDS = [
    "code", "name", "country", "city", "time_zone", "languages", "preferred_channels", "website",
    "domain", "source", "stage", "owner", "team", "address", "notes",
]  # fmt: skip
CONTACT_SERVICE_FIELDS = [
    "name", "title", "email", "phone", "whatsapp", "wechat", "skype", "languages", "time_zone",
    "is_primary", "notes",
]  # fmt: skip


def _lower(text: str) -> str:
    return (text or "").strip().lower()


def customers_by_name(queryset, names: list[str]) -> dict[str, list[Customer]]:
    """Customers of ``queryset`` whose name is one of ``names``, ignoring case and spaces."""
    found: dict[str, list[Customer]] = defaultdict(list)
    annotated = queryset.annotate(lower_name=Lower("name"))
    for customer in bulk_filter(annotated, "lower_name", [_lower(n) for n in names]):
        found[_lower(customer.name)].append(customer)
    return found


class CustomerImporter(Importer):
    kind = "customers"
    permission = "customers.change"
    list_url_name = "customers:list"

    def title(self) -> str:
        return _("customers")

    def uses_team(self) -> bool:
        return True

    def fields(self) -> list[ImportField]:
        return [
            ImportField("code", _lazy("Customer code")),
            ImportField("name", _lazy("Company name")),
            ImportField("country", _lazy("Country"), parse_country),
            ImportField("city", _lazy("City")),
            ImportField("time_zone", _lazy("Time zone"), parse_time_zone),
            ImportField("languages", _lazy("Languages"), list_of(parse_language)),
            ImportField("preferred_channels", _lazy("Preferred channels"), list_of(_channels)),
            ImportField("website", _lazy("Website"), parse_website),
            ImportField("domain", _lazy("Mail domain")),
            ImportField("source", _lazy("Source"), _sources),
            ImportField("stage", _lazy("Stage"), _stages),
            ImportField("owner", _lazy("Owner"), parse_user),
            ImportField("team", _lazy("Team"), parse_customer_team),
            ImportField("tags", _lazy("Tags"), parse_text_list),
            ImportField("address", _lazy("Address")),
            ImportField("notes", _lazy("Notes")),
            ImportField("updated", _lazy("Updated"), ignored=True),
        ]

    def plan(self, ctx: ImportContext, rows: list[ParsedRow]) -> list[WriteUnit]:
        if not (ctx.has_column("code") or ctx.has_column("name")):
            ctx.error(
                None,
                "name",
                _("The file needs a “Customer code” or a “Company name” column."),
            )
            return []
        # Every row is checked, also one with a cell that could not be read, so that all of
        # a row's problems are reported at once; a failed row is never written.
        live = list(rows)
        by_code = {
            c.code: c
            for c in bulk_filter(
                Customer.objects.select_related("team").prefetch_related("tags"),
                "code",
                [r.get("code") for r in live if r.has("code")],
            )
        }

        # Which team each row's customer is in or goes to; rows without one need the default.
        team_of: dict[int, Any] = {}
        without_team = []
        for row in live:
            existing = by_code.get(row.get("code"))
            if "team" in row.raw and not row.has("team"):
                continue  # an unknown team, already reported
            team = row.get("team") or (existing.team if existing else None) or ctx.team
            if team is None:
                without_team.append(row)
            team_of[row.number] = team
        if without_team:
            if not writable_teams(ctx.user, self.permission).exists():
                message = _("You are in no team that customers can be added to.")
            else:
                message = _(
                    "Choose the team new customers go in: add a “Team” column to the file, "
                    "or choose the team for new customers when uploading it."
                )
            ctx.error(None, "team", message)
            for row in without_team:
                row.failed = True
        live = [row for row in live if row.number in team_of and team_of[row.number] is not None]

        # Customers named in the file without a code, looked up in their team.
        by_name: dict[tuple[int, str], list[Customer]] = {}
        names_by_team: dict[Any, list[str]] = defaultdict(list)
        for row in live:
            if not row.has("code") and row.has("name"):
                names_by_team[team_of[row.number]].append(row.get("name"))
        for team, names in names_by_team.items():
            same_team = Customer.objects.filter(team=team).prefetch_related("tags")
            for lower_name, found in customers_by_name(same_team, names).items():
                by_name[(team.pk, lower_name)] = found

        units: list[WriteUnit] = []
        seen_codes: dict[str, int] = {}
        seen_names: dict[tuple[int, str], int] = {}
        for row in live:
            team = team_of[row.number]
            code = row.get("code")
            name_key = (team.pk, _lower(row.get("name", "")))
            customer: Customer | None = None
            if code:
                if code in seen_codes:
                    ctx.error(
                        row,
                        "code",
                        _("This customer is already in row %(row)s.") % {"row": seen_codes[code]},
                    )
                    continue
                seen_codes[code] = row.number
                customer = by_code.get(code)
            elif not row.has("name"):
                ctx.error(row, "name", _("Give the customer code or the company name."))
                continue
            else:
                if name_key in seen_names:
                    ctx.error(
                        row,
                        "name",
                        _("This customer is already in row %(row)s.")
                        % {"row": seen_names[name_key]},
                    )
                    continue
                found = by_name.get(name_key, [])
                if len(found) > 1:
                    ctx.error(
                        row,
                        "name",
                        _("Several customers in %(team)s have this name; give the customer code.")
                        % {"team": team},
                    )
                    continue
                customer = found[0] if found else None
            if row.has("name"):
                seen_names.setdefault(name_key, row.number)
            if customer is not None and not can(ctx.user, self.permission, team=customer.team_id):
                ctx.error(
                    row, "code", _("There is no customer %(code)s in your teams.") % {"code": code}
                )
                continue
            if customer is None:
                for key, message in (
                    ("name", _("Give the company name of the new customer.")),
                    ("country", _("Give the country of the new customer.")),
                ):
                    if key not in row.raw:  # a value that could not be read is reported already
                        ctx.error(row, key, message)
                if row.failed:
                    continue
            units.append(WriteUnit(rows=[row], data={"customer": customer, "team": team}))
        return units

    def write(self, ctx: ImportContext, unit: WriteUnit) -> str:
        row = unit.rows[0]
        fields = {key: row.get(key) for key in CUSTOMER_SERVICE_FIELDS if row.has(key)}
        tags = row.get("tags")
        customer = unit.data["customer"]
        if customer is None:
            fields.pop("team", None)
            customer_create(
                actor=ctx.user, team=unit.data["team"], name=fields.pop("name"), country=fields.pop("country"),
                tags=tags, **fields,
            )  # fmt: skip
            return CREATE
        if same_values(customer, fields) and (
            tags is None or sorted(t.name for t in customer.tags.all()) == sorted(tags)
        ):
            return UNCHANGED
        saved = customer_update(
            actor=ctx.user, customer=customer, expected_version=None, tags=tags, **fields
        )
        return UNCHANGED if saved.version == customer.version else UPDATE


class ContactImporter(Importer):
    kind = "contacts"
    permission = "customers.change"
    list_url_name = "customers:list"
    error_fields = {"customer": "customer_code", "team": "customer_code"}

    def title(self) -> str:
        return _("contacts")

    def fields(self) -> list[ImportField]:
        return [
            ImportField("customer_code", _lazy("Customer code")),
            ImportField("company_name", _lazy("Company name")),
            ImportField("name", _lazy("Name")),
            ImportField("title", _lazy("Job title")),
            ImportField("email", _lazy("Email"), lambda v, ctx: parse_text(v).lower()),
            ImportField("phone", _lazy("Phone")),
            ImportField("whatsapp", _lazy("WhatsApp")),
            ImportField("wechat", _lazy("WeChat ID")),
            ImportField("skype", _lazy("Skype")),
            ImportField("languages", _lazy("Languages"), list_of(parse_language)),
            ImportField("time_zone", _lazy("Time zone"), parse_time_zone),
            ImportField("is_primary", _lazy("Main contact"), parse_bool),
            ImportField("notes", _lazy("Notes")),
        ]

    def _customers(self, ctx: ImportContext, rows: list[ParsedRow]) -> dict[int, Customer]:
        """The customer of each row, by code, else by company name among the user's customers."""
        visible = scope_to_user(Customer.objects.all(), ctx.user)
        codes = [r.get("customer_code") for r in rows if r.has("customer_code")]
        by_code = {c.code: c for c in bulk_filter(visible, "code", codes)}
        by_name = customers_by_name(
            visible,
            [
                r.get("company_name")
                for r in rows
                if not r.has("customer_code") and r.has("company_name")
            ],
        )
        found: dict[int, Customer] = {}
        for row in rows:
            if row.has("customer_code"):
                customer = by_code.get(row.get("customer_code"))
                key, label = "customer_code", row.get("customer_code")
            elif row.has("company_name"):
                matches = by_name.get(_lower(row.get("company_name")), [])
                if len(matches) > 1:
                    ctx.error(
                        row,
                        "company_name",
                        _("Several of your customers have this name; give the customer code."),
                    )
                    continue
                customer = matches[0] if matches else None
                key, label = "company_name", row.get("company_name")
            else:
                ctx.error(row, "customer_code", _("Give the customer code or the company name."))
                continue
            if customer is None or not can(ctx.user, self.permission, team=customer.team_id):
                ctx.error(
                    row,
                    key,
                    _("There is no customer %(customer)s in your teams.") % {"customer": label},
                )
                continue
            found[row.number] = customer
        return found

    def plan(self, ctx: ImportContext, rows: list[ParsedRow]) -> list[WriteUnit]:
        if not (ctx.has_column("customer_code") or ctx.has_column("company_name")):
            ctx.error(
                None,
                "customer_code",
                _("The file needs a “Customer code” or a “Company name” column."),
            )
            return []
        live = list(rows)  # a failed row is checked too, never written
        customer_of = self._customers(ctx, live)
        contacts: dict[int, list[Contact]] = defaultdict(list)
        for contact in bulk_filter(
            Contact.objects.all(), "customer_id", [c.pk for c in customer_of.values()]
        ):
            contacts[contact.customer_id].append(contact)

        units: list[WriteUnit] = []
        seen: dict[tuple[int, str, str], int] = {}
        for row in live:
            customer = customer_of.get(row.number)
            if customer is None:
                continue
            email, name = row.get("email", ""), _lower(row.get("name", ""))
            key = (customer.pk, "email", email) if email else (customer.pk, "name", name)
            if not email and not name:
                ctx.error(row, "name", _("Give the contact's name or email."))
                continue
            if key in seen:
                ctx.error(
                    row,
                    "email" if email else "name",
                    _("This contact is already in row %(row)s.") % {"row": seen[key]},
                )
                continue
            seen[key] = row.number
            # The same person: the same address; without one, the same name (a contact
            # saved without an address is also found by name when the file adds one).
            same = [c for c in contacts[customer.pk] if email and c.email.lower() == email]
            if not same and name:
                same = [
                    c
                    for c in contacts[customer.pk]
                    if _lower(c.name) == name and (not email or not c.email)
                ]
            if len(same) > 1:
                ctx.error(
                    row,
                    "name",
                    _("%(customer)s has several contacts of this name; give their email.")
                    % {"customer": customer},
                )
                continue
            contact = same[0] if same else None
            if contact is None and not row.has("name"):
                ctx.error(row, "name", _("Give the name of the new contact."))
                continue
            units.append(WriteUnit(rows=[row], data={"customer": customer, "contact": contact}))
        return units

    def write(self, ctx: ImportContext, unit: WriteUnit) -> str:
        row = unit.rows[0]
        fields = {key: row.get(key) for key in CONTACT_SERVICE_FIELDS if row.has(key)}
        contact = unit.data["contact"]
        if contact is None:
            contact_create(
                actor=ctx.user, customer=unit.data["customer"], name=fields.pop("name"), **fields
            )
            return CREATE
        if same_values(contact, fields):
            return UNCHANGED
        saved = contact_update(actor=ctx.user, contact=contact, expected_version=None, **fields)
        return UNCHANGED if saved.version == contact.version else UPDATE
