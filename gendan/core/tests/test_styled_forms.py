"""Forms wear the design system's classes and show an empty choice as a dash."""

import pytest
from django import forms

from gendan.accounts.models import Team
from gendan.core.forms import StyledForm


class Example(StyledForm):
    team = forms.ModelChoiceField(queryset=Team.objects.all(), required=False)
    incoterm = forms.ChoiceField(choices=[("", "---------"), ("FOB", "FOB")], required=False)
    grouped = forms.ChoiceField(choices=[("Sea", [("FOB", "FOB")]), ("Any", [("EXW", "EXW")])])
    name = forms.CharField()


@pytest.mark.django_db
def test_an_empty_choice_is_a_dash_and_widgets_get_their_classes():
    form = Example()
    html = str(form)

    assert "---------" not in html
    assert form.fields["team"].empty_label == "—"
    assert list(form.fields["incoterm"].choices) == [("", "—"), ("FOB", "FOB")]
    assert "Sea" in html and "EXW" in html  # grouped choices are left alone
    assert 'class="form-select"' in html and 'class="form-control"' in html
