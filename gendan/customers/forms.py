from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from gendan.accounts.access import writable_teams
from gendan.accounts.forms import VersionedModelForm
from gendan.accounts.models import User, time_zone_choices
from gendan.core.forms import StyledForm, StyledModelForm, choice_field, model_choice

from .choices import PreferredChannel
from .geo import language_choices
from .models import Contact, Customer, Source, Stage


class CustomerForm(StyledModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=language_choices, required=False
    )
    preferred_channels = forms.MultipleChoiceField(
        label=_("preferred channels"),
        choices=PreferredChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        choices=[("", _("From the country")), *time_zone_choices()],
        required=False,
    )
    tags = forms.CharField(
        label=_("tags"),
        required=False,
        help_text=_("Separate tags with commas, e.g. VIP, Europe, OEM"),
    )
    # A website typed without a scheme ("acme.com") is taken as https://acme.com.
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_duplicate = forms.BooleanField(
        label=_("This is a different company: create it anyway"), required=False
    )

    class Meta:
        model = Customer
        fields = [
            "name", "country", "city", "address", "time_zone", "languages", "preferred_channels",
            "website", "domain", "source", "stage", "owner", "team", "notes",
        ]  # fmt: skip
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice(self, "team").queryset = writable_teams(user, "customers.change")
        model_choice(self, "owner").queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "username"
        )
        self.fields["country"].widget.attrs["data-enhance"] = ""
        self.fields["time_zone"].widget.attrs["data-enhance"] = ""
        self.fields["languages"].widget.attrs["data-enhance"] = ""
        choice_field(self, "source").choices = Source.choices
        choice_field(self, "stage").choices = Stage.choices
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())
            self.fields["version"].initial = self.instance.version
            del self.fields["confirm_duplicate"]
        else:
            self.fields["owner"].initial = user.pk
            teams = list(writable_teams(user, "customers.change")[:2])
            if len(teams) == 1:
                self.fields["team"].initial = teams[0].pk

    def _post_clean(self):
        # Model validation runs in the service (the time zone comes from the country there).
        pass

    def tag_names(self) -> list[str]:
        return [
            name.strip() for name in self.cleaned_data.get("tags", "").split(",") if name.strip()
        ]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("tags", "version", "confirm_duplicate"):
            data.pop(name, None)
        return data


class ContactForm(VersionedModelForm):
    languages = forms.MultipleChoiceField(
        label=_("languages"), choices=language_choices, required=False
    )
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        choices=[("", _("Same as the customer")), *time_zone_choices()],
        required=False,
    )

    class Meta:
        model = Contact
        fields = [
            "name",
            "title",
            "email",
            "phone",
            "whatsapp",
            "wechat",
            "skype",
            "languages",
            "time_zone",
            "is_primary",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].widget.attrs["data-enhance"] = ""
        self.fields["time_zone"].widget.attrs["data-enhance"] = ""


class CustomerFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    country = forms.ChoiceField(label=_("country"), required=False)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=User.objects.none(), required=False)
    tag = forms.CharField(label=_("tag"), required=False)
    stage = forms.ChoiceField(
        label=_("stage"), choices=[("", _("All stages"))] + Stage.choices, required=False
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("updated", _("Recently changed")),
            ("created", _("Newest")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "country").choices = [("", _("All countries"))] + list(countries)
        model_choice(self, "owner").queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "username"
        )
        model_choice(self, "owner").empty_label = _("All owners")
