"""The follow-up over the REST API: an order's milestones, tasks, delay warnings (SOP
templates are in ``setup.api``).

Reads come from the selectors and writes from the services, the same as the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import django_filters.rest_framework as filters
from django.db.models import Model, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require, scope_to_user
from gendan.accounts.models import Team, User
from gendan.accounts.selectors import teams_visible
from gendan.api.filters import StrictBooleanFilter
from gendan.api.pagination import CursorPagination
from gendan.api.schema import (
    VALIDATION_ERROR,
)
from gendan.api.serializers import limit_choices
from gendan.api.viewsets import ApiViewSet
from gendan.orders.models import Order
from gendan.orders.selectors import orders_visible

from .models import (
    DelayWarning,
    Evidence,
    Milestone,
    MilestoneEvidence,
    MilestoneStatus,
    Task,
)
from .selectors import milestone_get_for_user, task_get_for_user
from .services import (
    milestone_complete,
    milestone_reschedule,
    milestone_set_status,
    task_create,
    task_set_done,
)

# A forecast further out than this is a typing error, not a plan.
MAX_FORECAST_YEARS = 5


def api_user(request: Request) -> User:
    """The signed-in user of an API request (every endpoint requires authentication)."""
    return cast(User, request.user)


def _visible_orders(request: Request | None) -> QuerySet[Order]:
    if request is None:
        return Order.objects.none()
    return orders_visible(api_user(request))


def _visible_teams(request: Request | None) -> QuerySet[Team]:
    if request is None:
        return Team.objects.none()
    return teams_visible(api_user(request))


class FollowupViewSet(ApiViewSet):
    """A follow-up resource: the rows the signed-in user may see (none for the schema)."""

    model: type[Model]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.model._default_manager.none()
        return self.visible()

    def visible(self) -> QuerySet[Any]:
        raise NotImplementedError


def _validated(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The request's body checked by ``serializer_class``; a 400 when it does not fit."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- Milestones -----------------------------------------------------------------------
@extend_schema_field(
    {"type": "string", "format": "uri-reference", "nullable": True, "readOnly": True}
)
class EvidenceUrlField(serializers.Field):
    """Where the file downloads, when the page that serves evidence files is installed."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="pk", read_only=True, **kwargs)

    def to_representation(self, value: int) -> str | None:
        for name in ("followup:evidence", "followup:evidence_download"):
            try:
                return reverse(name, args=[value])
            except NoReverseMatch:
                continue
        return None


class MilestoneEvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = EvidenceUrlField()

    class Meta:
        model = MilestoneEvidence
        fields = ["id", "name", "size", "uploaded_at", "url"]
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="step.key", read_only=True)
    name = serializers.CharField(source="step.name", read_only=True)
    name_zh = serializers.CharField(source="step.name_zh", read_only=True)
    owner_name = serializers.CharField(source="owner", read_only=True, allow_null=True)
    depends_on: serializers.PrimaryKeyRelatedField[Milestone] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Ids of the milestones this one waits for.")
    )
    evidence_required = serializers.ChoiceField(
        source="step.evidence", choices=Evidence.choices, read_only=True
    )
    evidence = MilestoneEvidenceSerializer(source="evidence_files", many=True, read_only=True)
    customer_visible = serializers.BooleanField(source="step.customer_visible", read_only=True)
    is_ship_step = serializers.BooleanField(source="step.is_ship_step", read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id", "order", "key", "name", "name_zh", "position", "owner", "owner_name",
            "planned_date", "forecast_date", "actual_date", "status", "skip_reason", "note",
            "depends_on", "evidence_required", "evidence", "on_critical_chain",
            "customer_visible", "is_ship_step",
        ]  # fmt: skip
        read_only_fields = fields


def milestones_for_api(qs: QuerySet[Milestone]) -> QuerySet[Milestone]:
    """Milestones with their step, owner, dependencies and files: four queries a page."""
    return qs.select_related("step", "owner").prefetch_related(
        Prefetch("depends_on", queryset=Milestone.objects.only("id").order_by("position")),
        Prefetch("evidence_files", queryset=MilestoneEvidence.objects.order_by("uploaded_at")),
    )


def _with_files(data: dict[str, Any]) -> dict[str, Any]:
    """The completion's fields with its evidence, if any, as the list of files the service takes."""
    evidence = data.pop("evidence", None)
    return {**data, "files": [evidence] if evidence else []}


class MilestoneCompleteSerializer(serializers.Serializer):
    actual_date = serializers.DateField(
        help_text=_("The day the step was done; not in the future.")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    evidence = serializers.FileField(
        required=False,
        allow_empty_file=False,
        max_length=255,
        help_text=_("A photo or document (multipart/form-data); steps that need a file need it."),
    )


class MilestoneRescheduleSerializer(serializers.Serializer):
    forecast_date = serializers.DateField(
        help_text=_("The new expected date; a date before the plan means back to plan.")
    )
    reason = serializers.CharField(
        allow_blank=True,
        max_length=255,
        help_text=_("Why the date moves; the team and the manager see it."),
    )

    def validate_forecast_date(self, value: dt.date) -> dt.date:
        latest = timezone.localdate() + dt.timedelta(days=365 * MAX_FORECAST_YEARS)
        if value > latest:
            raise serializers.ValidationError(
                _("That is more than %(years)s years away.") % {"years": MAX_FORECAST_YEARS}
            )
        return value


# The statuses a step may be set to; "done" goes through complete. (Named in the schema
# by settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].)
STATUS_CHANGES = [
    (MilestoneStatus.PENDING.value, MilestoneStatus.PENDING.label),
    (MilestoneStatus.IN_PROGRESS.value, MilestoneStatus.IN_PROGRESS.label),
    (MilestoneStatus.SKIPPED.value, MilestoneStatus.SKIPPED.label),
]


class MilestoneStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=STATUS_CHANGES,
        help_text=_("Start, skip (with a reason) or reopen a step; finish it with complete."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=255)


class MilestonePagination(CursorPagination):
    # An order's steps in their order; a template has a few dozen at most.
    page_size = 100
    ordering = "position"  # unique within an order


ORDER_PK = OpenApiParameter(
    "order_pk", int, OpenApiParameter.PATH, description=_("The order's id.")
)


@extend_schema_view(list=extend_schema(parameters=[ORDER_PK]))
class OrderMilestoneViewSet(mixins.ListModelMixin, FollowupViewSet):
    """The steps of one order with planned, forecast and actual dates (404 for another team's order)."""

    serializer_class = MilestoneSerializer
    pagination_class = MilestonePagination
    filter_backends: list[Any] = []
    model = Milestone

    def visible(self) -> QuerySet[Milestone]:
        order = get_object_or_404(
            orders_visible(self.user).only("id"),
            pk=int(self.kwargs["order_pk"]),
        )
        return milestones_for_api(Milestone.objects.filter(order_id=order.pk))


class MilestoneViewSet(FollowupViewSet):
    """One step of an order: read it, complete it, move its forecast, start or skip it."""

    serializer_class = MilestoneSerializer
    model = Milestone

    def visible(self) -> QuerySet[Milestone]:
        return milestones_for_api(scope_to_user(Milestone.objects.all(), self.user))

    def get_object(self) -> Milestone:
        return milestone_get_for_user(user=self.user, pk=int(self.kwargs["pk"]))

    def _represent(self, pk: int) -> Response:
        return self.representation(get_object_or_404(self.get_queryset(), pk=pk))

    def _apply(
        self,
        request: Request,
        serializer_class: type[serializers.Serializer],
        service: Callable[..., Any],
        arguments: Callable[[dict[str, Any]], dict[str, Any]] = dict,
    ) -> Response:
        """Check the body with ``serializer_class``, pass its fields (as ``arguments`` makes
        them) to ``service`` for this step, and answer with the step as it now is."""
        milestone = self.get_object()
        data = _validated(serializer_class, request)
        service(actor=self.user, milestone=milestone, **arguments(data))
        return self._represent(milestone.pk)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._represent(int(pk))

    @extend_schema(
        request={
            "application/json": MilestoneCompleteSerializer,
            "multipart/form-data": MilestoneCompleteSerializer,
        },
        responses={200: MilestoneSerializer, 400: VALIDATION_ERROR},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser])
    def complete(self, request: Request, pk: str) -> Response:
        """Record that the step is done; a late finish moves the forecasts of the steps after it."""
        return self._apply(request, MilestoneCompleteSerializer, milestone_complete, _with_files)

    @extend_schema(
        request=MilestoneRescheduleSerializer,
        responses={200: MilestoneSerializer, 400: VALIDATION_ERROR},
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: str) -> Response:
        """Move the step's forecast, with the reason; its owner or a manager may."""
        return self._apply(request, MilestoneRescheduleSerializer, milestone_reschedule)

    @extend_schema(
        request=MilestoneStatusSerializer,
        responses={200: MilestoneSerializer, 400: VALIDATION_ERROR},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str) -> Response:
        """Start, skip (with a reason) or reopen the step."""
        return self._apply(request, MilestoneStatusSerializer, milestone_set_status)


# --- Tasks ----------------------------------------------------------------------------
class TaskSerializer(serializers.ModelSerializer):
    order = serializers.PrimaryKeyRelatedField(queryset=Order.objects.none())
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False
    )
    done = serializers.BooleanField(source="is_done", read_only=True)

    class Meta:
        model = Task
        fields = [
            "id", "order", "team", "title", "assignee", "due_date", "done", "done_at",
            "created_by", "created_at",
        ]  # fmt: skip
        read_only_fields = ["team", "done_at", "created_by", "created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "order", _visible_orders(self.context.get("request")))


class TaskDoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(help_text=_("true to tick the task off, false to reopen it."))


class TaskFilter(filters.FilterSet):
    order = filters.ModelChoiceFilter(queryset=_visible_orders)
    assignee = filters.ModelChoiceFilter(queryset=User.objects.all())
    done = StrictBooleanFilter(method="filter_done", help_text=_("true: done; false: open."))
    due_before = filters.DateFilter(
        field_name="due_date", lookup_expr="lte", help_text=_("Due on or before this day.")
    )

    class Meta:
        model = Task
        fields: list[str] = []

    def filter_done(self, queryset: QuerySet[Task], name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(done_at__isnull=not value)


@extend_schema_view(
    create=extend_schema(responses={201: TaskSerializer, 400: VALIDATION_ERROR}),
    partial_update=extend_schema(
        request=TaskDoneSerializer, responses={200: TaskSerializer, 400: VALIDATION_ERROR}
    ),
)
class TaskViewSet(mixins.ListModelMixin, FollowupViewSet):
    """Tasks on the orders of your teams: add one, tick it off."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    model = Task

    def visible(self) -> QuerySet[Task]:
        return scope_to_user(Task.objects.all(), self.user)

    def get_object(self) -> Task:
        return task_get_for_user(user=self.user, pk=int(self.kwargs["pk"]))

    def retrieve(self, request: Request, pk: str) -> Response:
        return self.representation(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(self.user, "milestones.change")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        task = task_create(
            actor=self.user,
            order=data["order"],
            title=data["title"],
            assignee=data.get("assignee"),
            due_date=data.get("due_date"),
        )
        return self.representation(task, status_code=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        task = self.get_object()
        data = _validated(TaskDoneSerializer, request)
        task = task_set_done(actor=self.user, task=task, done=data["done"])
        return self.representation(task)


# --- Delay warnings -------------------------------------------------------------------
class DelayWarningSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number", read_only=True)
    cause_key = serializers.CharField(source="cause.step.key", read_only=True, allow_null=True)
    cause_name = serializers.CharField(source="cause.step.name", read_only=True, allow_null=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = DelayWarning
        fields = [
            "id", "order", "order_number", "team", "cause", "cause_key", "cause_name",
            "cause_slip_days", "promised_date", "forecast_date", "days_late", "raised_at",
            "cleared_at", "is_open",
        ]  # fmt: skip
        read_only_fields = fields


class DelayWarningFilter(filters.FilterSet):
    open = StrictBooleanFilter(
        method="filter_open", help_text=_("true: still open; false: cleared.")
    )
    order = filters.ModelChoiceFilter(queryset=_visible_orders)
    team = filters.ModelChoiceFilter(queryset=_visible_teams)

    class Meta:
        model = DelayWarning
        fields: list[str] = []

    def filter_open(
        self, queryset: QuerySet[DelayWarning], name: str, value: bool | None
    ) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(cleared_at__isnull=value)


class DelayWarningViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, FollowupViewSet):
    """Orders whose forecast ship date passed the promised one, and the step that caused it."""

    serializer_class = DelayWarningSerializer
    filterset_class = DelayWarningFilter
    model = DelayWarning

    def visible(self) -> QuerySet[DelayWarning]:
        return scope_to_user(
            DelayWarning.objects.select_related("order", "cause__step"),
            self.user,
        )
