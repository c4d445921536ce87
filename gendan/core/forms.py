"""Form helpers: Tabler/Bootstrap classes on widgets, and service errors shown on the form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class StyledFormMixin:
    """Give every widget the CSS class the design system expects."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                # forms/field.html renders these as chips: the box itself is hidden (still
                # focusable and submitted) and the chip shows whether it is checked.
                css = "" if widget.attrs.get("class") else "form-selectgroup-input"
            elif isinstance(widget, forms.RadioSelect):
                css = ""
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            _quiet_empty_choice(field)

    def full_clean(self):
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


DJANGO_EMPTY_LABEL = "---------"
EMPTY_LABEL = "—"


def _quiet_empty_choice(field: forms.Field) -> None:
    """Show an empty choice as a dash, not Django's row of hyphens."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = EMPTY_LABEL
    elif isinstance(field, forms.ChoiceField):
        choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
        if any(value == "" and label == DJANGO_EMPTY_LABEL for value, label in choices):
            field.choices = [
                (value, EMPTY_LABEL if value == "" and label == DJANGO_EMPTY_LABEL else label)
                for value, label in choices
            ]


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                if target is None and name != NON_FIELD_ERRORS:
                    label = name.replace("_", " ")
                    message = f"{label}: {message}"
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LookupSelect(forms.Select):
    """A select that renders only the chosen option; the browser loads the rest as you type.

    Lists of customers or products can be long, so the page never carries them all.
    """

    def __init__(self, lookup_url: str | Promise, attrs=None):
        super().__init__(attrs={**(attrs or {}), "data-lookup": lookup_url})

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        groups = []
        choices: Any = self.choices
        if isinstance(choices, ModelChoiceIterator):
            # Query only the chosen rows, not the whole (possibly huge) queryset.
            queryset = choices.queryset
            rows = queryset.filter(pk__in=[v for v in chosen if v.isdigit()]) if chosen else []
            choices = [("", choices.field.empty_label or "")] + [
                choices.choice(obj) for obj in rows
            ]
        for index, (option_value, label) in enumerate(choices):
            option_value = "" if option_value is None else option_value
            value_str = str(getattr(option_value, "value", option_value))
            if value_str == "" or value_str in chosen:
                groups.append(
                    (
                        None,
                        [self.create_option(name, option_value, label, value_str in chosen, index)],
                        index,
                    )
                )
        return groups


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's model-choice field, typed as one (``form.fields`` holds plain Fields)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; always a list (empty: none)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = (
            [i for i in data if i] if isinstance(data, list | tuple) else ([data] if data else [])
        )
        if not items and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in items]
