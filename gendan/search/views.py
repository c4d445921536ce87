"""The search page: hits of every kind for the header's search box, grouped by kind."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from gendan.accounts.http import AuthedHttpRequest

from .models import Kind
from .selectors import search
from .text import MAX_QUERY_LENGTH

# Hits of each kind on the grouped page; "show all" lists one kind with up to ALL_OF_KIND.
PER_KIND = 6
ALL_OF_KIND = 50
# The order the groups appear in: what a merchandiser most often looks for first.
KIND_ORDER = [Kind.ORDER, Kind.CUSTOMER, Kind.MESSAGE, Kind.CONTACT, Kind.PRODUCT]
KIND_ICONS = {
    Kind.ORDER: "ti-file-invoice",
    Kind.CUSTOMER: "ti-building-store",
    Kind.MESSAGE: "ti-mail",
    Kind.CONTACT: "ti-user",
    Kind.PRODUCT: "ti-package",
}


@login_required
def search_view(request: AuthedHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    groups = []
    if q:
        if kind:
            hits = search(request.user, q, kinds=[kind], limit=ALL_OF_KIND)
        else:
            # One more than shown tells whether a "show all" link is worth offering.
            hits = search(
                request.user, q, limit=PER_KIND * len(KIND_ORDER) + 5, per_kind=PER_KIND + 1
            )
        for each in KIND_ORDER:
            of_kind = [hit for hit in hits if hit.kind == each]
            if of_kind:
                shown = of_kind if kind else of_kind[:PER_KIND]
                groups.append(
                    {
                        "kind": each,
                        "label": Kind(each).label,
                        "icon": KIND_ICONS[each],
                        "hits": shown,
                        "more": not kind and len(of_kind) > PER_KIND,
                    }
                )
    context = {
        "q": q,
        "search_q": q,
        "kind": kind,
        "kind_label": Kind(kind).label if kind else "",
        "groups": groups,
        "kinds": [(each, Kind(each).label, KIND_ICONS[each]) for each in KIND_ORDER],
    }
    return render(request, "search/results.html", context)
