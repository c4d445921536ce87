from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gendan.core.forms import StyledFormMixin, StyledModelForm

from .models import User, time_zone_choices


class LoginForm(StyledFormMixin, AuthenticationForm):
    pass


class ProfileForm(StyledModelForm):
    time_zone = forms.ChoiceField(label=_("time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "language", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].widget.attrs["data-enhance"] = ""
