"""SOP templates over the REST API.

A template is read and written with the steps of its current version nested; changing
the steps makes a new version, and ``version`` (or ``If-Match``) is that version's number.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require
from gendan.accounts.models import Role
from gendan.api.concurrency import (
    Versioned,
    expected_version,
    if_match_check,
    require_version,
)
from gendan.api.schema import (
    ETAG,
    IF_MATCH,
    VALIDATION_ERROR,
    VERSION_HELP,
    VERSIONED_WRITE_ERRORS,
)
from gendan.catalog.models import Category
from gendan.customers.models import Customer
from gendan.customers.selectors import customers_visible

from ..api import FollowupViewSet, api_user
from ..models import (
    Anchor,
    CalendarSide,
    Evidence,
    SopStep,
    SopTemplate,
    SopTemplateVersion,
)
from .services import StepInput, sop_template_create, sop_template_save


class StepKeysField(serializers.ListField):
    """The steps a step depends on, as their keys."""

    child = serializers.CharField(max_length=50)

    def to_representation(self, data: Any) -> list[str]:
        return [step.key for step in data.all()]


class SopStepSerializer(serializers.ModelSerializer):
    depends_on = StepKeysField(
        required=False,
        max_length=100,
        help_text=_("Keys of the steps this one waits for."),
    )
    offset_days = serializers.IntegerField(
        min_value=-365,
        max_value=365,
        required=False,
        help_text=_("Working days after the anchor; negative counts back from the ship date."),
    )
    lead_days = serializers.IntegerField(
        min_value=0,
        max_value=365,
        required=False,
        help_text=_(
            "For steps counted from the confirmation or the ship date: working days needed "
            "once the steps it depends on are done."
        ),
    )

    class Meta:
        model = SopStep
        fields = [
            "key", "position", "name", "name_zh", "owner_role", "anchor", "offset_days",
            "lead_days", "depends_on", "evidence", "customer_visible", "calendar_side",
            "is_ship_step", "done_on_confirm", "message_template",
        ]  # fmt: skip
        read_only_fields = ["position"]
        extra_kwargs = {
            "key": {
                "required": False,
                "allow_blank": True,
                "help_text": _("Stable across versions; leave out to make one from the name."),
            },
            "name_zh": {"required": False, "allow_blank": True},
        }
        # A step's uniqueness is per version, which the service checks as a whole.
        validators: list[Any] = []


class SopTemplateVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SopTemplateVersion
        fields = ["number", "note", "created_at", "created_by"]
        read_only_fields = fields


class SopTemplateSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)
    # Declared so DRF adds no uniqueness check: a new default replaces the old one.
    is_default = serializers.BooleanField(
        required=False,
        help_text=_("Orders of customers and categories without a template of their own use it."),
    )
    customers = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Customer.objects.none(), required=False
    )
    categories = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Category.objects.all(), required=False
    )
    steps = SopStepSerializer(
        many=True,
        source="current_version.steps",
        allow_empty=False,
        max_length=100,  # type: ignore[call-arg]  # (DRF takes it; the stubs do not know)
        help_text=_(
            "The steps of the current version in order. Sending changed steps makes a new "
            "version; orders already planned keep theirs."
        ),
    )
    note = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=255,
        help_text=_("What changed, for the version history."),
    )
    versions = SopTemplateVersionSerializer(many=True, read_only=True)

    class Meta:
        model = SopTemplate
        fields = [
            "id", "name", "description", "is_default", "customers", "categories", "version",
            "note", "steps", "versions", "created_at",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.method not in SAFE_METHODS:
            # A list of ids: the choices live on the field each id is checked with.
            customers = cast(serializers.ManyRelatedField, self.fields["customers"])
            # The stubs type the attribute as QuerySet | Manager and mistake it for a descriptor.
            customers.child_relation.queryset = customers_visible(api_user(request))  # type: ignore[arg-type]


def _step_inputs(steps: list[dict[str, Any]]) -> list[StepInput]:
    return [
        StepInput(
            key=step.get("key") or "",
            name=step.get("name", ""),
            name_zh=step.get("name_zh", ""),
            owner_role=step.get("owner_role", Role.MERCHANDISER),
            anchor=step.get("anchor", Anchor.DEPENDENCIES),
            offset_days=step.get("offset_days", 0),
            depends_on=list(step.get("depends_on", [])),
            evidence=step.get("evidence", Evidence.NONE),
            customer_visible=step.get("customer_visible", False),
            lead_days=step.get("lead_days", 1),
            calendar_side=step.get("calendar_side", CalendarSide.FACTORY),
            is_ship_step=step.get("is_ship_step", False),
            done_on_confirm=step.get("done_on_confirm", False),
            message_template=step.get("message_template", ""),
        )
        for step in steps
    ]


def sop_templates_for_api() -> QuerySet[SopTemplate]:
    """Templates with their current steps and versions: a fixed number of queries for a page."""
    return (
        SopTemplate.objects.select_related("current_version")
        .annotate(version=F("current_version__number"))
        .prefetch_related(
            Prefetch(
                "current_version__steps",
                queryset=SopStep.objects.order_by("position").prefetch_related(
                    Prefetch("depends_on", queryset=SopStep.objects.only("id", "key").order_by())
                ),
            ),
            Prefetch("versions", queryset=SopTemplateVersion.objects.order_by("-number")),
            Prefetch("customers", queryset=Customer.objects.only("id")),
            Prefetch("categories", queryset=Category.objects.only("id")),
        )
    )


SOP_TEMPLATE_EXAMPLE = OpenApiExample(
    "Three steps: deposit, production, loading",
    request_only=True,
    value={
        "name": "Repeat orders (short)",
        "customers": [3],
        "note": "Repeat orders skip the pre-production sample",
        "steps": [
            {"key": "deposit", "name": "Deposit received", "name_zh": "收到定金",
             "owner_role": "finance", "anchor": "confirmed", "offset_days": 3, "evidence": "payment"},
            {"key": "production", "name": "Production finished", "name_zh": "生产完成",
             "anchor": "dependencies", "offset_days": 20, "depends_on": ["deposit"]},
            {"key": "loading", "name": "Loading / ETD", "name_zh": "装柜出运",
             "anchor": "ship_date", "offset_days": 0, "lead_days": 2,
             "depends_on": ["production"], "is_ship_step": True, "customer_visible": True},
        ],
    },
)  # fmt: skip


@extend_schema_view(
    retrieve=extend_schema(parameters=[ETAG]),
    create=extend_schema(
        parameters=[ETAG],
        responses={201: SopTemplateSerializer, 400: VALIDATION_ERROR},
        examples=[SOP_TEMPLATE_EXAMPLE],
    ),
    update=extend_schema(
        parameters=[IF_MATCH, ETAG],
        responses={200: SopTemplateSerializer, **VERSIONED_WRITE_ERRORS},
        examples=[SOP_TEMPLATE_EXAMPLE],
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH, ETAG],
        responses={200: SopTemplateSerializer, **VERSIONED_WRITE_ERRORS},
    ),
)
class SopTemplateViewSet(mixins.ListModelMixin, FollowupViewSet):
    """SOP templates: the steps orders are planned from. Everyone reads; managers change them."""

    serializer_class = SopTemplateSerializer
    model = SopTemplate

    def visible(self) -> QuerySet[SopTemplate]:
        # Templates are the company's, not a team's: every signed-in user reads them all.
        return sop_templates_for_api()

    def get_object(self) -> SopTemplate:
        return get_object_or_404(sop_templates_for_api(), pk=int(self.kwargs["pk"]))

    def _represent(self, pk: int, *, status_code: int = status.HTTP_200_OK) -> Response:
        template = get_object_or_404(sop_templates_for_api(), pk=pk)
        return self.versioned_representation(cast(Versioned, template), status_code=status_code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.versioned_representation(cast(Versioned, self.get_object()))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(self.user, "templates.manage")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        template = sop_template_create(
            actor=self.user,
            name=data["name"],
            description=data.get("description", ""),
            is_default=data.get("is_default", False),
            customers=data.get("customers", []),
            categories=data.get("categories", []),
            steps=_step_inputs(data["current_version"]["steps"]),
        )
        return self._represent(template.pk, status_code=status.HTTP_201_CREATED)

    def update(
        self, request: Request, *args: Any, partial: bool = False, **kwargs: Any
    ) -> Response:
        require(self.user, "templates.manage")
        template = self.get_object()
        if_match = if_match_check(request, cast(Versioned, template))
        require_version(request)
        serializer = self.get_serializer(template, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        steps = data.get("current_version", {}).get("steps")
        sop_template_save(
            actor=self.user,
            template=template,
            name=data.get("name", template.name),
            description=data.get("description", template.description),
            is_default=data.get("is_default", template.is_default),
            customers=data.get("customers", list(template.customers.all())),
            categories=data.get("categories", list(template.categories.all())),
            steps=_step_inputs(steps) if steps is not None else None,
            note=data.get("note", ""),
            expected_version=expected_version(body_version=data.get("version"), if_match=if_match),
        )
        return self._represent(template.pk)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)
