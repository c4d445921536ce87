"""Every conversation with a customer: e-mail, WhatsApp, WeChat, calls and meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gendan.accounts.models import Team
from gendan.core.secrets import decrypt, encrypt
from gendan.customers.models import Contact, Customer
from gendan.orders.models import Order


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", "WhatsApp"
    WECHAT = "wechat", _("WeChat")
    SKYPE = "skype", "Skype"
    PHONE = "phone", _("Phone call")
    MEETING = "meeting", _("Meeting")


class Direction(models.TextChoices):
    INBOUND = "in", _("From the customer")
    OUTBOUND = "out", _("To the customer")


class Security(models.TextChoices):
    SSL = "ssl", _("SSL/TLS")
    STARTTLS = "starttls", "STARTTLS"
    NONE = "none", _("None (local test servers only)")


class Mailbox(models.Model):
    """An IMAP/SMTP account: a user's own, or shared by a team (sales@, orders@)."""

    name = models.CharField(_("name"), max_length=100)
    address = models.EmailField(_("e-mail address"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="mailboxes", verbose_name=_("owner"), help_text=_("Empty for a shared mailbox."),
    )  # fmt: skip
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="mailboxes", verbose_name=_("team")
    )
    imap_host = models.CharField(_("IMAP server"), max_length=255)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=10, choices=Security.choices, default=Security.SSL
    )
    imap_username = models.CharField(_("IMAP user name"), max_length=255)
    imap_password_encrypted = models.TextField(blank=True, editable=False)
    inbox_folder = models.CharField(_("inbox folder"), max_length=255, default="INBOX")
    sent_folder = models.CharField(_("sent folder"), max_length=255, blank=True, default="Sent")
    smtp_host = models.CharField(_("SMTP server"), max_length=255, blank=True)
    smtp_port = models.PositiveIntegerField(_("SMTP port"), default=465)
    smtp_security = models.CharField(
        _("SMTP security"), max_length=10, choices=Security.choices, default=Security.SSL
    )
    smtp_username = models.CharField(_("SMTP user name"), max_length=255, blank=True)
    smtp_password_encrypted = models.TextField(blank=True, editable=False)
    is_active = models.BooleanField(_("fetch mail"), default=True)
    last_synced_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        constraints = [models.UniqueConstraint(fields=["address"], name="mailbox_address_unique")]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"

    @property
    def imap_password(self) -> str:
        return decrypt(self.imap_password_encrypted)

    @imap_password.setter
    def imap_password(self, value: str) -> None:
        self.imap_password_encrypted = encrypt(value)

    @property
    def smtp_password(self) -> str:
        return decrypt(self.smtp_password_encrypted)

    @smtp_password.setter
    def smtp_password(self, value: str) -> None:
        self.smtp_password_encrypted = encrypt(value)


class MailboxFolder(models.Model):
    """Where incremental ingest of one IMAP folder stands: UIDVALIDITY and the last UID stored."""

    class Role(models.TextChoices):
        INBOX = "inbox", _("Inbox")
        SENT = "sent", _("Sent")

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(max_length=255)
    role = models.CharField(max_length=10, choices=Role.choices)
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "name"], name="mailbox_folder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mailbox_id}:{self.name}"


class Thread(models.Model):
    """A conversation: the messages of one reply chain (or one chat with one contact)."""

    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    # The subject without Re:/Fwd:/回复: prefixes, lower-cased: the threading fallback.
    subject_key = models.CharField(max_length=500, blank=True, db_index=True)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="threads"
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="threads"
    )
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            # the inbox: WHERE team_id IN (...) ORDER BY last_message_at DESC
            models.Index(fields=["team", "-last_message_at", "-id"], name="thread_team_recent"),
            models.Index(fields=["customer", "-last_message_at"], name="thread_customer_recent"),
        ]

    def __str__(self) -> str:
        return self.subject or str(self.pk)

    def get_absolute_url(self) -> str:
        return reverse("comms:thread", args=[self.pk])


class Message(models.Model):
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    # The team whose members see it: the customer's, else the mailbox's.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    folder = models.ForeignKey(
        MailboxFolder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imap_uid = models.BigIntegerField(null=True, blank=True)
    # Message-ID without angle brackets; where a message has none, a hash of its content.
    message_id = models.CharField(_("Message-ID"), max_length=995, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    in_reply_to = models.CharField(max_length=995, blank=True)
    references = models.TextField(blank=True)
    subject = models.CharField(_("subject"), max_length=1000, blank=True)
    from_address = models.CharField(_("from"), max_length=320, blank=True)
    from_name = models.CharField(_("sender name"), max_length=255, blank=True)
    # [{"name": ..., "address": ...}, ...]
    to = models.JSONField(_("to"), default=list, blank=True)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    received_at = models.DateTimeField(_("stored"), auto_now_add=True)
    body_text = models.TextField(_("text"), blank=True)
    # Sanitised before storing: no scripts, no event handlers, remote images held back.
    body_html = models.TextField(_("HTML"), blank=True)
    has_remote_images = models.BooleanField(default=False)
    is_auto = models.BooleanField(_("automatic reply or bulk mail"), default=False)
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    # WhatsApp Cloud API: the message id (wamid) and its delivery status.
    external_id = models.CharField(max_length=255, blank=True)
    delivery_status = models.CharField(_("delivery"), max_length=20, blank=True)
    # The original .eml, kept so nothing of the message is lost.
    raw = models.FileField(upload_to="mail/raw/%Y/%m/", blank=True, max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # A message is stored once per mailbox, however often it is fetched or imported.
            models.UniqueConstraint(
                fields=["mailbox", "message_id"],
                condition=~Q(message_id=""),
                name="message_once_per_mailbox",
            ),
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="message_external_once",
            ),
        ]
        indexes = [
            # threading: find the parent by Message-ID
            models.Index(fields=["message_id"], name="message_message_id"),
            models.Index(fields=["content_hash"], name="message_content_hash"),
            # a thread's messages; a customer's / order's timeline
            models.Index(fields=["thread", "sent_at"], name="message_thread"),
            models.Index(fields=["customer", "-sent_at"], name="message_customer"),
            models.Index(fields=["order", "-sent_at"], name="message_order"),
            # the unassigned inbox
            models.Index(fields=["team", "customer", "-sent_at"], name="message_team_customer"),
        ]

    def __str__(self) -> str:
        return self.subject or self.body_text[:60]

    def get_absolute_url(self) -> str:
        if self.thread_id:
            return reverse("comms:thread", args=[self.thread_id]) + f"#message-{self.pk}"
        return reverse("comms:message", args=[self.pk])

    @property
    def participants(self) -> list[str]:
        """Every address on the message, sender first, each once."""
        seen: dict[str, None] = {}
        for address in [
            self.from_address,
            *(p.get("address", "") for p in [*self.to, *self.cc, *self.bcc]),
        ]:
            if address:
                seen.setdefault(address.lower(), None)
        return list(seen)


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"mail/attachments/{instance.message.sent_at:%Y/%m}/{filename}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255, blank=True)
    # The name the sender gave it, decoded (RFC 2231/2047); shown and offered on download.
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    content_id = models.CharField(max_length=255, blank=True)
    is_inline = models.BooleanField(default=False)
    # Too big to keep (over MAIL_ATTACHMENT_MAX_MB): the name and size are kept, not the file.
    is_skipped = models.BooleanField(_("not kept (too large)"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class MessageTemplate(models.Model):
    """A reusable message in one language, with {placeholders} filled from an order or customer."""

    code = models.SlugField(
        _("code"),
        max_length=100,
        help_text=_("The same code in each language, e.g. shipment-notice"),
    )
    language = models.CharField(_("language"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["code", "language"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["code", "language"], name="template_code_language")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class WebhookEvent(models.Model):
    """A webhook call as it arrived, stored before it is processed so nothing is lost."""

    source = models.CharField(max_length=30)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    headers = models.JSONField(default=dict)
    body = models.TextField()
    signature_valid = models.BooleanField(default=False)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.received_at:%Y-%m-%d %H:%M}"


class MailImport(models.Model):
    """A mail history file (.mbox, .eml) uploaded in the browser, imported in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.CASCADE, related_name="imports", verbose_name=_("mailbox")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    original_name = models.CharField(_("file name"), max_length=255)
    # Under MEDIA_ROOT: the folder holding the uploaded file(s), removed when done.
    directory = models.CharField(max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("messages"), default=0)
    processed = models.PositiveIntegerField(_("read"), default=0)
    created_count = models.PositiveIntegerField(_("stored"), default=0)
    duplicate_count = models.PositiveIntegerField(_("already stored"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first errors as {"item": "archive.mbox #12", "error": "..."}.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mail import")
        verbose_name_plural = _("mail imports")
        indexes = [
            # the import page: a mailbox's recent imports
            models.Index(fields=["mailbox", "-created_at"], name="mailimport_mailbox_recent"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, int(self.processed * 100 / self.total)) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def minutes_left(self) -> int | None:
        """At the pace so far, about how many minutes the rest takes (None: no pace yet)."""
        if self.status != self.Status.RUNNING or not self.started_at or self.processed < 20:
            return None
        elapsed = (self.updated_at - self.started_at).total_seconds()
        if elapsed <= 0:
            return None
        return round((self.total - self.processed) * elapsed / self.processed / 60)
