"""Forms of the daily follow-up: step actions, tasks, comments and the board's filters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Model, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gendan.accounts.access import team_ids
from gendan.accounts.models import Role, Team, User
from gendan.core.forms import (
    DateInput,
    LookupSelect,
    MultipleFileField,
    StyledForm,
    model_choice,
)
from gendan.customers.models import Customer

from .services import MAX_EVIDENCE_MB

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MilestoneCompleteForm(StyledForm):
    actual_date = forms.DateField(label=_("done on"), widget=DateInput)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = MultipleFileField(label=_("evidence"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("actual_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        # Built per request: the reader's language, not the one active at import.
        self.fields["evidence"].help_text = gettext(
            "Photos or documents, up to %(mb)s MB each."
        ) % {"mb": MAX_EVIDENCE_MB}


class MilestoneRescheduleForm(StyledForm):
    forecast_date = forms.DateField(label=_("new forecast"), widget=DateInput)
    # Not required here: the service says why a reason is needed, on this field.
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. fabric mill delivers late")}),
    )


class MilestoneSkipForm(StyledForm):
    reason = forms.CharField(label=_("reason for skipping"), required=False, max_length=255)


def _optional_choice(
    label: StrOrPromise, model: type[Model], empty_label: StrOrPromise, **kwargs: Any
) -> forms.ModelChoiceField:
    """An optional choice of one ``model`` row; the form sets the rows the user may choose."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model._default_manager.none(),
        required=False,
        empty_label=empty_label,
        **kwargs,
    )


def _user_choice(label: StrOrPromise) -> forms.ModelChoiceField:
    return _optional_choice(label, User, _("Nobody"))


class _ChoosesUser(StyledForm):
    """A form with one user select (``user_field``), offering the ``users`` it is given."""

    user_field = ""

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, self.user_field).queryset = users


class MilestoneAssignForm(_ChoosesUser):
    user_field = "owner"
    owner = _user_choice(_("owner"))


class TaskForm(_ChoosesUser):
    user_field = "assignee"
    title = forms.CharField(
        label=_("task"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Send carton marks to the factory")}),
    )
    assignee = _user_choice(_("assignee"))
    due_date = forms.DateField(label=_("due"), required=False, widget=DateInput)


class CommentForm(StyledForm):
    body = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("Write a comment; @username tells a colleague.")}
        ),
    )


class BoardFilterForm(StyledForm):
    merchandiser = _optional_choice(_("merchandiser"), User, _("All merchandisers"))
    customer = _optional_choice(
        _("customer"),
        Customer,
        _("All customers"),
        widget=LookupSelect(reverse_lazy("customers:lookup")),
    )
    team = _optional_choice(_("team"), Team, _("All teams"))
    late = forms.BooleanField(label=_("late only"), required=False)
    stage = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, customers: QuerySet[Customer], **kwargs: Any):
        super().__init__(*args, **kwargs)
        visible_teams = None if user.sees_all_teams else team_ids(user)
        merchandisers = User.objects.filter(is_active=True, role=Role.MERCHANDISER)
        if visible_teams is not None:
            merchandisers = merchandisers.filter(teams__in=visible_teams).distinct()
        model_choice(self, "merchandiser").queryset = merchandisers.order_by(
            "first_name", "username"
        )
        # The customer select renders only the chosen customer; the rest load as you type.
        chosen = str(self.data.get("customer") or "")
        model_choice(self, "customer").queryset = (
            customers.filter(pk=int(chosen)) if chosen.isdigit() else customers.none()
        )
        # Only someone who sees several teams has a team to choose.
        if visible_teams is not None and len(visible_teams) < 2:
            del self.fields["team"]
        else:
            teams = Team.objects.all()
            if visible_teams is not None:
                teams = teams.filter(pk__in=visible_teams)
            model_choice(self, "team").queryset = teams
