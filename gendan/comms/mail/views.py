"""Mailboxes, composing and replying, importing mail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.accounts.http import AuthedHttpRequest
from gendan.accounts.models import User
from gendan.core.forms import add_service_errors
from gendan.customers.models import Contact, Customer
from gendan.customers.selectors import customer_get_for_user
from gendan.orders.models import Order
from gendan.orders.selectors import order_get_for_user

from ..mail.check import error_hint, mailbox_check
from ..mail.selectors import (
    MAIL_SEND_ROLES,
    mail_import_get_for_user,
    mail_imports_visible,
    mailbox_can_create,
    mailbox_can_share,
    mailbox_get_for_user,
    mailbox_teams,
    mailboxes_for_sending,
    mailboxes_manageable,
)
from ..mail.send import (
    Draft,
    OrderFile,
    OutgoingFile,
    mail_send,
    order_file_read,
    order_files,
    reply_draft,
)
from ..message_templates.rendering import MissingPlaceholders, template_choose, template_render
from ..messages.selectors import message_get_for_user
from ..models import Channel, Mailbox, MailImport, Message, MessageTemplate
from .forms import ComposeForm, MailboxForm, MailImportForm
from .mailboxes import mail_import_create, mailbox_create, mailbox_fetch_enqueue, mailbox_update

MAILBOX_LIST_LIMIT = 200
RECENT_IMPORTS = 10


# --- Mailboxes ------------------------------------------------------------------------------
def _owner_choices(user: User) -> QuerySet[User] | None:
    if not mailbox_can_share(user):
        return None
    users = User.objects.filter(is_active=True)
    if not user.is_admin:
        users = users.filter(teams__in=mailbox_teams(user)).distinct()
    return users.order_by("first_name", "username")


@login_required
def mailbox_list(request: AuthedHttpRequest) -> HttpResponse:
    mailboxes = list(
        mailboxes_manageable(request.user)
        .select_related("team", "owner")
        .order_by("name", "id")[:MAILBOX_LIST_LIMIT]
    )
    for mailbox in mailboxes:
        mailbox.error_hint = error_hint(mailbox.last_error)  # type: ignore[attr-defined]
    return render(
        request,
        "comms/mail_mailboxes.html",
        {
            "mailboxes": mailboxes,
            "can_create": mailbox_can_create(request.user),
        },
    )


def _mailbox_form_page(
    request: AuthedHttpRequest, form: MailboxForm, mailbox: Mailbox | None
) -> HttpResponse:
    return render(request, "comms/mail_mailbox_form.html", {"form": form, "mailbox": mailbox})


@login_required
def mailbox_create_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if not mailbox_can_create(user):
        raise PermissionDenied(_("Viewers cannot add mailboxes."))
    form = MailboxForm(
        request.POST or None,
        owners=_owner_choices(user),
        teams=mailbox_teams(user),
        initial={"owner": user.pk, "team": mailbox_teams(user).first()},
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if "owner" not in form.fields:
            fields["owner"] = user
        try:
            mailbox = mailbox_create(
                actor=user,
                imap_password=form.cleaned_data["imap_password"],
                smtp_password=form.cleaned_data["smtp_password"],
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if mailbox.is_active:
                mailbox_fetch_enqueue(mailbox=mailbox)
                done = _("Mailbox %(address)s added; its mail is being fetched.")
            else:
                done = _("Mailbox %(address)s added; fetching is off until you turn it on.")
            messages.success(request, done % {"address": mailbox.address})
            return redirect("comms:mailbox_list")
    return _mailbox_form_page(request, form, None)


@login_required
def mailbox_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    mailbox = mailbox_get_for_user(user=user, pk=pk)
    form = MailboxForm(
        request.POST or None,
        instance=mailbox,
        owners=_owner_choices(user),
        teams=mailbox_teams(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            mailbox = mailbox_update(
                actor=user,
                mailbox=mailbox,
                imap_password=form.cleaned_data["imap_password"] or None,
                smtp_password=form.cleaned_data["smtp_password"] or None,
                **form.service_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Mailbox %(name)s saved.") % {"name": mailbox.name})
            return redirect("comms:mailbox_list")
    return _mailbox_form_page(request, form, mailbox)


def _mailbox_from_form(request: AuthedHttpRequest, stored: Mailbox | None) -> Mailbox:
    """An unsaved mailbox with the settings typed into the form (to test before saving);
    a password left empty is the stored one."""
    form = MailboxForm(
        request.POST,
        instance=Mailbox(),
        owners=None,
        teams=mailbox_teams(request.user),
    )
    form.is_valid()  # fills cleaned_data with what validates; the test reports the rest
    data = form.cleaned_data
    candidate = Mailbox(
        address=data.get("address") or "",
        imap_host=data.get("imap_host") or "",
        imap_port=data.get("imap_port") or 993,
        imap_security=data.get("imap_security") or "ssl",
        imap_username=data.get("imap_username") or "",
        inbox_folder=data.get("inbox_folder") or "INBOX",
        sent_folder=data.get("sent_folder") or "",
        smtp_host=data.get("smtp_host") or "",
        smtp_port=data.get("smtp_port") or 465,
        smtp_security=data.get("smtp_security") or "ssl",
        smtp_username=data.get("smtp_username") or "",
    )
    candidate.imap_password_encrypted = stored.imap_password_encrypted if stored else ""
    candidate.smtp_password_encrypted = stored.smtp_password_encrypted if stored else ""
    if data.get("imap_password"):
        candidate.imap_password = data["imap_password"]
    if data.get("smtp_password"):
        candidate.smtp_password = data["smtp_password"]
    return candidate


@login_required
@require_POST
def mailbox_test(request: AuthedHttpRequest, pk: int | None = None) -> HttpResponse:
    """Log in to IMAP and SMTP: with the stored settings, or with the form's when it sends them."""
    user = request.user
    stored = mailbox_get_for_user(user=user, pk=pk) if pk else None
    if stored is None and not mailbox_can_create(user):
        raise PermissionDenied(_("Viewers cannot add mailboxes."))
    mailbox = _mailbox_from_form(request, stored) if "imap_host" in request.POST else stored
    if mailbox is None:
        raise Http404
    lines = mailbox_check(mailbox)
    return render(
        request,
        "comms/mail_mailbox_test.html",
        {"lines": lines, "ok": all(line.ok for line in lines), "mailbox": mailbox},
    )


@login_required
@require_POST
def mailbox_fetch_now(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    mailbox = mailbox_get_for_user(user=request.user, pk=pk)
    mailbox_fetch_enqueue(mailbox=mailbox)
    messages.info(
        request,
        _("Fetching new mail of %(address)s; it appears in the inbox in a moment.")
        % {"address": mailbox.address},
    )
    return redirect("comms:mailbox_list")


# --- Importing history ----------------------------------------------------------------------
@login_required
def mail_import_upload(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    mailboxes = mailboxes_manageable(user).order_by("name")
    form = MailImportForm(request.POST or None, request.FILES or None, mailboxes=mailboxes)
    if request.GET.get("mailbox", "").isdigit():
        form.initial["mailbox"] = int(request.GET["mailbox"])
    if request.method == "POST" and form.is_valid():
        try:
            mail_import = mail_import_create(
                actor=user,
                mailbox=form.cleaned_data["mailbox"],
                files=[(f.name or "", f.chunks()) for f in form.cleaned_data["mail_files"]],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("comms:mail_import_detail", pk=mail_import.pk)
    recent = list(
        mail_imports_visible(user)
        .select_related("mailbox")
        .order_by("-created_at", "-id")[:RECENT_IMPORTS]
    )
    return render(
        request,
        "comms/mail_import.html",
        {"form": form, "recent": recent, "has_mailboxes": mailboxes.exists()},
    )


def _import_json(row: MailImport) -> dict[str, Any]:
    return {
        "id": row.pk,
        "status": row.status,
        "status_display": row.get_status_display(),
        "total": row.total,
        "processed": row.processed,
        "percent": row.percent,
        "created": row.created_count,
        "duplicates": row.duplicate_count,
        "errors": row.error_count,
        "finished": row.is_finished,
    }


@login_required
def mail_import_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    row = mail_import_get_for_user(user=request.user, pk=pk)
    return render(request, "comms/mail_import_detail.html", {"row": row})


@login_required
def mail_import_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The progress: JSON for scripts, the progress card for the page's polling."""
    row = mail_import_get_for_user(user=request.user, pk=pk)
    if not request.htmx and "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(_import_json(row))
    return render(request, "comms/mail_import_detail.html#progress", {"row": row})


# --- Composing and replying -----------------------------------------------------------------
def _id_param(request: AuthedHttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _addressee(*, customer: Customer | None, order: Order | None) -> Contact | None:
    """Whom a new e-mail about the order (or to the customer) goes to."""
    if order is not None and order.contact_id and order.contact and order.contact.email:
        return order.contact
    if customer is not None:
        return customer.contacts.exclude(email="").order_by("-is_primary", "name").first()
    return None


def _compose_draft(*, customer: Customer | None, order: Order | None) -> Draft:
    draft = Draft()
    contact = _addressee(customer=customer, order=order)
    if contact is not None:
        draft.to = [contact.email]
    if order is not None:
        draft.subject = (
            f"{order.number} / {order.customer_po}: " if order.customer_po else f"{order.number}: "
        )
    return draft


def _template_choices() -> list[tuple[str, str]]:
    """(code, "name · de, en") for each e-mail template, named in the user's language if it
    has that variant, else in English."""
    ui = (get_language() or "en").split("-")[0]
    names: dict[str, dict[str, str]] = {}
    for code, name, language in MessageTemplate.objects.filter(channel=Channel.EMAIL).values_list(
        "code", "name", "language"
    ):
        names.setdefault(code, {})[language] = name
    return [
        (code, f"{by_lang.get(ui) or by_lang.get('en') or next(iter(by_lang.values()))} · "
         f"{', '.join(sorted(by_lang))}")
        for code, by_lang in names.items()
    ]  # fmt: skip


def _apply_template(
    request: AuthedHttpRequest,
    draft: Draft,
    *,
    code: str,
    customer: Customer | None,
    order: Order | None,
    contact: Contact | None,
    replying: bool,
) -> None:
    """Fill the draft from the template in the language of the person written to (else the
    customer's); say what is missing."""
    try:
        template = template_choose(code, customer=customer, contact=contact)
        rendered = template_render(
            template, order=order, customer=customer, contact=contact, sender=request.user
        )
    except MissingPlaceholders as exc:
        messages.error(
            request,
            _("The template cannot be used here: %(problems)s")
            % {"problems": " ".join(exc.messages)},
        )
        return
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return
    if not replying and rendered.subject:
        draft.subject = rendered.subject
    # A reply keeps the quoted conversation below the template's text.
    draft.body = rendered.body + (f"\n\n{draft.body}" if draft.body else "")


def _after_send(message: Message, customer: Customer | None) -> str:
    try:
        return message.get_absolute_url()
    except NoReverseMatch:  # the conversation pages are not installed
        return customer.get_absolute_url() if customer else reverse("comms:compose")


@login_required
def compose(request: AuthedHttpRequest) -> HttpResponse:
    """Write to a customer (?customer=), about an order (?order=), or reply inside a
    conversation (?reply_to=<message>, with &reply_all=1 to everyone on it)."""
    user = request.user
    mailboxes = mailboxes_for_sending(user)
    if not (user.is_superuser or user.role in MAIL_SEND_ROLES):
        raise PermissionDenied(_("Viewers cannot send mail."))

    reply_to: Message | None = None
    customer: Customer | None = None
    order: Order | None = None
    if (pk := _id_param(request, "reply_to")) is not None:
        reply_to = message_get_for_user(user=user, pk=pk)
        customer, order = reply_to.customer, reply_to.order
    if (pk := _id_param(request, "order")) is not None:
        order = order_get_for_user(user=user, pk=pk)
    if (pk := _id_param(request, "customer")) is not None:
        customer = customer_get_for_user(user=user, pk=pk)
    if order is not None and customer is None:
        customer = order.customer

    files: list[OrderFile] = order_files(order) if order is not None else []
    files_by_key = {f.key: f for f in files}
    own = set(mailboxes.values_list("address", flat=True))
    if reply_to is not None:
        if reply_to.mailbox is not None:
            own.add(reply_to.mailbox.address)
        draft = reply_draft(
            message=reply_to, own_addresses=own, reply_all=request.GET.get("reply_all") == "1"
        )
    else:
        draft = _compose_draft(customer=customer, order=order)
    if request.method == "GET" and (code := request.GET.get("template", "").strip()):
        _apply_template(
            request, draft, code=code, customer=customer, order=order,
            contact=reply_to.contact if reply_to is not None else _addressee(
                customer=customer, order=order
            ),
            replying=reply_to is not None,
        )  # fmt: skip
    default_mailbox = None
    if reply_to is not None and reply_to.mailbox_id:
        default_mailbox = mailboxes.filter(pk=reply_to.mailbox_id).first()
    default_mailbox = default_mailbox or mailboxes.filter(owner=user).first() or mailboxes.first()

    form = ComposeForm(
        request.POST or None,
        request.FILES or None,
        mailboxes=mailboxes,
        order_file_choices=[(f.key, f"{f.name} · {filesizeformat(f.size)}") for f in files],
        initial={
            "mailbox": default_mailbox,
            "to": ", ".join(draft.to),
            "cc": ", ".join(draft.cc),
            "subject": draft.subject,
            "body": draft.body,
        },
    )
    if request.method == "POST" and form.is_valid():
        outgoing = [
            OutgoingFile(f.name or "file", f.read(), f.content_type or "")
            for f in form.cleaned_data["attachments"]
        ]
        outgoing += [
            order_file_read(files_by_key[key].key)
            for key in form.cleaned_data.get("order_files", [])
        ]
        recipients = form.recipients
        try:
            message = mail_send(
                actor=user,
                mailbox=form.cleaned_data["mailbox"],
                to=recipients["to"],
                cc=recipients["cc"],
                bcc=recipients["bcc"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                files=outgoing,
                reply_to=reply_to,
                customer=customer,
                order=order,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Sent to %(to)s.")
                % {"to": ", ".join(recipients["to"] or recipients["cc"] or recipients["bcc"])},
            )
            return redirect(_after_send(message, customer))
    return render(
        request,
        "comms/mail_compose.html",
        {
            "form": form,
            "reply_to": reply_to,
            "customer": customer,
            "order": order,
            "order_files": files,
            "has_mailboxes": mailboxes.exists(),
            "template_choices": _template_choices(),
            "chosen_template": request.GET.get("template", ""),
            # What the template picker keeps when it reloads the page.
            "compose_params": [
                (name, request.GET[name])
                for name in ("reply_to", "order", "customer", "reply_all")
                if request.GET.get(name)
            ],
            "can_add_mailbox": mailbox_can_create(user),
        },
    )
