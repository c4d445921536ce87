"""Forms for message templates and their preview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from gendan.core.forms import (
    LookupSelect,
    StyledForm,
    model_choice,
)
from gendan.customers.geo import language_choices
from gendan.orders.models import Order

from ..models import Channel


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
