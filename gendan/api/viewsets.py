"""The base every resource's viewset builds on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rest_framework import status, viewsets
from rest_framework.response import Response

from .concurrency import Versioned, etag

if TYPE_CHECKING:
    from gendan.accounts.models import User


class ApiViewSet(viewsets.GenericViewSet):
    # Ids are numbers: anything else in the path is a 404 from the URL resolver, never a
    # database error.
    lookup_value_regex = r"[0-9]+"

    @property
    def user(self) -> User:
        """The signed-in user: every endpoint requires authentication."""
        return cast("User", self.request.user)

    def representation(self, instance: Any, *, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(instance).data, status=status_code)

    def versioned_representation(
        self, instance: Versioned, *, status_code: int = status.HTTP_200_OK
    ) -> Response:
        response = self.representation(instance, status_code=status_code)
        response["ETag"] = etag(instance)
        return response
