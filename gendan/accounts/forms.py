from __future__ import annotations

from typing import Any

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


class VersionedModelForm(StyledModelForm):
    """A record page's form: it carries the version the record was read at.

    Model validation and uniqueness run in the service, for pages, API and imports alike,
    so the form leaves them out; ``service_fields`` is what it hands the service.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data
