"""Forms of the chat pages: WhatsApp import and sending, logged contacts, message templates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.accounts.models import time_zone_choices
from gendan.core.forms import (
    LookupSelect,
    MultipleFileField,
    StyledForm,
    model_choice,
)
from gendan.customers.geo import language_choices
from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order

from .models import Channel, Direction, MessageTemplate
from .services_chat import LOGGED_CHANNELS
from .templating import known_placeholders

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _upload_limit(upload: Any) -> None:
    if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": settings.MAX_UPLOAD_MB}
        )


class WhatsAppImportForm(StyledForm):
    contact = forms.ModelChoiceField(
        label=gettext_lazy("Contact"),
        queryset=Contact.objects.none(),
        widget=LookupSelect(reverse_lazy("comms:contact_lookup")),
        help_text=gettext_lazy("The customer's contact this chat is with."),
    )
    file = forms.FileField(
        label=gettext_lazy("Chat export"),
        help_text=gettext_lazy(
            "The .txt file, or the .zip with media to keep photos and documents with their messages."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.zip,text/plain,application/zip"}),
    )
    me = forms.CharField(
        label=gettext_lazy("Your name in the chat"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "As WhatsApp writes it before your own messages. Leave empty when the chat is "
            "between you and the contact only: the sender who is not the contact is you."
        ),
    )
    date_order = forms.ChoiceField(
        label=gettext_lazy("Dates in the file"),
        required=False,
        choices=[
            ("", gettext_lazy("Work it out from the file")),
            ("dmy", gettext_lazy("Day first: 31/12/2024")),
            ("mdy", gettext_lazy("Month first: 12/31/2024")),
            ("ymd", gettext_lazy("Year first: 2024/12/31")),
        ],
        help_text=gettext_lazy("Only needed when no date in the file has a day after the 12th."),
    )
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone of the exporting phone"),
        choices=time_zone_choices,
        help_text=gettext_lazy("The times in the file are that phone's clock."),
    )

    def __init__(self, *args: Any, contacts: QuerySet[Contact], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "contact").queryset = contacts.select_related("customer")
        self.fields["contact"].label_from_instance = _contact_label  # type: ignore[attr-defined]
        self.fields["time_zone"].widget.attrs["data-enhance"] = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".txt", ".zip")):
            raise ValidationError(_("Upload the .txt or .zip file WhatsApp made."))
        _upload_limit(upload)
        return upload


def _contact_label(contact: Contact) -> str:
    return f"{contact.name} · {contact.customer.name}"


class LoggedContactForm(StyledForm):
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("When"),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("How"),
        choices=[(c.value, c.label) for c in LOGGED_CHANNELS],
        widget=forms.RadioSelect,
    )
    direction = forms.ChoiceField(
        label=gettext_lazy("Who reached out"),
        choices=[
            (Direction.OUTBOUND, gettext_lazy("We contacted them")),
            (Direction.INBOUND, gettext_lazy("They contacted us")),
        ],
        widget=forms.RadioSelect,
        initial=Direction.OUTBOUND,
    )
    customer = forms.ModelChoiceField(
        label=gettext_lazy("Customer"),
        queryset=Customer.objects.none(),
        widget=LookupSelect(reverse_lazy("customers:lookup")),
    )
    contact = forms.ModelChoiceField(
        label=gettext_lazy("Contact"), queryset=Contact.objects.none(), required=False
    )
    order = forms.ModelChoiceField(
        label=gettext_lazy("Order"),
        queryset=Order.objects.none(),
        required=False,
        empty_label=gettext_lazy("No particular order"),
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("What was said and agreed, and what happens next."),
    )
    attachments = MultipleFileField(
        label=gettext_lazy("Attachments"),
        required=False,
        help_text=gettext_lazy("Screenshots of the chat, meeting notes, photos."),
    )

    def __init__(
        self,
        *args: Any,
        customers: QuerySet[Customer],
        orders: QuerySet[Order],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "customer").queryset = customers
        attrs = self.fields["customer"].widget.attrs
        attrs["hx-get"] = reverse_lazy("comms:log_contact_options")
        attrs["hx-target"] = "#log-contact-options"
        attrs["hx-trigger"] = "change"
        attrs["hx-swap"] = "outerHTML"
        chosen = self.data.get("customer") or self.initial.get("customer")
        customer_id = getattr(chosen, "pk", chosen)
        if customer_id and str(customer_id).isdigit():
            model_choice(self, "contact").queryset = Contact.objects.filter(
                customer_id=int(customer_id)
            )
            model_choice(self, "order").queryset = orders.filter(
                customer_id=int(customer_id)
            ).order_by("-created_at")
        if not self.is_bound and "occurred_at" not in self.initial:
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)


class WhatsAppSendForm(StyledForm):
    contact = forms.ModelChoiceField(
        label=gettext_lazy("To"),
        queryset=Contact.objects.none(),
        widget=LookupSelect(format_lazy("{}?whatsapp=1", reverse_lazy("comms:contact_lookup"))),
    )
    order = forms.ModelChoiceField(
        label=gettext_lazy("About order"),
        queryset=Order.objects.none(),
        required=False,
        empty_label=gettext_lazy("No particular order"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Send"),
        choices=[("text", gettext_lazy("A text")), ("template", gettext_lazy("A template"))],
        widget=forms.RadioSelect,
        initial="text",
    )
    text = forms.CharField(
        label=gettext_lazy("Message"),
        required=False,
        max_length=4096,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "WhatsApp delivers free text only within 24 hours of the customer's last message; "
            "after that, send an approved template."
        ),
    )
    template = forms.ChoiceField(label=gettext_lazy("Template"), required=False)

    def __init__(
        self,
        *args: Any,
        contacts: QuerySet[Contact],
        orders: QuerySet[Order],
        placeholders: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "contact").queryset = contacts.select_related("customer")
        self.fields["contact"].label_from_instance = _contact_label  # type: ignore[attr-defined]
        codes: dict[str, str] = {}
        for code, name, channel in MessageTemplate.objects.order_by("code", "language").values_list(
            "code", "name", "channel"
        ):
            label = f"{name} ({code})" + (" · WhatsApp" if channel == Channel.WHATSAPP else "")
            codes.setdefault(code, label)
        self.fields["template"].choices = [("", "—"), *codes.items()]  # type: ignore[attr-defined]
        chosen = self.data.get("contact") or self.initial.get("contact")
        contact_id = getattr(chosen, "pk", chosen)
        if contact_id and str(contact_id).isdigit():
            customer_ids = contacts.filter(pk=int(contact_id)).values("customer_id")
            model_choice(self, "order").queryset = orders.filter(
                customer_id__in=customer_ids
            ).order_by("-created_at")
        for attr in ("contact", "order", "template"):
            widget_attrs = self.fields[attr].widget.attrs
            widget_attrs["hx-get"] = reverse_lazy("comms:whatsapp_send")
            widget_attrs["hx-trigger"] = "change"
            widget_attrs["hx-target"] = "#send-form"
            widget_attrs["hx-select"] = "#send-form"
            widget_attrs["hx-swap"] = "outerHTML"
            widget_attrs["hx-include"] = "#send-form"
        # The placeholders the chosen template needs and the order does not give.
        for name in placeholders or []:
            placeholder = known_placeholders().get(name)
            self.fields[f"value_{name}"] = forms.CharField(
                label=f"{{{name}}} · {placeholder.label}" if placeholder else f"{{{name}}}",
                required=False,
                max_length=500,
            )
            self.fields[f"value_{name}"].widget.attrs["class"] = "form-control"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "template" and not data.get("template"):
            self.add_error("template", _("Choose the template to send."))
        if data.get("kind") == "text" and not (data.get("text") or "").strip():
            self.add_error("text", _("Write the message."))
        return data

    def given_values(self) -> dict[str, str]:
        return {
            name.removeprefix("value_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("value_") and value
        }


class MessageTemplateForm(StyledForm):
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=100,
        help_text=gettext_lazy(
            "The same in every language, e.g. shipment-notice. For a WhatsApp template it is "
            "the template's name in WhatsApp Manager (with _ for -)."
        ),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=language_choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=[(Channel.EMAIL, Channel.EMAIL.label), (Channel.WHATSAPP, Channel.WHATSAPP.label)],
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=500, required=False)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].widget.attrs["data-enhance"] = ""
        self.fields["body"].widget.attrs["data-placeholder-target"] = ""
        self.fields["subject"].widget.attrs["data-placeholder-target"] = ""


class TemplatePreviewForm(StyledForm):
    order = forms.ModelChoiceField(
        label=gettext_lazy("Preview with order"),
        queryset=Order.objects.none(),
        widget=LookupSelect(reverse_lazy("comms:order_lookup")),
        required=False,
    )

    def __init__(self, *args: Any, orders: QuerySet[Order], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "order").queryset = orders
