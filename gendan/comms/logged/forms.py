"""The form for logging a contact."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gendan.core.forms import (
    MultipleFileField,
    StyledForm,
    model_choice,
)
from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order

from ..form_fields import customer_lookup, limited_choice, optional_order
from ..models import Direction
from .services import LOGGED_CHANNELS

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def contact_label(contact: Contact) -> str:
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
    customer = customer_lookup(gettext_lazy("Customer"))
    contact = limited_choice(Contact, gettext_lazy("Contact"), required=False)
    order = optional_order(gettext_lazy("Order"))
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
