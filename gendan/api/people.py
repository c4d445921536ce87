"""Teams and users over the REST API.

Everyone lists the teams they belong to (managers and administrators: all teams); only
administrators create and change teams, and only administrators read or write users.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import django_filters.rest_framework as filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.request import Request

from gendan.accounts.models import Role, Team, User, time_zone_choices
from gendan.accounts.selectors import team_get_for_user, teams_visible
from gendan.accounts.services import team_create, team_update, user_create, user_update

from .filters import StrictBooleanFilter
from .schema import record_schema_view
from .viewsets import RecordViewSet


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "description", "created_at"]


@record_schema_view(TeamSerializer, versioned=False)
class TeamViewSet(RecordViewSet[Team]):
    """The teams you belong to (managers and administrators: all); administrators change them."""

    serializer_class = TeamSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    change_permission = "teams.manage"
    versioned = False

    def visible(self, user: User) -> QuerySet[Team]:
        return teams_visible(user)

    def get_for_user(self, *, user: User, pk: int) -> Team:
        return team_get_for_user(user=user, pk=pk)

    def create_record(self, data: dict[str, Any]) -> Team:
        return team_create(actor=self.user, **data)

    def update_record(
        self, instance: Team, data: dict[str, Any], *, expected_version: int | None
    ) -> Team:
        return team_update(actor=self.user, team=instance, **data)


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


@record_schema_view(UserSerializer, versioned=False)
class UserViewSet(RecordViewSet[User]):
    """Users and their roles and teams: administrators only.  Deactivate with is_active."""

    serializer_class = UserSerializer
    filterset_class = UserFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    versioned = False

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        self.require("users.manage")

    def visible(self, user: User) -> QuerySet[User]:
        return User.objects.prefetch_related("teams")

    def create_record(self, data: dict[str, Any]) -> User:
        return user_create(actor=self.user, **data)

    def update_record(
        self, instance: User, data: dict[str, Any], *, expected_version: int | None
    ) -> User:
        return user_update(actor=self.user, user=instance, **data)
