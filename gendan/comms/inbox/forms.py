"""Forms of the inbox: its filters, linking a conversation, a lead from a sender."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from gendan.accounts.access import writable_teams
from gendan.accounts.models import Team, User
from gendan.core.forms import StyledForm, model_choice
from gendan.customers.selectors import customers_visible
from gendan.orders.models import Order
from gendan.orders.selectors import orders_visible

from ..form_fields import customer_lookup
from ..mail.selectors import mailboxes_visible
from ..models import Channel, Direction, Mailbox


class InboxFilterForm(StyledForm):
    q = forms.CharField(label=_("search"), max_length=200, required=False)
    channel = forms.ChoiceField(
        label=_("channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )
    direction = forms.ChoiceField(
        label=_("direction"),
        choices=[("", _("Any direction")), *Direction.choices],
        required=False,
    )
    customer = customer_lookup(_("customer"), required=False, empty_label=_("All customers"))
    order = forms.ModelChoiceField(
        label=_("order"), queryset=Order.objects.none(), required=False, widget=forms.HiddenInput
    )
    mailbox = forms.ModelChoiceField(
        label=_("mailbox"),
        queryset=Mailbox.objects.none(),
        required=False,
        empty_label=_("All mailboxes"),
    )
    unassigned = forms.BooleanField(label=_("Unassigned only"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "customer").queryset = customers_visible(user)
        model_choice(self, "mailbox").queryset = mailboxes_visible(user).only(
            "id", "name", "address"
        )
        model_choice(self, "order").queryset = orders_visible(user)
        self.fields["customer"].widget.attrs["data-placeholder"] = _("All customers")


class ConversationLinkForm(StyledForm):
    customer = customer_lookup(_("customer"), empty_label=_("Type a name or code"))
    order = forms.ModelChoiceField(
        label=_("order"),
        queryset=Order.objects.none(),
        required=False,
        empty_label=_("No order"),
        help_text=_("One of the customer's orders."),
    )

    def __init__(self, *args: Any, user: User, orders: list[Order] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice(self, "customer").queryset = customers_visible(user)
        order_field = model_choice(self, "order")
        order_field.queryset = orders_visible(user)
        if orders is not None:
            # The choices offered: the linked customer's orders (any visible order is
            # accepted and then checked against the customer by the service).
            order_field.choices = [("", _("No order"))] + [
                (o.pk, f"{o.number} · {o.get_status_display()}") for o in orders
            ]


class CustomerFromSenderForm(StyledForm):
    name = forms.CharField(label=_("company name"), max_length=200)
    # A callable: the names are read in the language of the request, not of start-up.
    country = forms.ChoiceField(label=_("country"), choices=lambda: [("", "—"), *countries])
    contact_name = forms.CharField(label=_("contact name"), max_length=150, required=False)
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = writable_teams(user, "customers.change")
        model_choice(self, "team").queryset = teams
        self.fields["country"].widget.attrs["data-enhance"] = ""
        if len(teams[:2]) == 1:
            self.fields["team"].initial = teams[0].pk
            self.fields["team"].widget = forms.HiddenInput()
