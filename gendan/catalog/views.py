from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.access import can, require
from gendan.accounts.http import AuthedHttpRequest, delete_and_redirect, save_form
from gendan.audit.selectors import history_for_subject
from gendan.core.filtering import any_matches
from gendan.core.listing import render_list_page
from gendan.core.record_forms import record_form_page

from .forms import ProductFilterForm, ProductForm
from .models import Product
from .selectors import PRODUCT_SORTS, ProductFilters, product_get, product_list
from .services import product_create, product_delete, product_update


def filters_from_params(params: QueryDict) -> tuple[ProductFilterForm, ProductFilters]:
    form = ProductFilterForm(params or None)
    filters = ProductFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = ProductFilters(
            q=data["q"],
            category=data["category"].pk if data["category"] else None,
            active={"1": True, "0": False}.get(data["active"]),
            sort=data["sort"] or "sku",
        )
    return form, filters


@login_required
def product_list_view(request: AuthedHttpRequest) -> HttpResponse:
    form, filters = filters_from_params(request.GET)
    return render_list_page(
        request,
        "catalog/list.html",
        product_list(filters=filters),
        sort=PRODUCT_SORTS.get(filters.sort, "sku"),
        filter_form=form,
        filtered=bool(filters.q or filters.category or filters.active is not None),
        can_create=can(request.user, "products.change"),
        can_import=can(request.user, "data.import"),
    )


@login_required
def product_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    product = product_get(pk=pk)
    return render(
        request,
        "catalog/detail.html",
        {
            "product": product,
            "history": history_for_subject(product, limit=30),
            "can_edit": can(request.user, "products.change"),
            "can_delete": can(request.user, "products.delete"),
        },
    )


@login_required
def product_edit_view(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "products.change")
    product = product_get(pk=pk) if pk else None

    def save(form: ProductForm) -> Product:
        if product is None:
            return product_create(actor=request.user, **form.service_fields())
        return product_update(
            actor=request.user,
            product=product,
            expected_version=form.cleaned_data.get("version"),
            **form.service_fields(),
        )

    done = _("Product %(sku)s created.") if product is None else _("Product %(sku)s saved.")
    return record_form_page(
        request,
        make_form=lambda *data: ProductForm(*data, instance=product),
        save=lambda form: save_form(form, lambda: save(form)),
        done=lambda saved: done % {"sku": saved.sku},
        template="catalog/form.html",
        context={"product": product},
    )


@login_required
@require_POST
def product_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, "products.delete")
    product = product_get(pk=pk)
    return delete_and_redirect(
        request,
        record=product,
        delete=lambda: product_delete(actor=request.user, product=product),
        deleted=_("Product %(sku)s deleted.") % {"sku": product.sku},
        list_url="catalog:list",
    )


@login_required
def product_lookup_view(request: AuthedHttpRequest) -> JsonResponse:
    """Active products matching what the user typed, for the order line select."""
    q = request.GET.get("q", "").strip()
    qs = Product.objects.filter(is_active=True)
    if q:
        qs = qs.filter(any_matches(q, "sku__icontains", "name__icontains", "name_zh__icontains"))
    rows = qs.order_by("sku").values("id", "sku", "name", "name_zh", "unit")[:30]
    return JsonResponse(
        {
            "results": [
                {
                    "id": r["id"],
                    "text": f"{r['sku']} · {r['name']}"
                    + (f" / {r['name_zh']}" if r["name_zh"] else ""),
                    "unit": r["unit"],
                }
                for r in rows
            ]
        }
    )
