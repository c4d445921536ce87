"""Choice fields the comms forms share.

Each starts with no choices: the form's ``__init__`` sets the rows its user may pick.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from gendan.core.forms import LookupSelect
from gendan.customers.models import Customer
from gendan.orders.models import Order


def limited_choice(model: type[models.Model], label: Any, **kwargs: Any) -> forms.ModelChoiceField:
    """A choice of ``model`` rows, none until the form names the ones allowed."""
    return forms.ModelChoiceField(label=label, queryset=model._default_manager.none(), **kwargs)


def customer_lookup(label: Any, **kwargs: Any) -> forms.ModelChoiceField:
    """A customer found by typing part of a name or code."""
    return limited_choice(
        Customer, label, widget=LookupSelect(reverse_lazy("customers:lookup")), **kwargs
    )


def optional_order(label: Any, **kwargs: Any) -> forms.ModelChoiceField:
    """The order a message is about, where it need not be about one."""
    return limited_choice(
        Order, label, required=False, empty_label=gettext_lazy("No particular order"), **kwargs
    )
