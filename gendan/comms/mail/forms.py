"""Forms of the mail pages: mailbox settings, composing, importing history."""

from __future__ import annotations

from email.utils import getaddresses
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.accounts.models import Team, User
from gendan.core.forms import (
    MultipleFileField,
    MultipleFileInput,
    StyledForm,
    StyledModelForm,
    model_choice,
)

from ..models import Mailbox

# An uploaded mail archive may be large: years of mail with attachments.

# An uploaded mail archive may be large: years of mail with attachments.
MAIL_IMPORT_MAX_MB = 2048


def split_addresses(value: str) -> list[str]:
    """'Anna <anna@x.de>; bob@y.com, ' -> ['anna@x.de', 'bob@y.com']."""
    text = (value or "").replace(";", ",").replace("\n", ",")
    return [address.strip() for _name, address in getaddresses([text]) if address.strip()]


# --- Mailbox settings -----------------------------------------------------------------------
class MailboxForm(StyledModelForm):
    imap_password = forms.CharField(
        label=gettext_lazy("IMAP password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    smtp_password = forms.CharField(
        label=gettext_lazy("SMTP password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Leave empty to use the IMAP password."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "name", "address", "owner", "team", "is_active", "imap_host", "imap_port",
            "imap_security", "imap_username", "inbox_folder", "sent_folder", "smtp_host",
            "smtp_port", "smtp_security", "smtp_username",
        ]  # fmt: skip
        help_texts = {
            "name": gettext_lazy("What your colleagues see, e.g. “Amy – sales” or “orders@”."),
            "sent_folder": gettext_lazy(
                "Mail you send from other programs is read from here too. "
                "Found automatically when the server names it differently."
            ),
            "smtp_username": gettext_lazy("Leave empty to use the IMAP user name."),
            "is_active": gettext_lazy("Fetch new mail every few minutes."),
        }

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[User] | None,
        teams: QuerySet[Team],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        self.fields["imap_password"].required = creating
        if not creating:
            kept = _("Stored encrypted. Leave empty to keep it.")
            self.fields["imap_password"].help_text = kept
            self.fields["smtp_password"].help_text = kept
            for name in ("imap_password", "smtp_password"):
                self.fields[name].widget.attrs["placeholder"] = "••••••••"
        model_choice(self, "team").queryset = teams
        if owners is None:
            # Only managers set up mailboxes for others or shared ones.
            del self.fields["owner"]
        else:
            owner = model_choice(self, "owner")
            owner.queryset = owners
            owner.empty_label = _("Shared by the team (no owner)")
        for name in ("imap_port", "smtp_port"):
            self.fields[name].widget.attrs.update({"min": 1, "max": 65535})

    def clean_address(self) -> str:
        return (self.cleaned_data.get("address") or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("imap_port", "smtp_port"):
            port = data.get(name)
            if port is not None and not 1 <= port <= 65535:
                self.add_error(name, _("A port is a number from 1 to 65535."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as the mailbox services take them."""
        data = dict(self.cleaned_data)
        return {name: data[name] for name in self.Meta.fields if name in data}


# --- Composing ----------------------------------------------------------------------------
class ComposeForm(StyledForm):
    mailbox = forms.ModelChoiceField(
        label=gettext_lazy("From"), queryset=Mailbox.objects.none(), empty_label=None
    )
    to = forms.CharField(
        label=gettext_lazy("To"),
        max_length=4000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    cc = forms.CharField(
        label=gettext_lazy("Cc"),
        max_length=4000,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    bcc = forms.CharField(
        label=gettext_lazy("Bcc"),
        max_length=4000,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=500)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "compose-body"}),
    )
    attachments = MultipleFileField(label=gettext_lazy("Attach files"), required=False)
    order_files = forms.MultipleChoiceField(
        label=gettext_lazy("Files already on the order"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(
        self,
        *args: Any,
        mailboxes: QuerySet[Mailbox],
        order_file_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "mailbox").queryset = mailboxes
        if order_file_choices:
            self.fields["order_files"].choices = order_file_choices  # type: ignore[attr-defined]
        else:
            del self.fields["order_files"]
        self.fields["to"].help_text = _("Separate several addresses with commas.")

    def _addresses(self, name: str) -> list[str]:
        return split_addresses(self.cleaned_data.get(name) or "")

    def clean_attachments(self) -> list[UploadedFile]:
        files = self.cleaned_data.get("attachments") or []
        limit = settings.MAIL_ATTACHMENT_MAX_MB * 1024 * 1024
        if sum(f.size or 0 for f in files) > limit:
            raise ValidationError(
                _("Attachments may be %(limit)s in all.") % {"limit": filesizeformat(limit)}
            )
        return files

    @property
    def recipients(self) -> dict[str, list[str]]:
        return {name: self._addresses(name) for name in ("to", "cc", "bcc")}


# --- Importing history ----------------------------------------------------------------------
class MailImportForm(StyledForm):
    mailbox = forms.ModelChoiceField(
        label=gettext_lazy("Import into"), queryset=Mailbox.objects.none(), empty_label=None
    )
    mail_files = MultipleFileField(
        label=gettext_lazy("Mail files"),
        widget=MultipleFileInput(attrs={"accept": ".mbox,.mbx,.eml,message/rfc822"}),
        help_text=gettext_lazy(
            "An .mbox archive (Thunderbird, Gmail's Takeout, Apple Mail), or one or more "
            ".eml files (Outlook, Foxmail). Select all .eml files of a folder at once."
        ),
    )

    def __init__(self, *args: Any, mailboxes: QuerySet[Mailbox], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "mailbox").queryset = mailboxes

    def clean_mail_files(self) -> list[UploadedFile]:
        files = self.cleaned_data.get("mail_files") or []
        for upload in files:
            name = (upload.name or "").lower()
            if not name.endswith((".mbox", ".mbx", ".eml")) and "." in name.rsplit("/", 1)[-1]:
                raise ValidationError(
                    _("“%(name)s” is not an .mbox or .eml file.") % {"name": upload.name}
                )
        if sum(f.size or 0 for f in files) > MAIL_IMPORT_MAX_MB * 1024 * 1024:
            raise ValidationError(
                _("The files are larger than %(size)s MB in all.") % {"size": MAIL_IMPORT_MAX_MB}
            )
        return files
