"""The upload form of the import pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core.forms import StyledForm, model_choice


class ImportUploadForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx, first sheet) or a CSV file, with the column headers in the first row."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
    team: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Team for new customers"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("As the file's Team column says"),
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only someone who can put records in several teams has a choice to make.
        if teams is None or len(teams[:2]) < 2:
            del self.fields["team"]
        else:
            model_choice(self, "team").queryset = teams

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv", ".txt")):
            raise ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
        if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": settings.MAX_UPLOAD_MB}
            )
        return upload
