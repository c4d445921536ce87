"""Teams and users over the REST API.

Everyone lists the teams they belong to (managers and administrators: all teams); only
administrators create and change teams, and only administrators read or write users.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import django_filters.rest_framework as filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require
from gendan.accounts.models import Role, Team, User, time_zone_choices
from gendan.accounts.selectors import team_get_for_user, teams_visible
from gendan.accounts.services import team_create, team_update, user_create, user_update

from .filters import StrictBooleanFilter
from .schema import VALIDATION_ERROR
from .viewsets import ApiViewSet


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "description", "created_at"]


@extend_schema_view(
    create=extend_schema(responses={201: TeamSerializer, 400: VALIDATION_ERROR}),
    update=extend_schema(responses={200: TeamSerializer, 400: VALIDATION_ERROR}),
    partial_update=extend_schema(responses={200: TeamSerializer, 400: VALIDATION_ERROR}),
)
class TeamViewSet(mixins.ListModelMixin, ApiViewSet):
    """The teams you belong to (managers and administrators: all); administrators change them."""

    serializer_class = TeamSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Team]:
        if getattr(self, "swagger_fake_view", False):
            return Team.objects.none()
        return teams_visible(self.request.user)  # type: ignore[arg-type]

    def get_object(self) -> Team:
        return team_get_for_user(user=self.request.user, pk=int(self.kwargs["pk"]))  # type: ignore[arg-type]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.representation(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(request.user, "teams.manage")  # type: ignore[arg-type]
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = team_create(actor=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return self.representation(team, status_code=status.HTTP_201_CREATED)

    def update(
        self, request: Request, *args: Any, partial: bool = False, **kwargs: Any
    ) -> Response:
        team = self.get_object()
        require(request.user, "teams.manage")  # type: ignore[arg-type]
        serializer = self.get_serializer(team, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        team = team_update(actor=request.user, team=team, **serializer.validated_data)  # type: ignore[arg-type]
        return self.representation(team)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(name for name, _label in time_zone_choices())


class UserSerializer(serializers.ModelSerializer):
    teams = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Team.objects.all(), required=False
    )
    time_zone = serializers.CharField(
        max_length=64, required=False, help_text=_("An IANA time zone, e.g. Asia/Shanghai.")
    )
    password = serializers.CharField(
        write_only=True,
        required=False,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_("Only to set it; without one a new user signs in with an API token."),
    )

    class Meta:
        model = User
        fields = [
            "id", "username", "email", "first_name", "last_name", "role", "teams", "time_zone",
            "language", "phone", "is_active", "last_login", "date_joined", "password",
        ]  # fmt: skip
        read_only_fields = ["last_login", "date_joined"]

    def validate_time_zone(self, value: str) -> str:
        if value not in _time_zones():
            raise serializers.ValidationError(
                _("%(value)s is not a time zone; use a name such as Asia/Shanghai.")
                % {"value": value}
            )
        return value


class UserFilter(filters.FilterSet):
    role = filters.ChoiceFilter(choices=Role.choices)
    team = filters.ModelChoiceFilter(field_name="teams", queryset=Team.objects.all())
    is_active = StrictBooleanFilter()

    class Meta:
        model = User
        fields: list[str] = []


@extend_schema_view(
    create=extend_schema(responses={201: UserSerializer, 400: VALIDATION_ERROR}),
    update=extend_schema(responses={200: UserSerializer, 400: VALIDATION_ERROR}),
    partial_update=extend_schema(responses={200: UserSerializer, 400: VALIDATION_ERROR}),
)
class UserViewSet(mixins.ListModelMixin, ApiViewSet):
    """Users and their roles and teams: administrators only.  Deactivate with is_active."""

    serializer_class = UserSerializer
    filterset_class = UserFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        require(request.user, "users.manage")  # type: ignore[arg-type]

    def get_queryset(self) -> QuerySet[User]:
        return User.objects.prefetch_related("teams")

    def get_object(self) -> User:
        return get_object_or_404(self.get_queryset(), pk=int(self.kwargs["pk"]))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.representation(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_create(actor=request.user, **serializer.validated_data)  # type: ignore[arg-type]
        return self.representation(user, status_code=status.HTTP_201_CREATED)

    def update(
        self, request: Request, *args: Any, partial: bool = False, **kwargs: Any
    ) -> Response:
        user = self.get_object()
        serializer = self.get_serializer(user, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        user = user_update(actor=request.user, user=user, **serializer.validated_data)  # type: ignore[arg-type]
        return self.representation(user)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)
