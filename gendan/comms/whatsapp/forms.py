"""Forms for importing WhatsApp chat exports and sending WhatsApp messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.accounts.models import time_zone_choices
from gendan.core.forms import (
    LookupSelect,
    StyledForm,
    model_choice,
)
from gendan.customers.models import Contact
from gendan.orders.models import Order

from ..form_fields import optional_order
from ..logged.forms import contact_label
from ..message_templates.rendering import known_placeholders
from ..models import Channel, MessageTemplate


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
        self.fields["contact"].label_from_instance = contact_label  # type: ignore[attr-defined]
        self.fields["time_zone"].widget.attrs["data-enhance"] = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".txt", ".zip")):
            raise ValidationError(_("Upload the .txt or .zip file WhatsApp made."))
        _upload_limit(upload)
        return upload


class WhatsAppSendForm(StyledForm):
    contact = forms.ModelChoiceField(
        label=gettext_lazy("To"),
        queryset=Contact.objects.none(),
        widget=LookupSelect(format_lazy("{}?whatsapp=1", reverse_lazy("comms:contact_lookup"))),
    )
    order = optional_order(gettext_lazy("About order"))
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
        self.fields["contact"].label_from_instance = contact_label  # type: ignore[attr-defined]
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
