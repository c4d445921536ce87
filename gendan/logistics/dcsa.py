"""DCSA Track & Trace events, read from carriers' JSON or from a CSV with the same columns.

Carriers and visibility providers publish container milestones in the DCSA T&T shape
(version 2.2 onward: flat event objects).  We keep what a follow-up needs: what happened
(event type and code), whether it is planned, estimated or actual, when and where, to
which container, and on which vessel and voyage.  Reading is all-or-nothing: every bad
event is reported with its position and field in one exception, so a user fixes a file
once instead of once per error.

The code lists are the union of T&T 2.2, 2.3 and 3.0 (they only grew), so a feed of any
of these versions reads; the 3.0 ``metadata``/``payload`` split is not read here.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gendan.logistics.containers import (
    ShippingReferenceError,
    container_number_clean,
    container_number_validate,
    unlocode_validate,
)

SHIPMENT = "SHIPMENT"
TRANSPORT = "TRANSPORT"
EQUIPMENT = "EQUIPMENT"
EVENT_TYPES = (SHIPMENT, TRANSPORT, EQUIPMENT)

# Planned, estimated, actual.  REQ (requested) belongs to DCSA's port-call events, not T&T.
CLASSIFIERS = ("PLN", "EST", "ACT")

EQUIPMENT_EVENT_CODES = (
    # T&T 2.0 onward
    "LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP",
    # 2.2 onward
    "PICK", "DROP", "INSP", "RSEA", "RMVD",
    # 3.0 onward
    "AVPU", "AVDO", "CUSS", "CUSI", "CUSR", "CROS",
)  # fmt: skip
TRANSPORT_EVENT_CODES = ("ARRI", "DEPA")
SHIPMENT_EVENT_CODES = (
    "RECE", "DRFT", "PENA", "PENU", "CONF", "REJE", "APPR", "ISSU", "SURR", "SUBM", "VOID",
    "REQS", "CMPL", "HOLD", "RELS",
    # 2.3 onward
    "PENC", "CANC",
)  # fmt: skip
DOCUMENT_TYPE_CODES = (
    # 2.2
    "CBR", "BKG", "SHI", "SRM", "TRD", "ARN", "VGM", "CAS", "CUS", "DGD", "OOG",
    # 3.0 (SRM split into DEI, DEO, TRO, CRO; CUS became CUC)
    "DEI", "DEO", "TRO", "CRO", "CUC", "CQU", "INV", "HCE", "PCE", "VCE", "FCE", "ICE",
    "CEA", "CEO",
)  # fmt: skip
EMPTY_INDICATORS = ("EMPTY", "LADEN")
MODES_OF_TRANSPORT = ("VESSEL", "RAIL", "TRUCK", "BARGE")
FACILITY_TYPES = ("BOCR", "CLOC", "COFS", "OFFD", "DEPO", "INTE", "POTE", "RAMP")
# Who put the seal on: carrier, shipper, phytosanitary, veterinary, customs.
SEAL_SOURCES = ("CAR", "SHI", "PHY", "VET", "CUS")

_TYPE_FIELD = {
    SHIPMENT: ("shipmentEventTypeCode", SHIPMENT_EVENT_CODES),
    TRANSPORT: ("transportEventTypeCode", TRANSPORT_EVENT_CODES),
    EQUIPMENT: ("equipmentEventTypeCode", EQUIPMENT_EVENT_CODES),
}
EQUIPMENT_REFERENCE_MAX_LENGTH = 15


@dataclass(frozen=True)
class Vessel:
    imo_number: str | None = None
    name: str | None = None
    call_sign: str | None = None
    operator_carrier_code: str | None = None


@dataclass(frozen=True)
class TransportCall:
    """Where a vessel (or truck, train, barge) calls, as DCSA describes it."""

    transport_call_id: str | None = None
    carrier_service_code: str | None = None
    export_voyage_number: str | None = None
    import_voyage_number: str | None = None
    un_location_code: str | None = None
    facility_code: str | None = None
    facility_type_code: str | None = None
    mode_of_transport: str | None = None
    vessel: Vessel | None = None


@dataclass(frozen=True)
class Seal:
    number: str
    source: str | None = None
    type: str | None = None


@dataclass(frozen=True)
class TrackingEventData:
    """One T&T event, checked, in plain Python values.

    ``type_code`` is the event type code of the event's kind (LOAD, ARRI, CONF …);
    ``location`` the UN/LOCODE where it happens: the event's own location for equipment
    events, else the transport call's.
    """

    event_type: str
    classifier: str
    type_code: str
    event_datetime: datetime
    event_id: str | None = None
    created_datetime: datetime | None = None
    location: str | None = None
    equipment_reference: str | None = None
    iso_equipment_code: str | None = None
    empty_indicator: str | None = None
    document_type_code: str | None = None
    document_id: str | None = None
    reason: str | None = None
    delay_reason_code: str | None = None
    transport_call: TransportCall | None = None
    seals: tuple[Seal, ...] = ()
    document_references: tuple[tuple[str, str], ...] = ()
    references: tuple[tuple[str, str], ...] = ()

    @property
    def vessel_name(self) -> str | None:
        call = self.transport_call
        return call.vessel.name if call and call.vessel else None

    @property
    def voyage_number(self) -> str | None:
        call = self.transport_call
        return (call.export_voyage_number or call.import_voyage_number) if call else None

    @property
    def event_key(self) -> str:
        """The same for the same happening, however often and by whom it is sent.

        ``eventID`` identifies a *message*: a carrier resending an event, or a file
        imported twice, may carry a new one or none.  The key is built from what
        happened instead, with the time in UTC so that "+08:00" and "Z" spellings of
        one instant agree.  Only what identifies the happening counts, not optional
        details one source gives and another leaves out (an equipment event's vessel,
        its empty/laden indicator).  A new estimate (another time) is a new event.
        """
        parts = [
            self.event_type,
            self.classifier,
            self.type_code,
            self.event_datetime.astimezone(UTC).isoformat(),
            self.location or "",
        ]
        if self.event_type == EQUIPMENT:
            parts.append(self.equipment_reference or "")
        elif self.event_type == TRANSPORT:
            call = self.transport_call or TransportCall()
            vessel = call.vessel or Vessel()
            # The IMO number stays when a vessel is renamed; the voyage when there is none.
            parts.append(
                vessel.imo_number
                or (vessel.name or "").upper()
                or call.export_voyage_number
                or call.import_voyage_number
                or ""
            )
        else:
            parts += [self.document_type_code or "", self.document_id or ""]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class EventError:
    """One problem: the event's position in the input (0 = first), the field, what is wrong."""

    index: int
    field: str
    message: str

    def __str__(self) -> str:
        return str(
            _("Event %(index)s, %(field)s: %(message)s")
            % {"index": self.index, "field": self.field, "message": self.message}
        )


class EventParseError(ValueError):
    """Every problem found in the events read; nothing of them is to be used."""

    def __init__(self, errors: list[EventError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class _Reader:
    """Reads one event's fields by dotted path and collects what is wrong with them.

    Paths are those of the JSON ("transportCall.vessel.vesselName", "seals.0.sealNumber"),
    which are also the CSV's column names, so an error names what the user sees.
    """

    def __init__(self, index: int, data: Mapping[str, Any], errors: list[EventError]) -> None:
        self.index = index
        self.data = data
        self.errors = errors

    def error(self, path: str, message: str | Promise) -> None:
        self.errors.append(EventError(self.index, path, str(message)))

    def raw(self, path: str) -> Any:
        value: Any = self.data
        for part in path.split("."):
            if isinstance(value, Mapping):
                value = value.get(part)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                return None
        return None if isinstance(value, str) and not value.strip() else value

    def present(self, path: str, *, required: bool = False) -> bool:
        """Whether an object is there (an error if it is required, or not an object)."""
        value = self.raw(path)
        if value is None:
            if required:
                self.error(path, _("Missing; this event needs it."))
            return False
        if not isinstance(value, Mapping):
            self.error(path, _("Must be an object with its own fields."))
            return False
        return True

    def text(
        self,
        path: str,
        *,
        required: bool = False,
        allowed: tuple[str, ...] | None = None,
        max_length: int | None = None,
    ) -> str | None:
        value = self.raw(path)
        if value is None:
            if required:
                self.error(path, _("Missing; this event needs it."))
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.error(path, _("Must be text, not a list or an object."))
            return None
        text = str(value).strip()
        if allowed is not None:
            if text.upper() not in allowed:
                self.error(
                    path,
                    _("“%(value)s” is not one of %(allowed)s.")
                    % {"value": text, "allowed": ", ".join(allowed)},
                )
                return None
            return text.upper()
        if max_length is not None and len(text) > max_length:
            self.error(
                path,
                _("“%(value)s” is longer than %(max)s characters.")
                % {"value": text, "max": max_length},
            )
            return None
        return text

    def moment(self, path: str, *, required: bool = False) -> datetime | None:
        """An aware date-time: DCSA times carry their UTC offset, and we compare instants."""
        value = self.text(path, required=required)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.error(
                path,
                _("“%(value)s” is not a date and time such as 2026-03-01T08:30:00+08:00.")
                % {"value": value},
            )
            return None
        if moment.utcoffset() is None:
            self.error(
                path,
                _("“%(value)s” has no UTC offset; add one, e.g. +08:00 or Z.") % {"value": value},
            )
            return None
        return moment

    def checked(self, path: str, check: Callable[[str], str]) -> str | None:
        """A value passed through one of the identifier checks of ``containers``."""
        value = self.text(path)
        if value is None:
            return None
        try:
            return check(value)
        except ShippingReferenceError as error:
            self.error(path, str(error))
            return None

    def items(self, path: str) -> range:
        """Positions of a list field; an error if the field is there but not a list."""
        value = self.raw(path)
        if value is None:
            return range(0)
        if not isinstance(value, list):
            self.error(path, _("Must be a list."))
            return range(0)
        return range(len(value))

    def pairs(self, path: str, type_key: str, value_key: str) -> tuple[tuple[str, str], ...]:
        found = []
        for position in self.items(path):
            kind = self.text(f"{path}.{position}.{type_key}", required=True)
            value = self.text(f"{path}.{position}.{value_key}", required=True)
            if kind and value:
                found.append((kind.upper(), value))
        return tuple(found)


def imo_number_validate(text: str) -> str:
    """A vessel's IMO number: 7 digits, the last a check digit (weights 7 … 2, modulo 10).

    The IMO number is what stays when a vessel is renamed, so it is what identifies it.
    """
    number = str(text).strip().upper().removeprefix("IMO").strip()
    if len(number) == 7 and number.isascii() and number.isdigit():
        weighted = sum(
            int(digit) * weight for digit, weight in zip(number[:6], range(7, 1, -1), strict=True)
        )
        if weighted % 10 == int(number[6]):
            return number
    raise ShippingReferenceError(
        _("“%(number)s” is not an IMO number: 7 digits, the last one a check digit.")
        % {"number": text}
    )


def equipment_reference_validate(text: str) -> str:
    """A container number, checked as ISO 6346 when it has that shape.

    DCSA allows any equipment reference up to 15 characters (ISO 6346 preferred); a
    number shaped like ISO 6346 with a wrong check digit is a typo, not another scheme.
    """
    reference = container_number_clean(text)
    if len(reference) > EQUIPMENT_REFERENCE_MAX_LENGTH or not reference.isalnum():
        raise ShippingReferenceError(
            _("“%(value)s” is not an equipment reference: up to %(max)s letters and digits.")
            % {"value": text, "max": EQUIPMENT_REFERENCE_MAX_LENGTH}
        )
    if len(reference) == 11 and reference[:4].isalpha() and reference[4:].isdigit():
        return container_number_validate(reference)
    return reference


def _vessel(reader: _Reader, path: str) -> Vessel | None:
    if not reader.present(path):
        return None
    return Vessel(
        imo_number=reader.checked(f"{path}.vesselIMONumber", imo_number_validate),
        name=reader.text(f"{path}.vesselName", max_length=35),
        call_sign=reader.text(f"{path}.vesselCallSignNumber", max_length=10),
        operator_carrier_code=reader.text(f"{path}.vesselOperatorCarrierCode", max_length=10),
    )


def _transport_call(reader: _Reader, *, required: bool) -> TransportCall | None:
    path = "transportCall"
    if not reader.present(path, required=required):
        return None
    # carrierVoyageNumber is deprecated in favour of the export/import voyage numbers.
    export_voyage = reader.text(f"{path}.exportVoyageNumber", max_length=50) or reader.text(
        f"{path}.carrierVoyageNumber", max_length=50
    )
    return TransportCall(
        transport_call_id=reader.text(f"{path}.transportCallID", max_length=100),
        carrier_service_code=reader.text(f"{path}.carrierServiceCode", max_length=5),
        export_voyage_number=export_voyage,
        import_voyage_number=reader.text(f"{path}.importVoyageNumber", max_length=50),
        un_location_code=reader.checked(f"{path}.UNLocationCode", unlocode_validate)
        or reader.checked(f"{path}.location.UNLocationCode", unlocode_validate),
        facility_code=reader.text(f"{path}.facilityCode", max_length=6),
        facility_type_code=reader.text(f"{path}.facilityTypeCode", allowed=FACILITY_TYPES),
        mode_of_transport=reader.text(f"{path}.modeOfTransport", allowed=MODES_OF_TRANSPORT),
        vessel=_vessel(reader, f"{path}.vessel"),
    )


def _seals(reader: _Reader) -> tuple[Seal, ...]:
    seals = []
    for position in reader.items("seals"):
        path = f"seals.{position}"
        number = reader.text(f"{path}.sealNumber", required=True, max_length=15)
        source = reader.text(f"{path}.sealSource", allowed=SEAL_SOURCES)
        kind = reader.text(f"{path}.sealType", max_length=5)
        if number:
            seals.append(Seal(number=number, source=source, type=kind))
    return tuple(seals)


def _event(reader: _Reader) -> TrackingEventData | None:
    """One event, or None when anything in it is wrong (the reasons are in reader.errors)."""
    if not isinstance(reader.data, Mapping):
        reader.error("", _("Must be an object with the event's fields."))
        return None
    before = len(reader.errors)
    event_type = reader.text("eventType", required=True, allowed=EVENT_TYPES)
    classifier = reader.text("eventClassifierCode", required=True, allowed=CLASSIFIERS)
    when = reader.moment("eventDateTime", required=True)
    values: dict[str, Any] = {
        "event_id": reader.text("eventID", max_length=100),
        "created_datetime": reader.moment("eventCreatedDateTime"),
        "document_references": reader.pairs(
            "documentReferences", "documentReferenceType", "documentReferenceValue"
        ),
        "references": reader.pairs("references", "referenceType", "referenceValue"),
    }
    type_code = None
    if event_type:
        code_field, codes = _TYPE_FIELD[event_type]
        type_code = reader.text(code_field, required=True, allowed=codes)
        values.update(_KIND_READERS[event_type](reader, when, values["created_datetime"]))
    if len(reader.errors) > before:
        return None
    assert event_type and classifier and type_code and when  # no error means all are there
    return TrackingEventData(
        event_type=event_type,
        classifier=classifier,
        type_code=type_code,
        event_datetime=when,
        **values,
    )


def _equipment(reader: _Reader, when: datetime | None, created: datetime | None) -> dict[str, Any]:
    # DCSA 2.2 requires emptyIndicatorCode, but visibility providers often leave it out;
    # it is checked when present and its absence does not lose the container's move.
    call = _transport_call(reader, required=False)
    location = reader.checked("eventLocation.UNLocationCode", unlocode_validate)
    reference = None
    if reader.text("equipmentReference", required=True):
        reference = reader.checked("equipmentReference", equipment_reference_validate)
    return {
        "equipment_reference": reference,
        "iso_equipment_code": reader.text("ISOEquipmentCode", max_length=4),
        "empty_indicator": reader.text("emptyIndicatorCode", allowed=EMPTY_INDICATORS),
        "location": location or (call.un_location_code if call else None),
        "transport_call": call,
        "seals": _seals(reader),
    }


def _transport(reader: _Reader, when: datetime | None, created: datetime | None) -> dict[str, Any]:
    call = _transport_call(reader, required=True)
    return {
        "transport_call": call,
        "location": call.un_location_code if call else None,
        # SMDG delay reason codes are three characters.
        "delay_reason_code": reader.text("delayReasonCode", max_length=3),
    }


def _shipment(reader: _Reader, when: datetime | None, created: datetime | None) -> dict[str, Any]:
    # A shipment event reports a document's status when it changes: DCSA requires its
    # eventDateTime to equal eventCreatedDateTime.
    if when and created and when != created:
        reader.error(
            "eventDateTime",
            _("Must equal eventCreatedDateTime in a shipment event."),
        )
    return {
        "document_type_code": reader.text(
            "documentTypeCode", required=True, allowed=DOCUMENT_TYPE_CODES
        ),
        "document_id": reader.text("documentID", required=True, max_length=100),
        "reason": reader.text("reason", max_length=250),
    }


_KIND_READERS: dict[str, Callable[[_Reader, datetime | None, datetime | None], dict[str, Any]]] = {
    EQUIPMENT: _equipment,
    TRANSPORT: _transport,
    SHIPMENT: _shipment,
}


def parse_events(data: list[dict[str, Any]]) -> list[TrackingEventData]:
    """DCSA T&T events (a JSON array, already decoded) → checked events, in input order.

    Raises EventParseError with every problem of every event; no event is returned then,
    so a feed is taken whole or not at all.
    """
    if not isinstance(data, list):
        raise EventParseError([EventError(0, "", str(_("Must be a list of events.")))])
    errors: list[EventError] = []
    events = [_event(_Reader(index, item, errors)) for index, item in enumerate(data)]
    if errors:
        raise EventParseError(errors)
    return [event for event in events if event is not None]


def _unflatten(row: Mapping[str | None, str | None]) -> dict[str, Any]:
    """A CSV row with columns like "transportCall.vessel.vesselName" → the nested JSON shape.

    Empty cells are left out, as absent fields are in JSON; numbered parts
    ("seals.0.sealNumber") become lists.
    """
    result: dict[str, Any] = {}
    for column, value in row.items():
        if not column or value is None or not str(value).strip():
            continue
        *parents, last = column.strip().split(".")
        node = result
        for part in parents:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                break
            node = child
        else:
            node[last] = str(value).strip()
    return _lists(result)


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {key: _lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def parse_event_rows(rows: Iterable[Mapping[str | None, str | None]]) -> list[TrackingEventData]:
    """Events from table rows (e.g. csv.DictReader) whose columns are the JSON field paths.

    Error indexes count the data rows from 0 (the row after the header is 0).
    """
    return parse_events([_unflatten(row) for row in rows])


def read_event_csv(text: str) -> list[TrackingEventData]:
    """Events from the text of a CSV file with a header row of JSON field paths."""
    return parse_event_rows(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
