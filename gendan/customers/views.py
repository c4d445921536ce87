from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.access import can, require
from gendan.accounts.http import AuthedHttpRequest, delete_and_redirect, save_form
from gendan.audit.selectors import history_for_subject
from gendan.core.listing import render_list_page
from gendan.core.record_forms import record_form_page

from .forms import ContactForm, CustomerFilterForm, CustomerForm
from .models import Contact, Customer
from .panels import customer_panels
from .selectors import (
    CUSTOMER_SORTS,
    CustomerFilters,
    customer_get_for_user,
    customer_list,
    customer_pks_visible,
    customers_visible,
)
from .services import (
    contact_create,
    contact_delete,
    contact_update,
    customer_create,
    customer_delete,
    customer_find_duplicates,
    customer_merge,
    customer_update,
)

PAGE_SIZE = 50


def filters_from_params(params: QueryDict) -> tuple[CustomerFilterForm, CustomerFilters]:
    form = CustomerFilterForm(params or None)
    filters = CustomerFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = CustomerFilters(
            q=data["q"],
            country=data["country"],
            owner=data["owner"].pk if data["owner"] else None,
            tag=data["tag"],
            stage=data["stage"],
            sort=data["sort"] or "name",
        )
    return form, filters


@login_required
def customer_list_view(request: AuthedHttpRequest) -> HttpResponse:
    form, filters = filters_from_params(request.GET)
    return render_list_page(
        request,
        "customers/list.html",
        customer_list(user=request.user, filters=filters).prefetch_related("tags"),
        sort=CUSTOMER_SORTS.get(filters.sort, "name"),
        size=PAGE_SIZE,
        filter_form=form,
        filtered=any([filters.q, filters.country, filters.owner, filters.tag, filters.stage]),
        can_create=can(request.user, "customers.change"),
        can_import=can(request.user, "data.import"),
    )


@login_required
def customer_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, pk=pk)
    contacts = list(customer.contacts.all())
    customer_tags = list(customer.tags.all())
    orders = list(
        customer.orders.select_related("merchandiser").order_by("-created_at", "-id")[:20]
    )
    context = {
        "customer": customer,
        "contacts": contacts,
        "tags": customer_tags,
        "orders": orders,
        "history": history_for_subject(customer, limit=30),
        "main_panels": customer_panels("main"),
        "side_panels": customer_panels("side"),
        "can_edit": can(request.user, "customers.change", team=customer.team_id),
        "can_merge": can(request.user, "customers.merge", team=customer.team_id),
        "can_delete": can(request.user, "customers.delete", team=customer.team_id),
        "can_order": can(request.user, "orders.change", team=customer.team_id),
    }
    return render(request, "customers/detail.html", context)


@login_required
def customer_create_view(request: AuthedHttpRequest) -> HttpResponse:
    require(request.user, "customers.change")
    duplicates = []
    if request.method == "POST":
        form = CustomerForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.service_fields()
            duplicates = customer_find_duplicates(
                name=data["name"], domain=data.get("website") or data.get("domain") or ""
            )
            if duplicates and not form.cleaned_data.get("confirm_duplicate"):
                form.add_error(None, _("This customer may already exist. Check the list below."))
            else:
                customer, _conflict = save_form(
                    form,
                    lambda: customer_create(actor=request.user, tags=form.tag_names(), **data),
                )
                if customer is not None:
                    messages.success(
                        request, _("Customer %(name)s created.") % {"name": customer.name}
                    )
                    return redirect(customer)
    else:
        form = CustomerForm(user=request.user)
    visible = customer_pks_visible(request.user, [d.customer.pk for d in duplicates])
    return render(
        request,
        "customers/form.html",
        {"form": form, "duplicates": duplicates, "visible_duplicates": visible, "creating": True},
    )


@login_required
def customer_duplicates_view(request: AuthedHttpRequest) -> HttpResponse:
    """As-you-type duplicate warning on the create form (htmx)."""
    name = request.GET.get("name", "")
    website = request.GET.get("website", "")
    duplicates = (
        customer_find_duplicates(name=name, domain=website) if (len(name) >= 3 or website) else []
    )
    visible = customer_pks_visible(request.user, [d.customer.pk for d in duplicates])
    return render(
        request,
        "customers/form.html#duplicates",
        {"duplicates": duplicates, "visible_duplicates": visible},
    )


@login_required
def customer_edit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, pk=pk)
    require(request.user, "customers.change", team=customer.team_id)
    return record_form_page(
        request,
        make_form=lambda *data: CustomerForm(*data, instance=customer, user=request.user),
        save=lambda form: save_form(
            form,
            lambda: customer_update(
                actor=request.user,
                customer=customer,
                expected_version=form.cleaned_data.get("version"),
                tags=form.tag_names(),
                **form.service_fields(),
            ),
        ),
        done=lambda saved: _("Customer %(name)s saved.") % {"name": saved.name},
        template="customers/form.html",
        context={"customer": customer},
    )


@login_required
@require_POST
def customer_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    customer = customer_get_for_user(user=request.user, pk=pk)
    require(request.user, "customers.delete", team=customer.team_id)
    return delete_and_redirect(
        request,
        record=customer,
        delete=lambda: customer_delete(actor=request.user, customer=customer),
        deleted=_("Customer %(name)s deleted.") % {"name": customer.name},
        list_url="customers:list",
    )


@login_required
def customer_merge_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Pick the duplicate to fold into this customer, review, confirm."""
    survivor = customer_get_for_user(user=request.user, pk=pk)
    require(request.user, "customers.merge", team=survivor.team_id)
    candidates = customer_find_duplicates(
        name=survivor.name, domain=survivor.domain, exclude_pk=survivor.pk, limit=10
    )
    visible_ids = customer_pks_visible(request.user, [m.customer.pk for m in candidates])
    candidates = [m for m in candidates if m.customer.pk in visible_ids]
    duplicate = None
    duplicate_id = request.POST.get("duplicate") or request.GET.get("duplicate")
    if duplicate_id and str(duplicate_id).isdigit():
        duplicate = get_object_or_404(customers_visible(request.user), pk=int(duplicate_id))
        require(request.user, "customers.merge", team=duplicate.team_id)
    if request.method == "POST" and duplicate is not None:
        try:
            survivor = customer_merge(actor=request.user, survivor=survivor, duplicate=duplicate)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(dup)s was merged into %(name)s.")
                % {"dup": duplicate.name, "name": survivor.name},
            )
            return redirect(survivor)
    counts = None
    if duplicate is not None:
        counts = {"contacts": duplicate.contacts.count(), "orders": duplicate.orders.count()}
    return render(
        request,
        "customers/merge.html",
        {"customer": survivor, "candidates": candidates, "duplicate": duplicate, "counts": counts},
    )


@login_required
def customer_lookup_view(request: AuthedHttpRequest) -> JsonResponse:
    """Customers matching what the user typed, for searchable selects."""
    q = request.GET.get("q", "").strip()
    qs = customers_visible(request.user)
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(code__iexact=q)
    rows = qs.order_by("name").values("id", "name", "code", "country")[:30]
    return JsonResponse(
        {
            "results": [
                {"id": r["id"], "text": f"{r['name']} · {r['code']} ({r['country']})"} for r in rows
            ]
        }
    )


def _contact_for_edit(
    request: AuthedHttpRequest, customer_pk: int, contact_pk: int | None
) -> tuple[Customer, Contact | None]:
    customer = customer_get_for_user(user=request.user, pk=customer_pk)
    require(request.user, "customers.change", team=customer.team_id)
    contact = get_object_or_404(Contact, pk=contact_pk, customer=customer) if contact_pk else None
    return customer, contact


@login_required
def contact_edit_view(
    request: AuthedHttpRequest, pk: int, contact_pk: int | None = None
) -> HttpResponse:
    customer, contact = _contact_for_edit(request, pk, contact_pk)

    def save(form: ContactForm) -> Contact:
        if contact is None:
            return contact_create(actor=request.user, customer=customer, **form.service_fields())
        return contact_update(
            actor=request.user,
            contact=contact,
            expected_version=form.cleaned_data.get("version"),
            **form.service_fields(),
        )

    done = _("Contact %(name)s added.") if contact is None else _("Contact %(name)s saved.")
    return record_form_page(
        request,
        make_form=lambda *data: ContactForm(*data, instance=contact),
        save=lambda form: save_form(form, lambda: save(form)),
        done=lambda saved: done % {"name": saved.name},
        template="customers/contact_form.html",
        context={"customer": customer, "contact": contact},
        next_page=lambda saved: customer,
    )


@login_required
@require_POST
def contact_delete_view(request: AuthedHttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    customer, contact = _contact_for_edit(request, pk, contact_pk)
    assert contact is not None
    contact_delete(actor=request.user, contact=contact)
    messages.success(request, _("Contact %(name)s deleted.") % {"name": contact.name})
    return redirect(customer)
