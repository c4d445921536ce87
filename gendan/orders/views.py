from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.access import can, require
from gendan.accounts.http import AuthedHttpRequest, delete_and_redirect, save_form
from gendan.audit.selectors import history_for_subject
from gendan.core.concurrency import ConcurrentEditError
from gendan.core.listing import render_list_page
from gendan.core.money import minor_units
from gendan.customers.models import Contact
from gendan.customers.selectors import customer_get_for_user, customers_visible

from .forms import OrderFilterForm, OrderForm, line_formset
from .models import STATUS_FLOW, Order, OrderStatus
from .panels import order_panels
from .selectors import ORDER_SORTS, OrderFilters, order_get_for_user, order_list
from .services import LineInput, order_create, order_delete, order_set_status, order_update

PAGE_SIZE = 50


def filters_from_params(params: QueryDict) -> tuple[OrderFilterForm, OrderFilters]:
    form = OrderFilterForm(params or None)
    filters = OrderFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = OrderFilters(
            q=data["q"],
            status=data["status"],
            currency=data["currency"],
            merchandiser=data["merchandiser"].pk if data["merchandiser"] else None,
            customer=data["customer"],
            ship_from=data["ship_from"],
            ship_to=data["ship_to"],
            sort=data["sort"] or "newest",
        )
    return form, filters


@login_required
def order_list_view(request: AuthedHttpRequest) -> HttpResponse:
    form, filters = filters_from_params(request.GET)
    return render_list_page(
        request,
        "orders/list.html",
        order_list(user=request.user, filters=filters),
        sort=ORDER_SORTS.get(filters.sort, "-created_at"),
        size=PAGE_SIZE,
        filter_form=form,
        filtered=any(
            [
                filters.q,
                filters.status,
                filters.currency,
                filters.merchandiser,
                filters.customer,
                filters.ship_from,
                filters.ship_to,
            ]
        ),
        can_create=can(request.user, "orders.change"),
        can_import=can(request.user, "data.import"),
        today=timezone.localdate(),
    )


@login_required
def order_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    can_edit = can(request.user, "orders.change", team=order.team_id)
    next_statuses = (
        [OrderStatus(s) for s in OrderStatus.values if s in STATUS_FLOW[order.status]]
        if can_edit
        else []
    )
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "history": history_for_subject(order, limit=50),
        "can_edit": can_edit and order.status not in (OrderStatus.COMPLETED, OrderStatus.CANCELLED),
        "can_delete": can(request.user, "orders.delete", team=order.team_id)
        and order.status in (OrderStatus.DRAFT, OrderStatus.CANCELLED),
        "next_statuses": next_statuses,
        "panels": order_panels(),
        "today": timezone.localdate(),
    }
    return render(request, "orders/detail.html", context)


def _line_inputs(formset: BaseFormSet) -> list[LineInput]:
    """The lines the formset keeps: blank and deleted forms are none."""
    return [
        LineInput.from_data(form.cleaned_data)
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def _render_form(
    request: AuthedHttpRequest,
    *,
    form: OrderForm,
    formset: BaseFormSet,
    order: Order | None = None,
    conflict: ConcurrentEditError | None = None,
    status: int = 200,
) -> HttpResponse:
    currency = form["currency"].value() or "USD"
    return render(
        request,
        "orders/form.html",
        {
            "form": form,
            "formset": formset,
            "order": order,
            "conflict": conflict,
            "digits": minor_units(str(currency)),
        },
        status=status,
    )


@login_required
def order_create_view(request: AuthedHttpRequest) -> HttpResponse:
    require(request.user, "orders.change")
    customers = customers_visible(request.user)
    LineFormSet = line_formset(extra=2)
    if request.method == "POST":
        form = OrderForm(request.POST, customers=customers)
        formset = LineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            data = form.service_fields()
            customer = data.pop("customer")
            if not can(request.user, "orders.change", team=customer.team_id):
                form.add_error("customer", _("You cannot create orders for this customer's team."))
            else:
                order, _conflict = save_form(
                    form,
                    lambda: order_create(
                        actor=request.user, customer=customer, lines=_line_inputs(formset), **data
                    ),
                )
                if order is not None:
                    messages.success(
                        request, _("Order %(number)s created.") % {"number": order.number}
                    )
                    return redirect(order)
    else:
        initial = {
            "order_date": timezone.localdate(),
            "currency": "USD",
            "incoterm": "FOB",
            "payment_term": "tt",
            "deposit_percent": 30,
            "merchandiser": request.user.pk if request.user.role == "merchandiser" else None,
        }
        customer_id = request.GET.get("customer", "")
        if customer_id.isdigit():
            customer = customer_get_for_user(user=request.user, pk=int(customer_id))
            initial["customer"] = customer.pk
            initial["sales_owner"] = customer.owner_id
            initial["contact"] = (
                Contact.objects.filter(customer=customer, is_primary=True)
                .values_list("pk", flat=True)
                .first()
            )
        form = OrderForm(initial=initial, customers=customers)
        formset = LineFormSet(prefix="lines")
    return _render_form(request, form=form, formset=formset)


@login_required
def order_edit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    require(request.user, "orders.change", team=order.team_id)
    customers = customers_visible(request.user)
    LineFormSet = line_formset(extra=0)
    conflict = None
    if request.method == "POST":
        form = OrderForm(request.POST, customers=customers)
        formset = LineFormSet(request.POST, prefix="lines")
        if form.is_valid() and formset.is_valid():
            saved, conflict = save_form(
                form,
                lambda: order_update(
                    actor=request.user,
                    order=order,
                    expected_version=form.cleaned_data.get("version"),
                    lines=_line_inputs(formset),
                    **form.service_fields(),
                ),
            )
            if saved is not None:
                messages.success(request, _("Order %(number)s saved.") % {"number": saved.number})
                return redirect(saved)
    else:
        form = OrderForm(
            initial={
                "customer": order.customer_id,
                "contact": order.contact_id,
                "customer_po": order.customer_po,
                "order_date": order.order_date,
                "currency": order.currency,
                "incoterm": order.incoterm,
                "incoterm_place": order.incoterm_place,
                "payment_term": order.payment_term,
                "deposit_percent": order.deposit_percent,
                "payment_days": order.payment_days,
                "promised_ship_date": order.promised_ship_date,
                "sales_owner": order.sales_owner_id,
                "merchandiser": order.merchandiser_id,
                "notes": order.notes,
                "version": order.version,
            },
            customers=customers,
        )
        formset = LineFormSet(
            prefix="lines",
            initial=[
                {
                    "id": line.pk,
                    "product": line.product_id,
                    "description": line.description,
                    "quantity": line.quantity,
                    "unit": line.unit,
                    "unit_price": line.unit_price,
                }
                for line in order.lines.all()
            ],
        )
    return _render_form(
        request,
        form=form,
        formset=formset,
        order=order,
        conflict=conflict,
        status=409 if conflict else 200,
    )


@login_required
@require_POST
def order_status_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    require(request.user, "orders.change", team=order.team_id)
    version = request.POST.get("version", "")
    try:
        order = order_set_status(
            actor=request.user,
            order=order,
            status=request.POST.get("status", ""),
            expected_version=int(version) if version.isdigit() else None,
        )
    except ConcurrentEditError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Order %(number)s is now %(status)s.")
            % {"number": order.number, "status": order.get_status_display()},
        )
    return redirect(order)


@login_required
@require_POST
def order_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    order = order_get_for_user(user=request.user, pk=pk)
    require(request.user, "orders.delete", team=order.team_id)
    return delete_and_redirect(
        request,
        record=order,
        delete=lambda: order_delete(actor=request.user, order=order),
        deleted=_("Order %(number)s deleted.") % {"number": order.number},
        list_url="orders:list",
    )


@login_required
def contact_options_view(request: AuthedHttpRequest) -> HttpResponse:
    """The contact select's options for the chosen customer (htmx)."""
    customer_id = request.GET.get("customer", "")
    contacts = []
    if customer_id.isdigit():
        contacts = list(
            Contact.objects.filter(
                customer__in=customers_visible(request.user).filter(pk=int(customer_id))
            ).values_list("pk", "name", "is_primary")
        )
    return render(request, "orders/form.html#contact_options", {"contacts": contacts})
