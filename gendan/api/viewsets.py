"""The base every resource's viewset builds on.

A resource declares what is particular to it and inherits the rest: its serializer and
filters, ``visible`` and ``get_for_user`` (the selectors that scope it to the user), the
``change_permission`` and ``delete_permission`` it takes, and ``create_record``,
``update_record`` and ``delete_record``, the service calls.  ``gendan.catalog.api`` is
the shortest example.

``ApiViewSet`` gives the typed signed-in user and the permission check; ``ScopedViewSet``
scopes the list and the detail to what that user may see; ``RecordViewSet`` adds list, retrieve,
create, update, partial update and delete, with the ETag and version handling of
``concurrency`` for records that carry a version: a change or a delete of such a record
must name the version it is based on (If-Match or a body ``version``), 428 otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.access import require
from gendan.accounts.models import Team
from gendan.accounts.selectors import teams_visible

from .concurrency import (
    Versioned,
    body_version_check,
    etag,
    expected_version,
    if_match_check,
    require_version,
)

if TYPE_CHECKING:
    from gendan.accounts.models import User

M = TypeVar("M", bound=Model)


def request_user(request: Request) -> User:
    """The signed-in user of an API request: every endpoint requires authentication."""
    return cast("User", request.user)


def visible_for_request(
    selector: Callable[[User], QuerySet[M]], model: type[M]
) -> Callable[[Request | None], QuerySet[M]]:
    """A queryset callable for serializer fields and filters: the rows the caller may see.

    Without a request (the schema being generated) there are none.
    """

    def queryset(request: Request | None) -> QuerySet[M]:
        if request is None:
            return model._default_manager.none()
        return selector(request_user(request))

    return queryset


# The teams the caller belongs to (managers and administrators: all).
visible_teams = visible_for_request(teams_visible, Team)


class ApiViewSet(viewsets.GenericViewSet, Generic[M]):
    """The signed-in user and what they may change."""

    # Ids are numbers: anything else in the path is a 404 from the URL resolver, never a
    # database error.
    lookup_value_regex = r"[0-9]+"

    @property
    def user(self) -> User:
        """The signed-in user: every endpoint requires authentication."""
        return request_user(self.request)

    def require(self, permission: str | None, *, team: Team | int | None = None) -> None:
        """Refuse with 403 unless the user may do ``permission`` (in ``team`` if given)."""
        if permission is not None:
            require(self.user, permission, team=team)

    def representation(self, instance: Any, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(instance).data, status=status_code)

    def versioned_representation(
        self, instance: Versioned, *, status_code: int = status.HTTP_200_OK
    ) -> Response:
        response = self.representation(instance, status_code=status_code)
        response["ETag"] = etag(instance)
        return response


class ScopedViewSet(ApiViewSet[M]):
    """A resource whose list and detail are what the signed-in user may see.

    It declares ``visible(user)``, the records the user may list, and if opening one
    takes more than finding it among those, ``get_for_user(user=, pk=)``.
    """

    def visible(self, user: User) -> QuerySet[M]:
        """The records ``user`` may list."""
        raise NotImplementedError

    def get_for_user(self, *, user: User, pk: int) -> M:
        """One record ``user`` may see; 404 otherwise."""
        return get_object_or_404(self.visible(user), pk=pk)

    def get_queryset(self) -> QuerySet[M]:
        if getattr(self, "swagger_fake_view", False):
            # The schema is generated without a user: the model is all it needs.
            model = cast("Any", self.get_serializer_class()).Meta.model
            return cast("QuerySet[M]", model._default_manager.none())
        return self.visible(self.user)

    def get_object(self) -> M:
        return self.get_for_user(user=self.user, pk=int(self.kwargs["pk"]))


class RecordViewSet(mixins.ListModelMixin, ScopedViewSet[M]):
    """List, retrieve, create, change and delete records through their services.

    A resource declares the permissions a change and a delete take (checked in the
    record's team when it has one) and the three service calls; a record with a
    ``version`` answers with an ETag and passes the version a write expects.
    """

    # The permission creating or changing a record takes; None: no check here.
    change_permission: ClassVar[str | None] = None
    # The permission deleting a record takes.
    delete_permission: ClassVar[str | None] = None
    # Whether the records carry a version (ETag out, If-Match or a body version in).
    versioned: ClassVar[bool] = True

    def create_record(self, data: dict[str, Any]) -> M:
        raise NotImplementedError

    def update_record(
        self, instance: M, data: dict[str, Any], *, expected_version: int | None
    ) -> M:
        raise NotImplementedError

    def delete_record(self, instance: M) -> None:
        raise NotImplementedError

    def record_team(self, instance: M) -> int | None:
        """The team a record's permission is checked in: its own, if it has one."""
        return cast("int | None", getattr(instance, "team_id", None))

    def respond(self, instance: M, *, status_code: int = status.HTTP_200_OK) -> Response:
        if self.versioned:
            return self.versioned_representation(
                cast("Versioned", instance), status_code=status_code
            )
        return self.representation(instance, status_code=status_code)

    def validated_data(self, instance: M | None = None, *, partial: bool = False) -> dict[str, Any]:
        serializer = self.get_serializer(instance, data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.respond(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require(self.change_permission)
        data = self.validated_data()
        data.pop("version", None)
        return self.respond(self.create_record(data), status_code=status.HTTP_201_CREATED)

    def update(
        self, request: Request, *args: Any, partial: bool = False, **kwargs: Any
    ) -> Response:
        instance = self.get_object()
        self.require(self.change_permission, team=self.record_team(instance))
        if_match = None
        if self.versioned:
            if_match = if_match_check(request, cast("Versioned", instance))
            require_version(request)
        data = self.validated_data(instance, partial=partial)
        expected = expected_version(body_version=data.pop("version", None), if_match=if_match)
        return self.respond(self.update_record(instance, data, expected_version=expected))

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def delete_body_version(self) -> int | None:
        """The ``version`` a DELETE's body names, if any; 400 when it is not a number."""
        data = self.request.data
        value = data.get("version") if hasattr(data, "get") else None
        if value in (None, ""):
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        if isinstance(value, str) and value.isdigit() and int(value) >= 1:
            return int(value)
        raise serializers.ValidationError({"version": [_("A valid version number is required.")]})

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.require(self.delete_permission, team=self.record_team(instance))
        if self.versioned:
            if_match_check(request, cast("Versioned", instance))
            require_version(request)
            body_version_check(cast("Versioned", instance), self.delete_body_version())
        self.delete_record(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)
