"""A record list page: one keyset page of the filtered records, whole or only its results."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from .pagination import keyset_page
from .partials import render_page_or_part


def render_list_page(
    request: HttpRequest,
    template: str,
    qs: QuerySet,
    *,
    sort: str,
    size: int = 50,
    **context: Any,
) -> HttpResponse:
    """The page of ``qs`` the request's cursor points at, sorted by ``sort``, in ``template``.

    An htmx request (a filter changed, the next page) gets only the template's results block.
    """
    page = keyset_page(qs, sort=sort, cursor=request.GET.get("cursor"), size=size)
    return render_page_or_part(request, template, {"page": page, **context}, part="results")
