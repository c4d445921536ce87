"""OpenAPI pieces shared by every resource: concurrency headers and error bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers

T = TypeVar("T")

VERSION_HELP = _(
    "Read: the record's version. Write: the version your change is based on; "
    "409 Conflict if the record has been changed since."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=_(
        'The ETag of the copy you changed, e.g. "3"; 412 when the record has changed since. '
        'A write needs this header or "version" in the body (428 without either); '
        '"*" accepts overwriting whatever version is stored.'
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    type=str,
    location=OpenApiParameter.HEADER,
    response=[200, 201],
    description=_('The record\'s version, e.g. "3"; send it back in If-Match when you change it.'),
)

_conflict = inline_serializer(
    name="VersionConflict",
    fields={
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "current_version": serializers.IntegerField(),
    },
)
VALIDATION_ERROR = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=_("The fields in error, each with its messages, as {field: [message, ...]}."),
)
CONFLICT = OpenApiResponse(_conflict, description=_("The body's version is not the stored one."))
PRECONDITION_FAILED = OpenApiResponse(
    _conflict, description=_("If-Match does not name the stored version.")
)
PRECONDITION_REQUIRED = OpenApiResponse(
    inline_serializer(
        name="VersionRequired",
        fields={"detail": serializers.CharField(), "code": serializers.CharField()},
    ),
    description=_(
        'The write names no version: send the ETag in If-Match or "version" in the body.'
    ),
)

# Responses of a write to a versioned record besides its success.
VERSIONED_WRITE_ERRORS = {
    400: VALIDATION_ERROR,
    409: CONFLICT,
    412: PRECONDITION_FAILED,
    428: PRECONDITION_REQUIRED,
}


class DecimalStringExtension(OpenApiSerializerFieldExtension):
    """Decimals travel as strings such as "12.50".

    drf-spectacular's own pattern also admits "", "." and "-", which no decimal field
    accepts; this one requires a digit, and a sign only where negatives are allowed.
    """

    target_class = "rest_framework.fields.DecimalField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        field = self.target
        schema: dict[str, Any] = {"type": "string", "format": "decimal"}
        if field.max_whole_digits is not None:
            sign = "-?" if field.min_value is None or field.min_value < 0 else ""
            whole = rf"\d{{1,{field.max_whole_digits}}}" if field.max_whole_digits else "0"
            places = rf"(?:\.\d{{1,{field.decimal_places}}})?" if field.decimal_places else ""
            schema["pattern"] = rf"^{sign}{whole}{places}$"
        return schema


def record_schema_view(
    serializer: type[serializers.Serializer],
    *,
    versioned: bool = True,
    examples: list[OpenApiExample] | None = None,
    destroy_may_fail: bool = True,
) -> Callable[[T], T]:
    """The schema of a ``RecordViewSet``'s writes: their headers, bodies and errors.

    ``examples`` illustrate the create and full update bodies; ``destroy_may_fail`` says
    a delete may be refused with validation errors.
    """
    write_examples: dict[str, Any] = {"examples": examples} if examples else {}
    if not versioned:
        return cast(
            "Callable[[T], T]",
            extend_schema_view(
                create=extend_schema(responses={201: serializer, 400: VALIDATION_ERROR}),
                update=extend_schema(responses={200: serializer, 400: VALIDATION_ERROR}),
                partial_update=extend_schema(responses={200: serializer, 400: VALIDATION_ERROR}),
            ),
        )
    # A delete names its version like any write; 400 also when the service may refuse it.
    destroy_responses: dict[str, Any] = {
        "responses": {204: None, **VERSIONED_WRITE_ERRORS}
        if destroy_may_fail
        else {204: None, 409: CONFLICT, 412: PRECONDITION_FAILED, 428: PRECONDITION_REQUIRED}
    }
    view = extend_schema_view(
        retrieve=extend_schema(parameters=[ETAG]),
        create=extend_schema(
            parameters=[ETAG],
            responses={201: serializer, 400: VALIDATION_ERROR},
            **write_examples,
        ),
        update=extend_schema(
            parameters=[IF_MATCH, ETAG],
            responses={200: serializer, **VERSIONED_WRITE_ERRORS},
            **write_examples,
        ),
        partial_update=extend_schema(
            parameters=[IF_MATCH, ETAG], responses={200: serializer, **VERSIONED_WRITE_ERRORS}
        ),
        destroy=extend_schema(parameters=[IF_MATCH], **destroy_responses),
    )
    return cast("Callable[[T], T]", view)
