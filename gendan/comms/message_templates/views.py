"""Pages for message templates: list, edit with preview, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    HttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.access import can, require
from gendan.accounts.http import AuthedHttpRequest
from gendan.core.forms import add_service_errors
from gendan.orders.selectors import orders_visible

from ..models import Channel, MessageTemplate
from ..params import int_param, pk_param
from .forms import MessageTemplateForm, TemplatePreviewForm
from .rendering import (
    MissingPlaceholders,
    known_placeholders,
    template_render,
)
from .selectors import templates_by_code
from .services import message_template_create, message_template_delete, message_template_update


# --- message templates ----------------------------------------------------------------
@login_required
def template_list_view(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "comms/chat_templates.html",
        {"codes": templates_by_code(), "can_edit": can(request.user, "customers.change")},
    )


def _template_initial(source: MessageTemplate) -> dict[str, Any]:
    return {
        "code": source.code, "name": source.name, "channel": source.channel,
        "subject": source.subject, "body": source.body, "language": source.language,
    }  # fmt: skip


@login_required
def template_edit_view(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(MessageTemplate, pk=pk) if pk else None
    can_edit = can(request.user, "customers.change")
    orders = orders_visible(request.user)
    preview: dict[str, Any] | None = None
    if request.method == "POST":
        form = MessageTemplateForm(request.POST)
        preview_form = TemplatePreviewForm(request.POST, orders=orders)
        wants_preview = "preview" in request.POST or request.htmx
        if wants_preview:
            preview = _preview(request, form, preview_form)
            if request.htmx:
                return render(
                    request, "comms/chat_template_form.html#preview", {"preview": preview}
                )
        elif not can_edit:
            raise PermissionDenied(_("You do not have permission to do this."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                if template is None:
                    template = message_template_create(actor=request.user, **data)
                else:
                    template = message_template_update(
                        actor=request.user, template=template, **data
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Template %(name)s saved.") % {"name": template.name})
                return redirect("comms:template_edit", pk=template.pk)
    else:
        initial: dict[str, Any] = {}
        if template is not None:
            initial = _template_initial(template)
        elif source := MessageTemplate.objects.filter(pk=pk_param(request.GET.get("from"))).first():
            # "Add a language": the same code, name and channel; the text to translate.
            initial = {**_template_initial(source), "language": ""}
        else:
            initial = {"channel": Channel.EMAIL, "language": "en"}
        form = MessageTemplateForm(initial=initial)
        preview_form = TemplatePreviewForm(
            initial={"order": int_param(request.GET.get("order"))}, orders=orders
        )
    variants = (
        list(MessageTemplate.objects.filter(code=template.code).order_by("language"))
        if template
        else []
    )
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "form": form,
        "preview_form": preview_form,
        "template": template,
        "variants": variants,
        "preview": preview,
        "placeholders": list(known_placeholders().values()),
        "can_edit": can_edit,
    }
    return render(request, "comms/chat_template_form.html", context)


def _preview(
    request: AuthedHttpRequest, form: MessageTemplateForm, preview_form: TemplatePreviewForm
) -> dict[str, Any]:
    """The text being edited, rendered against the chosen order; or what stops it."""
    order = preview_form.cleaned_data.get("order") if preview_form.is_valid() else None
    draft = MessageTemplate(
        code=request.POST.get("code", ""),
        language=request.POST.get("language", "en"),
        channel=request.POST.get("channel", Channel.EMAIL),
        subject=request.POST.get("subject", ""),
        body=request.POST.get("body", ""),
    )
    if order is None:
        return {
            "order": None,
            "errors": [_("Choose an order to see the text as the customer would.")],
        }
    try:
        rendered = template_render(
            draft, order=order, customer=order.customer, contact=order.contact, sender=request.user
        )
    except MissingPlaceholders as exc:
        return {"order": order, "errors": exc.messages, "missing": exc.names}
    except ValidationError as exc:
        return {"order": order, "errors": exc.messages}
    return {"order": order, "rendered": rendered}


@login_required
@require_POST
def template_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    require(request.user, "customers.change")
    template = get_object_or_404(MessageTemplate, pk=pk)
    message_template_delete(actor=request.user, template=template)
    messages.success(request, _("Template %(name)s deleted.") % {"name": template.name})
    return redirect("comms:templates")
