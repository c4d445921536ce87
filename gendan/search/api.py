"""GET /api/v1/search/?q=: the search box over the REST API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.api.schema import VALIDATION_ERROR
from gendan.api.viewsets import ApiViewSet

from .models import Kind
from .selectors import search
from .text import MAX_QUERY_LENGTH, parse_query

DEFAULT_LIMIT = 20
MAX_LIMIT = 50


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Words to find; every word must match. Chinese words of two characters or "
            "more match anywhere in the text (延期 finds 交货延期两周); order numbers such "
            "as PI-2026-0012 match as a whole."
        ),
    )
    kind = serializers.MultipleChoiceField(
        choices=Kind.choices,
        required=False,
        help_text=_("Only these kinds of record (repeat the parameter for several)."),
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT, required=False
    )

    def validate_q(self, value: str) -> str:
        if not parse_query(value):
            raise serializers.ValidationError(_("Enter at least one letter, digit or character."))
        return value


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    id = serializers.IntegerField(
        source="object_id", help_text=_("The record's id in its own endpoint.")
    )
    title = serializers.CharField()
    snippet = serializers.CharField(help_text=_("Text around the first match, plain text."))
    url = serializers.CharField(help_text=_("The record's page."))
    score = serializers.FloatField(
        help_text=_("Higher is a better match; comparable within one answer only.")
    )


class SearchResultsSerializer(serializers.Serializer):
    results = SearchHitSerializer(many=True)


class SearchViewSet(ApiViewSet):
    """Search messages, customers, contacts, orders and products you may see, best first."""

    pagination_class = None
    filter_backends: list[Any] = []
    serializer_class = SearchResultsSerializer

    @extend_schema(
        parameters=[SearchQuerySerializer],
        responses={200: SearchResultsSerializer, 400: VALIDATION_ERROR},
    )
    def list(self, request: Request) -> Response:
        params = SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        hits = search(
            self.user,
            data["q"],
            kinds=sorted(data.get("kind") or []),
            limit=data.get("limit") or DEFAULT_LIMIT,
        )
        return Response(SearchResultsSerializer({"results": hits}).data)
