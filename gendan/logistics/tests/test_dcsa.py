"""DCSA T&T events: a 40' high-cube FCL export from Ningbo to Hamburg (REFERENCE.md §4.1).

The sequence follows the reference's mapping of a typical FCL export: empty GTOT at the
depot → STUF at the factory → laden GTIN at the port of loading → LOAD → vessel DEPA →
vessel ARRI at the port of discharge → DISC → laden GTOT → STRP at the consignee → empty
GTIN at the depot, with the booking, shipping instruction, VGM and B/L shipment events.
"""

import copy
import csv
import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from gendan.logistics.containers import ShippingReferenceError
from gendan.logistics.dcsa import (
    EQUIPMENT_EVENT_CODES,
    EventParseError,
    TrackingEventData,
    imo_number_validate,
    parse_event_rows,
    parse_events,
    read_event_csv,
)

CONTAINER = "CSQU3054383"
BOOKING = "NGB2603001234"
BL = "MAEU260300123"
CALL_NINGBO = {
    "transportCallID": "8b64d20b-523b-4491-b2e5-32cfa5174eed",
    "carrierServiceCode": "AE7",
    "exportVoyageNumber": "612W",
    "importVoyageNumber": "612W",
    "UNLocationCode": "CNNGB",
    "facilityCode": "NBCT",
    "facilityCodeListProvider": "SMDG",
    "facilityTypeCode": "POTE",
    "modeOfTransport": "VESSEL",
    "vessel": {
        "vesselIMONumber": "9811000",
        "vesselName": "EVER GIVEN",
        "vesselFlag": "PA",
        "vesselCallSignNumber": "H3RC",
        "vesselOperatorCarrierCode": "EGLV",
        "vesselOperatorCarrierCodeListProvider": "NMFTA",
    },
}
CALL_HAMBURG = {
    **CALL_NINGBO,
    "UNLocationCode": "DEHAM",
    "facilityCode": "CTA",
    "transportCallID": "c2b9f1e4-7f0a-4c9b-a4a9-0c44d0d9a1b7",
}


def _shipment(code, document_type, document_id, when):
    return {
        "eventID": f"shipment-{document_type}-{code}",
        "eventType": "SHIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": when,
        "eventCreatedDateTime": when,
        "shipmentEventTypeCode": code,
        "documentTypeCode": document_type,
        "documentID": document_id,
    }


def _equipment(code, empty, locode, when, **extra):
    return {
        "eventID": f"equipment-{code}-{locode}-{empty}",
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": when,
        "eventCreatedDateTime": when,
        "equipmentEventTypeCode": code,
        "equipmentReference": CONTAINER,
        "ISOEquipmentCode": "45G1",
        "emptyIndicatorCode": empty,
        "eventLocation": {"UNLocationCode": locode},
        "documentReferences": [{"documentReferenceType": "BKG", "documentReferenceValue": BOOKING}],
        "references": [{"referenceType": "PO", "referenceValue": "PO-2026-0042"}],
        **extra,
    }


def _transport(code, classifier, call, when):
    return {
        "eventID": f"transport-{code}-{classifier}-{call['UNLocationCode']}",
        "eventType": "TRANSPORT",
        "eventClassifierCode": classifier,
        "eventDateTime": when,
        "eventCreatedDateTime": "2026-03-01T09:00:00+08:00",
        "transportEventTypeCode": code,
        "transportCall": call,
    }


SEALS = [{"sealNumber": "EG1234567", "sealSource": "CAR", "sealType": "BLT"}]

FCL_EXPORT = [
    _shipment("RECE", "BKG", BOOKING, "2026-03-01T09:00:00+08:00"),
    _shipment("CONF", "BKG", BOOKING, "2026-03-02T10:15:00+08:00"),
    _equipment("GTOT", "EMPTY", "CNNGB", "2026-03-10T08:00:00+08:00"),
    _equipment("STUF", "LADEN", "CNNGB", "2026-03-10T15:30:00+08:00", seals=SEALS),
    _shipment("RECE", "SHI", BOOKING, "2026-03-11T11:00:00+08:00"),
    _shipment("RECE", "VGM", BOOKING, "2026-03-11T12:00:00+08:00"),
    _equipment("GTIN", "LADEN", "CNNGB", "2026-03-11T21:40:00+08:00", seals=SEALS),
    _transport("DEPA", "PLN", CALL_NINGBO, "2026-03-14T18:00:00+08:00"),
    _transport("DEPA", "EST", CALL_NINGBO, "2026-03-15T02:00:00+08:00"),
    _equipment("LOAD", "LADEN", "CNNGB", "2026-03-14T23:10:00+08:00", transportCall=CALL_NINGBO),
    _transport("DEPA", "ACT", CALL_NINGBO, "2026-03-15T03:25:00+08:00"),
    _shipment("DRFT", "TRD", BL, "2026-03-15T10:00:00+08:00"),
    _shipment("APPR", "TRD", BL, "2026-03-16T09:30:00+08:00"),
    _shipment("ISSU", "TRD", BL, "2026-03-16T16:00:00+08:00"),
    _transport("ARRI", "EST", CALL_HAMBURG, "2026-04-20T06:00:00+02:00"),
    _transport("ARRI", "ACT", CALL_HAMBURG, "2026-04-21T05:45:00+02:00"),
    _equipment("DISC", "LADEN", "DEHAM", "2026-04-21T14:20:00+02:00", transportCall=CALL_HAMBURG),
    _shipment("SURR", "TRD", BL, "2026-04-22T09:00:00+02:00"),
    _equipment("GTOT", "LADEN", "DEHAM", "2026-04-23T07:50:00+02:00"),
    _equipment("STRP", "LADEN", "DEHAM", "2026-04-24T10:00:00+02:00"),
    _equipment("GTIN", "EMPTY", "DEHAM", "2026-04-25T16:30:00+02:00"),
]


@pytest.fixture
def events() -> list[TrackingEventData]:
    return parse_events(copy.deepcopy(FCL_EXPORT))


def test_the_fcl_export_reads_whole_and_in_order(events):
    assert [(e.event_type[0], e.classifier, e.type_code) for e in events] == [
        ("S", "ACT", "RECE"),
        ("S", "ACT", "CONF"),
        ("E", "ACT", "GTOT"),
        ("E", "ACT", "STUF"),
        ("S", "ACT", "RECE"),
        ("S", "ACT", "RECE"),
        ("E", "ACT", "GTIN"),
        ("T", "PLN", "DEPA"),
        ("T", "EST", "DEPA"),
        ("E", "ACT", "LOAD"),
        ("T", "ACT", "DEPA"),
        ("S", "ACT", "DRFT"),
        ("S", "ACT", "APPR"),
        ("S", "ACT", "ISSU"),
        ("T", "EST", "ARRI"),
        ("T", "ACT", "ARRI"),
        ("E", "ACT", "DISC"),
        ("S", "ACT", "SURR"),
        ("E", "ACT", "GTOT"),
        ("E", "ACT", "STRP"),
        ("E", "ACT", "GTIN"),
    ]


def test_the_container_moves_as_the_reference_maps_an_fcl_export(events):
    moves = [
        (e.type_code, e.empty_indicator, e.location) for e in events if e.event_type == "EQUIPMENT"
    ]
    assert moves == [
        ("GTOT", "EMPTY", "CNNGB"),
        ("STUF", "LADEN", "CNNGB"),
        ("GTIN", "LADEN", "CNNGB"),
        ("LOAD", "LADEN", "CNNGB"),
        ("DISC", "LADEN", "DEHAM"),
        ("GTOT", "LADEN", "DEHAM"),
        ("STRP", "LADEN", "DEHAM"),
        ("GTIN", "EMPTY", "DEHAM"),
    ]
    assert {e.equipment_reference for e in events if e.event_type == "EQUIPMENT"} == {CONTAINER}


def test_the_b_l_goes_draft_approved_issued_surrendered(events):
    assert [e.type_code for e in events if e.document_type_code == "TRD"] == [
        "DRFT",
        "APPR",
        "ISSU",
        "SURR",
    ]
    assert {e.document_id for e in events if e.document_type_code == "TRD"} == {BL}


def test_actual_departure_and_arrival_with_vessel_and_voyage(events):
    atd = next(e for e in events if e.type_code == "DEPA" and e.classifier == "ACT")
    ata = next(e for e in events if e.type_code == "ARRI" and e.classifier == "ACT")
    assert atd.event_datetime == datetime(2026, 3, 14, 19, 25, tzinfo=UTC)
    assert (atd.location, ata.location) == ("CNNGB", "DEHAM")
    assert (atd.vessel_name, atd.voyage_number) == ("EVER GIVEN", "612W")
    assert atd.transport_call.vessel.imo_number == "9811000"
    assert atd.transport_call.mode_of_transport == "VESSEL"
    assert atd.transport_call.facility_type_code == "POTE"


def test_times_are_aware_and_keep_their_offset(events):
    for event in events:
        assert event.event_datetime.utcoffset() is not None
    assert events[2].event_datetime.utcoffset() == timedelta(hours=8)
    assert events[-1].event_datetime.utcoffset() == timedelta(hours=2)


def test_seals_and_references(events):
    stuffed = events[3]
    assert stuffed.seals[0].number == "EG1234567"
    assert (stuffed.seals[0].source, stuffed.seals[0].type) == ("CAR", "BLT")
    assert stuffed.document_references == (("BKG", BOOKING),)
    assert stuffed.references == (("PO", "PO-2026-0042"),)
    assert stuffed.iso_equipment_code == "45G1"


def test_equipment_location_falls_back_on_the_transport_call():
    event = _equipment(
        "LOAD", "LADEN", "CNNGB", "2026-03-14T23:10:00+08:00", transportCall=CALL_NINGBO
    )
    del event["eventLocation"]
    assert parse_events([event])[0].location == "CNNGB"


def test_deprecated_carrier_voyage_number_is_read():
    call = {k: v for k, v in CALL_NINGBO.items() if not k.endswith("VoyageNumber")}
    call["carrierVoyageNumber"] = "611W"
    event = parse_events([_transport("DEPA", "ACT", call, "2026-03-15T03:25:00+08:00")])[0]
    assert event.voyage_number == "611W"


# --- event_key -----------------------------------------------------------------------


def test_every_event_of_the_export_has_its_own_key(events):
    keys = [event.event_key for event in events]
    assert len(set(keys)) == len(keys)
    assert all(len(key) == 32 for key in keys)


def test_the_same_event_twice_has_the_same_key(events):
    again = parse_events(copy.deepcopy(FCL_EXPORT))
    assert [e.event_key for e in again] == [e.event_key for e in events]


def test_key_ignores_the_message_id_and_how_the_time_is_written():
    event = _equipment("LOAD", "LADEN", "CNNGB", "2026-03-14T23:10:00+08:00")
    resent = {**event, "eventID": "another-message", "eventDateTime": "2026-03-14T15:10:00Z"}
    resent["eventCreatedDateTime"] = "2026-03-15T00:00:00Z"
    first, second = parse_events([event, resent])
    assert first.event_key == second.event_key


def test_key_ignores_details_one_source_leaves_out():
    bare = _equipment("LOAD", "LADEN", "CNNGB", "2026-03-14T23:10:00+08:00")
    detailed = {**bare, "transportCall": CALL_NINGBO, "seals": SEALS}
    del bare["emptyIndicatorCode"], bare["references"]
    first, second = parse_events([bare, detailed])
    assert first.event_key == second.event_key


@pytest.mark.parametrize(
    ("change", "same"),
    [
        # Known by name only: cannot be matched to its IMO number without a vessel register.
        ({"transportCall": {**CALL_NINGBO, "vessel": {"vesselName": "EVER GIVEN"}}}, False),
        ({"transportCall": {**CALL_NINGBO, "exportVoyageNumber": "613W"}}, True),
        ({"transportCall": {**CALL_NINGBO, "vessel": {"vesselIMONumber": "9074729"}}}, False),
        ({"eventCreatedDateTime": "2026-03-20T00:00:00Z", "eventID": "x"}, True),
    ],
)
def test_transport_key_follows_the_vessel(change, same):
    event = FCL_EXPORT[10]
    first, second = parse_events([event, {**event, **change}])
    assert (first.event_key == second.event_key) is same


def test_shipment_key_follows_the_document():
    event = FCL_EXPORT[0]
    first, second = parse_events([event, {**event, "documentID": "NGB2603009999"}])
    assert first.event_key != second.event_key


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("eventClassifierCode", "EST"),
        ("eventDateTime", "2026-03-14T23:11:00+08:00"),
        ("equipmentEventTypeCode", "DISC"),
        ("equipmentReference", "APZU4812090"),
        ("eventLocation", {"UNLocationCode": "CNSHA"}),
    ],
)
def test_key_changes_with_what_happened(field, value):
    event = _equipment("LOAD", "LADEN", "CNNGB", "2026-03-14T23:10:00+08:00")
    first, second = parse_events([event, {**event, field: value}])
    assert first.event_key != second.event_key


# --- CSV -----------------------------------------------------------------------------


def _flatten(data, prefix=""):
    """The test's own flattening of JSON into CSV columns named by path."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    columns = {}
    for key, value in items:
        path = f"{prefix}{key}"
        if isinstance(value, dict | list):
            columns.update(_flatten(value, path + "."))
        else:
            columns[path] = value
    return columns


def _csv(rows):
    columns = []
    for row in rows:
        columns.extend(column for column in row if column not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_csv_with_the_same_columns_gives_the_same_events(events):
    text = _csv([_flatten(event) for event in FCL_EXPORT])
    assert "transportCall.vessel.vesselName" in text.splitlines()[0]
    assert "seals.0.sealNumber" in text.splitlines()[0]
    assert read_event_csv(text) == events
    assert read_event_csv("\ufeff" + text) == events


def test_csv_rows_with_a_few_columns():
    rows = [
        {
            "eventType": "equipment",
            "eventClassifierCode": "act",
            "eventDateTime": "2026-03-14T23:10:00+08:00",
            "equipmentEventTypeCode": "load",
            "equipmentReference": "csqu 305438 3",
            "eventLocation.UNLocationCode": "cn ngb",
            "emptyIndicatorCode": "",
            "transportCall.exportVoyageNumber": "",
        }
    ]
    (event,) = parse_event_rows(rows)
    assert (event.event_type, event.type_code, event.equipment_reference) == (
        "EQUIPMENT",
        "LOAD",
        CONTAINER,
    )
    assert (event.location, event.empty_indicator, event.transport_call) == ("CNNGB", None, None)


def test_csv_errors_count_data_rows_from_zero():
    text = "eventType,eventClassifierCode,eventDateTime,transportEventTypeCode\n"
    text += "TRANSPORT,ACT,2026-03-15T03:25:00+08:00,DEPA\n"
    with pytest.raises(EventParseError) as raised:
        read_event_csv(text)
    assert [(e.index, e.field) for e in raised.value.errors] == [(0, "transportCall")]


# --- errors --------------------------------------------------------------------------


def _errors(data):
    with pytest.raises(EventParseError) as raised:
        parse_events(data)
    return raised.value.errors


def test_every_bad_event_is_reported_with_its_index_and_field():
    good = FCL_EXPORT[2]
    bad_type = {**good, "eventType": "CONTAINER"}
    bad_time = {**good, "eventDateTime": "2026-03-10T08:00:00"}
    bad_box = {
        **good,
        "equipmentReference": "CSQU3054384",
        "eventLocation": {"UNLocationCode": "XXNGB"},
    }
    errors = _errors([good, bad_type, good, bad_time, bad_box])
    assert [(e.index, e.field) for e in errors] == [
        (1, "eventType"),
        (3, "eventDateTime"),
        (4, "eventLocation.UNLocationCode"),
        (4, "equipmentReference"),
    ]
    assert "SHIPMENT, TRANSPORT, EQUIPMENT" in errors[0].message
    assert "no UTC offset" in errors[1].message
    assert "ISO 3166" in errors[2].message
    assert errors[3].message == "The check digit of CSQU3054384 should be 3."
    assert (
        str(errors[3]) == "Event 4, equipmentReference: The check digit of CSQU3054384 should be 3."
    )


def test_the_exception_lists_every_error():
    with pytest.raises(EventParseError) as raised:
        parse_events([{}, {"eventType": "TRANSPORT"}])
    text = str(raised.value)
    assert "Event 0, eventType: Missing" in text
    assert "Event 1, transportEventTypeCode: Missing" in text
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"eventClassifierCode": "REQ"}, "eventClassifierCode", "PLN, EST, ACT"),
        ({"equipmentEventTypeCode": "ARRI"}, "equipmentEventTypeCode", "LOAD, DISC, GTIN, GTOT"),
        ({"emptyIndicatorCode": "FULL"}, "emptyIndicatorCode", "EMPTY, LADEN"),
        ({"eventDateTime": "10/03/2026 08:00"}, "eventDateTime", "2026-03-01T08:30:00+08:00"),
        ({"eventDateTime": None}, "eventDateTime", "Missing"),
        ({"equipmentReference": None}, "equipmentReference", "Missing"),
        ({"equipmentReference": "ABCDEFGHIJKLMNOP"}, "equipmentReference", "up to 15"),
        ({"ISOEquipmentCode": "45G1X"}, "ISOEquipmentCode", "longer than 4"),
        ({"eventLocation": {"UNLocationCode": "NGB"}}, "eventLocation.UNLocationCode", "UN/LOCODE"),
        ({"seals": [{"sealSource": "CAR"}]}, "seals.0.sealNumber", "Missing"),
        ({"seals": [{"sealNumber": "1", "sealSource": "XXX"}]}, "seals.0.sealSource", "CAR, SHI"),
        ({"seals": "EG1234567"}, "seals", "list"),
        ({"references": [{"referenceType": "PO"}]}, "references.0.referenceValue", "Missing"),
        ({"equipmentReference": {"no": 1}}, "equipmentReference", "text"),
        ({"transportCall": "612W"}, "transportCall", "object"),
    ],
)
def test_bad_equipment_fields(change, field, words):
    event = {**FCL_EXPORT[2], **change}
    errors = _errors([event])
    assert [e.field for e in errors] == [field]
    assert words in errors[0].message


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"transportCall": None}, "transportCall", "Missing"),
        ({"transportEventTypeCode": "LOAD"}, "transportEventTypeCode", "ARRI, DEPA"),
        (
            {"transportCall": {**CALL_NINGBO, "modeOfTransport": "PLANE"}},
            "transportCall.modeOfTransport",
            "VESSEL, RAIL, TRUCK, BARGE",
        ),
        (
            {"transportCall": {**CALL_NINGBO, "facilityTypeCode": "PORT"}},
            "transportCall.facilityTypeCode",
            "POTE",
        ),
        (
            {"transportCall": {**CALL_NINGBO, "UNLocationCode": "CN NG1"}},
            "transportCall.UNLocationCode",
            "UN/LOCODE",
        ),
        (
            {"transportCall": {**CALL_NINGBO, "carrierServiceCode": "AE7LONG"}},
            "transportCall.carrierServiceCode",
            "longer than 5",
        ),
        (
            {"transportCall": {**CALL_NINGBO, "vessel": {"vesselIMONumber": "9811001"}}},
            "transportCall.vessel.vesselIMONumber",
            "IMO number",
        ),
        ({"delayReasonCode": "WEATHER"}, "delayReasonCode", "longer than 3"),
    ],
)
def test_bad_transport_fields(change, field, words):
    event = {**FCL_EXPORT[10], **change}
    errors = _errors([event])
    assert [e.field for e in errors] == [field]
    assert words in errors[0].message


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"documentTypeCode": "XYZ"}, "documentTypeCode", "CBR, BKG, SHI"),
        ({"documentTypeCode": None}, "documentTypeCode", "Missing"),
        ({"documentID": None}, "documentID", "Missing"),
        ({"shipmentEventTypeCode": "LOAD"}, "shipmentEventTypeCode", "RECE, DRFT"),
        (
            {"eventCreatedDateTime": "2026-03-01T09:05:00+08:00"},
            "eventDateTime",
            "eventCreatedDateTime",
        ),
        ({"reason": "x" * 251}, "reason", "250"),
    ],
)
def test_bad_shipment_fields(change, field, words):
    event = {**FCL_EXPORT[0], **change}
    errors = _errors([event])
    assert [e.field for e in errors] == [field]
    assert words in errors[0].message


def test_shipment_time_equal_to_creation_in_another_offset_is_fine():
    event = {**FCL_EXPORT[0], "eventCreatedDateTime": "2026-03-01T01:00:00Z"}
    assert parse_events([event])[0].created_datetime == datetime(2026, 3, 1, 1, tzinfo=UTC)


def test_an_item_that_is_not_an_object():
    errors = _errors([FCL_EXPORT[0], "LOAD"])
    assert [(e.index, e.field) for e in errors] == [(1, "")]


def test_not_a_list():
    with pytest.raises(EventParseError):
        parse_events({"events": FCL_EXPORT})


@pytest.mark.parametrize("code", EQUIPMENT_EVENT_CODES)
def test_every_equipment_code_of_2_2_and_3_0_reads(code):
    event = {**FCL_EXPORT[2], "equipmentEventTypeCode": code.lower()}
    assert parse_events([event])[0].type_code == code


@pytest.mark.parametrize("code", ["PENC", "CANC", "RELS", "HOLD"])
def test_later_shipment_codes_read(code):
    assert parse_events([{**FCL_EXPORT[0], "shipmentEventTypeCode": code}])[0].type_code == code


def test_equipment_reference_of_another_scheme_is_kept():
    event = {**FCL_EXPORT[2], "equipmentReference": "TRAILER 42"}
    assert parse_events([event])[0].equipment_reference == "TRAILER42"


@pytest.mark.parametrize(("text", "number"), [("9811000", "9811000"), ("IMO 9074729", "9074729")])
def test_imo_numbers(text, number):
    assert imo_number_validate(text) == number


@pytest.mark.parametrize("text", ["9811001", "981100", "98110000", "ABCDEFG", ""])
def test_bad_imo_numbers(text):
    with pytest.raises(ShippingReferenceError):
        imo_number_validate(text)


def test_datetime_zone_from_a_fixed_offset_compares_as_an_instant(events):
    local = events[2].event_datetime.astimezone(timezone(timedelta(hours=8)))
    assert local.hour == 8 and local == events[2].event_datetime


def test_blank_text_counts_as_missing():
    errors = _errors([{**FCL_EXPORT[0], "documentID": "   "}])
    assert [(e.field, e.message) for e in errors] == [
        ("documentID", "Missing; this event needs it.")
    ]
