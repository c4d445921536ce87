"""Importing spreadsheets: the machinery shared by every kind of record.

An import reads the file (``gendan.core.tabular``), matches its header row to the
kind's fields, parses every cell, and then writes through the kind's services, all in
one transaction.  Every problem becomes a ``RowError`` naming the row (as the
spreadsheet shows it) and the column (as the file's header writes it).  If there is
one error, or the run is a dry run, the transaction is rolled back: nothing is written,
not even a customer code drawn from a number sequence.  Running the services in the
rolled-back transaction is what makes a dry run report the same errors and counts as
the real import.

Each kind (customers, contacts, products, orders) is an ``Importer`` in its app's
``importers.py``, which the app registers in ``gendan.core.registry.importers`` from its
``ready()``; this module does not import the apps above it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from gendan.accounts.access import can, writable_teams
from gendan.accounts.models import Team, User
from gendan.core.registry import importers
from gendan.core.tabular import TabularError, read_table
from gendan.core.xlsx import FORMULA_PREFIXES

logger = logging.getLogger("gendan.import")

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
PREVIEW_ROWS = 20


def importer_for(kind: str) -> Importer:
    """The ``Importer`` an app registered for ``kind``; KeyError for a kind nobody did."""
    if kind not in importers:
        raise KeyError(f"unknown import kind {kind!r}")
    return importers[kind]()


# --- results --------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One problem: ``row`` None means the file as a whole, ``column`` '' no one column."""

    row: int | None
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = _("Row %(row)s") % {"row": self.row} if self.row is not None else _("File")
        if self.column:
            where = _("%(where)s, column “%(column)s”") % {
                "where": where,
                "column": self.column,
            }
        if self.value:
            return f"{where}: {self.message} ({_('value')}: {self.value})"
        return f"{where}: {self.message}"


@dataclass
class PreviewRow:
    row: int
    action: str
    values: list[str]


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    row_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> None:
        if action == CREATE:
            self.created += 1
        elif action == UPDATE:
            self.updated += 1
        else:
            self.unchanged += 1


# --- fields and parsing ---------------------------------------------------------------


def clean_cell(value: Any) -> Any:
    """A cell as the user meant it: text trimmed, the export's anti-formula apostrophe gone.

    The export writes ``'=SUM(...)`` for text that starts like a formula; exactly that
    one apostrophe is removed, and only when the rest starts like a formula, so a name
    such as ``'t Hoen`` keeps its apostrophe.
    """
    if isinstance(value, str):
        if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
            value = value[1:]
        value = value.strip()
        return value or None
    return value


def display_value(value: Any) -> str:
    """A cell's value as text for error tables and previews."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return (
            value.date().isoformat()
            if value.time() == dt.time()
            else value.isoformat(sep=" ", timespec="minutes")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".15g")
    return str(value)


def normalize_header(text: Any) -> str:
    """'  Customer_Code ' -> 'customer code'; full-width and half-width forms compare equal."""
    text = clean_cell(str(text or "")) or ""
    text = unicodedata.normalize("NFKC", text).casefold().replace("_", " ")
    return " ".join(text.split())


Parser = Callable[[Any, "ImportContext"], Any]


def parse_text(value: Any, ctx: ImportContext | None = None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return display_value(value).strip()


@dataclass(frozen=True)
class ImportField:
    """One column an import reads.

    ``header`` is the same translatable text the export writes above the column, so a
    file exported in any of the site's languages comes back in; ``key`` (snake_case) is
    accepted too.  An ``ignored`` field is a column the export writes but an import
    does not read (computed totals): known, so it raises no warning.
    """

    key: str
    header: str | Promise
    parse: Parser = parse_text
    required: bool = False
    ignored: bool = False

    def variants(self) -> set[str]:
        names = {normalize_header(self.key)}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(normalize_header(str(self.header)))
        return names

    def label(self) -> str:
        return str(self.header)


@dataclass
class ParsedRow:
    number: int
    raw: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    failed: bool = False

    def has(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


@dataclass
class WriteUnit:
    """What one service call writes: a record, from one row (an order: from several)."""

    rows: list[ParsedRow]
    data: Any = None


@dataclass
class ImportContext:
    user: User
    team: Team | None
    headers: dict[str, str] = field(default_factory=dict)  # field key -> header as in the file
    labels: dict[str, str] = field(default_factory=dict)  # field key -> header in this language
    errors: list[RowError] = field(default_factory=list)
    cache: dict[Any, Any] = field(default_factory=dict)

    def column(self, key: str | None) -> str:
        if not key:
            return ""
        return self.headers.get(key) or self.labels.get(key, key)

    def error(self, row: ParsedRow | None, key: str | None, message: str) -> None:
        value = display_value(row.raw.get(key)) if row is not None and key else ""
        self.errors.append(
            RowError(row.number if row else None, self.column(key), value, str(message))
        )
        if row is not None:
            row.failed = True

    def has_column(self, key: str) -> bool:
        return key in self.headers


class Importer:
    """One kind of record an import writes.  Subclasses give the fields and the writes."""

    kind: ClassVar[str]
    permission: ClassVar[str]
    list_url_name: ClassVar[str]
    # Service field name -> import field key, for naming the column of a service error.
    error_fields: ClassVar[dict[str, str]] = {}

    def title(self) -> str:
        raise NotImplementedError

    def fields(self) -> list[ImportField]:
        raise NotImplementedError

    def uses_team(self) -> bool:
        """Do new records of this kind go into a team the importer chooses?"""
        return False

    def plan(self, ctx: ImportContext, rows: list[ParsedRow]) -> list[WriteUnit]:
        """Match rows to existing records and check them against each other; no writes."""
        raise NotImplementedError

    def write(self, ctx: ImportContext, unit: WriteUnit) -> str:
        """Write one unit through the services; returns CREATE, UPDATE or UNCHANGED."""
        raise NotImplementedError

    def error_key(self, name: str) -> str | None:
        if name == NON_FIELD_ERRORS:
            return None
        return self.error_fields.get(name, name)

    def template_fields(self) -> list[ImportField]:
        return [f for f in self.fields() if not f.ignored]


# --- header matching ------------------------------------------------------------------


def match_headers(
    headers: list[str], fields: list[ImportField], *, header_row: int
) -> tuple[dict[int, ImportField], list[str], list[RowError]]:
    """Which field each column is; unknown columns are warnings, a repeated one an error."""
    lookup: dict[str, ImportField] = {}
    for f in fields:
        for name in f.variants():
            lookup.setdefault(name, f)
    mapping: dict[int, ImportField] = {}
    seen: dict[str, str] = {}
    warnings: list[str] = []
    errors: list[RowError] = []
    for index, header in enumerate(headers):
        if not normalize_header(header):
            warnings.append(
                _("Column %(letter)s has no header and is ignored.")
                % {"letter": get_column_letter(index + 1)}
            )
            continue
        matched = lookup.get(normalize_header(header))
        if matched is None and normalize_header(header) in _error_column_names():
            continue  # the "Errors" column of an error report, uploaded again once corrected
        if matched is None:
            warnings.append(
                _("The column “%(header)s” is not known and is ignored.") % {"header": header}
            )
            continue
        if matched.key in seen:
            errors.append(
                RowError(
                    header_row,
                    header,
                    "",
                    _("This column appears twice (also as “%(other)s”).")
                    % {"other": seen[matched.key]},
                )
            )
            continue
        seen[matched.key] = header
        mapping[index] = matched
    for f in fields:
        if f.required and f.key not in seen:
            errors.append(
                RowError(
                    header_row,
                    f.label(),
                    "",
                    _("The file has no “%(header)s” column; it is needed.") % {"header": f.label()},
                )
            )
    return mapping, warnings, errors


def _error_column_names() -> set[str]:
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(normalize_header(_("Errors")))
    return names


# --- running --------------------------------------------------------------------------


def import_allowed(user: User, kind: str) -> bool:
    return can(user, "data.import") and can(user, importer_for(kind).permission)


def default_team(user: User, importer: Importer, team: Team | None) -> Team | None:
    """The team new records go in: the one asked for, else the user's only team."""
    if not importer.uses_team():
        return None
    teams = writable_teams(user, importer.permission)
    if team is not None:
        if not teams.filter(pk=team.pk).exists():
            raise PermissionDenied(
                _("You cannot add records to the team %(team)s.") % {"team": team}
            )
        return team
    first_two = list(teams[:2])
    return first_two[0] if len(first_two) == 1 else None


def run_import(
    *,
    kind: str,
    data: bytes,
    filename: str,
    user: User,
    team: Team | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check and (unless ``dry_run`` or anything is wrong) write a whole file, all or nothing.

    Raises ``PermissionDenied`` when the user may not import this kind at all.
    """
    importer = importer_for(kind)
    if not import_allowed(user, kind):
        raise PermissionDenied(
            _("You do not have permission to import %(kind)s.") % {"kind": importer.title()}
        )
    result = ImportResult(kind=kind)
    ctx = ImportContext(user=user, team=default_team(user, importer, team))
    fields = importer.fields()
    ctx.labels = {f.key: f.label() for f in fields}
    try:
        table = read_table(data, filename=filename, max_rows=settings.IMPORT_MAX_ROWS)
    except TabularError as exc:
        result.errors.append(RowError(None, "", "", str(exc)))
        return result
    mapping, result.warnings, header_errors = match_headers(
        table.headers, fields, header_row=table.header_row
    )
    ctx.headers = {f.key: table.headers[index] for index, f in mapping.items()}
    result.columns = [table.headers[index] for index, f in mapping.items() if not f.ignored]
    result.row_count = len(table.rows)
    if header_errors:
        result.errors = header_errors
        return result
    if not table.rows:
        result.errors.append(
            RowError(None, "", "", _("The file has a header row but no data rows."))
        )
        return result

    rows = [_parse_row(ctx, number, cells, mapping) for number, cells in table.rows]
    actions: dict[int, str] = {}
    done = 0
    with transaction.atomic():
        units = importer.plan(ctx, rows)
        for unit in units:
            done += len(unit.rows)
            if progress is not None:
                progress(done, len(rows))
            if any(row.failed for row in unit.rows):
                continue
            action = _write_unit(ctx, importer, unit)
            if action is None:
                continue
            result.count(action)
            for row in unit.rows:
                actions[row.number] = action
        if ctx.errors or dry_run:
            # Nothing of a failed or trial run stays: records, tags, categories, history,
            # the numbers drawn from sequences, the work queued to run on commit.
            transaction.set_rollback(True)
        else:
            result.written = True
    result.errors = sorted(ctx.errors, key=lambda e: (e.row or 0, _column_order(ctx, e.column)))
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    visible = [index for index, f in mapping.items() if not f.ignored]
    result.preview = [
        PreviewRow(
            row=number,
            action=actions.get(number, ""),
            values=[display_value(clean_cell(cells[i])) for i in visible],
        )
        for number, cells in table.rows[:PREVIEW_ROWS]
    ]
    return result


def _column_order(ctx: ImportContext, column: str) -> int:
    headers = list(ctx.headers.values())
    return headers.index(column) if column in headers else -1


def _parse_row(
    ctx: ImportContext, number: int, cells: list[Any], mapping: dict[int, ImportField]
) -> ParsedRow:
    row = ParsedRow(number=number)
    for index, f in mapping.items():
        if f.ignored:
            continue
        value = clean_cell(cells[index])
        if value is None:
            continue  # an empty cell leaves the value as it is
        row.raw[f.key] = value
        try:
            row.values[f.key] = f.parse(value, ctx)
        except ValidationError as exc:
            for message in exc.messages:
                ctx.error(row, f.key, message)
    return row


class _Unchanged(Exception):
    """Raised inside a savepoint to undo a write that changed nothing."""


def _write_unit(ctx: ImportContext, importer: Importer, unit: WriteUnit) -> str | None:
    first = unit.rows[0]
    try:
        # A savepoint per record: a service that fails leaves the transaction usable
        # (PostgreSQL refuses further statements after an error otherwise), so every
        # row is checked and every error reported.
        with transaction.atomic():
            action = importer.write(ctx, unit)
            if action == UNCHANGED:
                raise _Unchanged
            return action
    except _Unchanged:
        return UNCHANGED
    except ValidationError as exc:
        add_service_errors(ctx, importer, first, exc)
    except IntegrityError:
        # A constraint the services' validation did not foresee; the database's own
        # message names tables, not columns, so it goes to the log.
        logger.warning(
            "import of %s: row %s violates a constraint", importer.kind, first.number, exc_info=True
        )
        ctx.error(
            first,
            None,
            _("This row conflicts with data already saved (a value that must be unique is taken)."),
        )
    return None


def add_service_errors(
    ctx: ImportContext, importer: Importer, row: ParsedRow, exc: ValidationError
) -> None:
    """A service's ValidationError as row errors, each on the column of the field it names."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            key = importer.error_key(name)
            if key is not None and key not in ctx.labels:
                # A field with no column of its own: say which field in the message.
                messages = [f"{name.replace('_', ' ')}: {m}" for m in messages]
                key = None
            for message in messages:
                ctx.error(row, key, message)
    else:
        for message in exc.messages:
            ctx.error(row, None, message)


# --- value parsers --------------------------------------------------------------------


def _invalid(message: str) -> ValidationError:
    return ValidationError(message)


_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)


def parse_date(value: Any, ctx: ImportContext | None = None) -> dt.date:
    """An Excel date, or text as YYYY-MM-DD (also 2026/11/02 and 2026年11月2日)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        # A date cell whose number format was lost shows Excel's serial day number.
        from openpyxl.utils.datetime import from_excel

        converted = from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else converted
    match = _DATE_TEXT.match(str(value).strip())
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise _invalid(_("This is not a date; write it as YYYY-MM-DD, e.g. 2026-11-02."))


_GROUPED_DOT = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.89
# 1.234.567 or 1.234,5 -- but never 7.200, which is seven and a fifth.
_GROUPED_COMMA = re.compile(r"^\d{1,3}((\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)$")
_PLAIN_COMMA = re.compile(r"^\d*,\d+$")  # 12,5


def parse_decimal(
    value: Any, ctx: ImportContext | None = None, *, percent: bool = False
) -> Decimal:
    """A number cell, or text with thousands separators: 1,234.5 / 1.234,5 / 1 234,5 / 12,5."""
    if isinstance(value, bool):
        raise _invalid(_("This is not a number."))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # 15 significant digits is what Excel keeps; beyond that is binary noise.
        return Decimal(format(value, ".15g"))
    if isinstance(value, Decimal):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if percent and text.endswith("%"):
        text = text[:-1].strip()
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0], text[1:].strip()
    text = re.sub(r"[\s'\u00a0\u202f]", "", text)
    if _GROUPED_DOT.match(text):
        text = text.replace(",", "")
    elif _GROUPED_COMMA.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _PLAIN_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        number = Decimal(sign + text)
    except InvalidOperation:
        raise _invalid(_("This is not a number.")) from None
    if not number.is_finite():
        raise _invalid(_("This is not a number."))
    return number


def parse_percent(value: Any, ctx: ImportContext | None = None) -> Decimal:
    return parse_decimal(value, ctx, percent=True)


def parse_int(value: Any, ctx: ImportContext | None = None) -> int:
    number = parse_decimal(value, ctx)
    if number != number.to_integral_value():
        raise _invalid(_("This must be a whole number."))
    return int(number)


@cache
def _boolean_words() -> dict[str, bool]:
    words = {
        "yes": True, "y": True, "true": True, "1": True, "x": True, "\u2713": True, "\u2714": True,
        "no": False, "n": False, "false": False, "0": False,
        "\u662f": True, "\u5426": False, "\u5bf9": True, "\u4e0d\u662f": False,
    }  # fmt: skip
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            words.setdefault(normalize_header(_("yes")), True)
            words.setdefault(normalize_header(_("no")), False)
    return words


def parse_bool(value: Any, ctx: ImportContext | None = None) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = _boolean_words().get(normalize_header(value))
    if word is None:
        raise _invalid(_("Write yes or no."))
    return word


_LABEL_NOTE = re.compile(r"\s*\([^()]*\)$")


class ChoiceParser:
    """A choice by its stored code or by its label in any of the site's languages.

    Case and full-width/half-width forms do not matter, and a label's closing remark in
    brackets may be left out: "Trade show", "trade_show", "展会" and "展会（如广交会）"
    are one choice.
    """

    def __init__(self, choices: Callable[[], Iterable[tuple[str, Any]]]) -> None:
        self._choices = choices
        self._lookup: dict[str, str] | None = None

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            lookup: dict[str, str] = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    for value, label in self._choices():
                        lookup.setdefault(normalize_header(value), value)
                        name = normalize_header(str(label))
                        lookup.setdefault(name, value)
                        short = _LABEL_NOTE.sub("", name).strip()
                        if short:
                            lookup.setdefault(short, value)
            self._lookup = lookup
        return self._lookup

    def __call__(self, value: Any, ctx: ImportContext | None = None) -> str:
        found = self.lookup().get(normalize_header(parse_text(value)))
        if found is None:
            # The choices as the user reads them, in the language of the page.
            labels = []
            for code, label in self._choices():
                text = str(label)
                labels.append(f"“{text}”" if text == code else f"“{text}” ({code})")
            raise _invalid(
                _("Unknown value. Choose one of: %(choices)s.") % {"choices": ", ".join(labels)}
            )
        return found


LIST_SEPARATORS = re.compile(r"[,;\uff0c\uff1b\u3001|]")


def split_list(value: Any) -> list[str]:
    """'en, de' / 'en；de' / 'en、de' -> ['en', 'de']."""
    return [item.strip() for item in LIST_SEPARATORS.split(parse_text(value)) if item.strip()]


def list_of(parser: Parser) -> Parser:
    def parse(value: Any, ctx: ImportContext | None = None) -> list[Any]:
        items = []
        for item in split_list(value):
            try:
                items.append(parser(item, ctx))  # type: ignore[arg-type]
            except ValidationError as exc:
                raise _invalid(f"{item}: {' '.join(exc.messages)}") from None
        return list(dict.fromkeys(items))

    return parse


def parse_text_list(value: Any, ctx: ImportContext | None = None) -> list[str]:
    return list(dict.fromkeys(split_list(value)))


@cache
def _country_lookup() -> dict[str, str]:
    from django_countries import countries

    lookup: dict[str, str] = {}
    for code, _name in [("en", "English"), *settings.LANGUAGES]:
        with translation.override(code):
            for country in countries:
                lookup.setdefault(normalize_header(country.name), country.code)
    lookup.setdefault("uk", "GB")  # the everyday name of GB in trade papers
    return lookup


def parse_country(value: Any, ctx: ImportContext | None = None) -> str:
    """An ISO 3166 code (DE, DEU, 276) or the country's English or Chinese name."""
    from django_countries import countries

    text = parse_text(value)
    if text.isascii() and (text.isalpha() and len(text) in (2, 3) or text.isdigit()):
        code = countries.alpha2(text)
        if code:
            return code
    code = _country_lookup().get(normalize_header(text), "")
    if not code:
        raise _invalid(_("Unknown country; use the ISO code (e.g. DE) or the country's name."))
    return code


def parse_user(value: Any, ctx: ImportContext) -> User:
    """A user by username (exact, else the only case-insensitive match)."""
    name = parse_text(value)
    cache_key = ("user", name)
    if cache_key not in ctx.cache:
        user = User.objects.filter(username=name).first()
        if user is None:
            matches = list(User.objects.filter(username__iexact=name)[:2])
            user = matches[0] if len(matches) == 1 else None
        ctx.cache[cache_key] = user
    user = ctx.cache[cache_key]
    if user is None:
        raise _invalid(_("There is no user with this username."))
    return user


def parse_team(value: Any, ctx: ImportContext, *, action: str) -> Team:
    """A team by name, among those the importing user may add records to."""
    name = parse_text(value)
    cache_key = ("teams", action)
    if cache_key not in ctx.cache:
        ctx.cache[cache_key] = {
            normalize_header(t.name): t for t in writable_teams(ctx.user, action)
        }
    team = ctx.cache[cache_key].get(normalize_header(name))
    if team is None:
        raise _invalid(_("There is no team of this name among your teams."))
    return team


def same_values(instance: Any, values: dict[str, Any]) -> bool:
    """Does ``instance`` already hold ``values``?  A related row compares by its key.

    Importers ask first and leave such a record alone, so importing a file again costs
    one read per row rather than a locked write that changes nothing.  The comparison
    is strict: text a service would normalise (a phone number, say) differs, and the
    service then finds that nothing changed.
    """
    for name, value in values.items():
        current = getattr(instance, name)
        if hasattr(current, "pk") or hasattr(value, "pk"):
            if getattr(current, "pk", None) != getattr(value, "pk", None):
                return False
        elif current != value:
            return False
    return True


def bulk_filter(queryset, lookup: str, values: Iterable[Any], *, chunk: int = 500) -> list[Any]:
    """``queryset.filter(<lookup>__in=values)`` in chunks, for files of thousands of rows."""
    values = list(dict.fromkeys(values))
    found: list[Any] = []
    for start in range(0, len(values), chunk):
        found.extend(queryset.filter(**{f"{lookup}__in": values[start : start + chunk]}))
    return found
