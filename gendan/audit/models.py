from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    MERGE = "merge", _("merged")
    IMPORT = "import", _("imported")


class HistoryEntry(models.Model):
    """One change to one record: who, when, and each field's old and new value.

    ``record`` is the row that changed (a contact, an order line); ``subject`` is the page
    it is shown on (the customer, the order), so a record page reads its whole history
    with one indexed query.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # "app_label.model" strings, not content-type rows: reading history needs no lookup.
    record_type = models.CharField(max_length=100)
    record_id = models.BigIntegerField()
    record_label = models.CharField(max_length=255)
    subject_type = models.CharField(max_length=100)
    subject_id = models.BigIntegerField()
    # {field name: [old, new]} as display text, so the entry reads the same after the
    # related rows it mentions are renamed or deleted.
    changes = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        indexes = [
            # a record page: WHERE subject = ? ORDER BY at DESC, id DESC LIMIT n
            models.Index(
                fields=["subject_type", "subject_id", "-at", "-id"], name="history_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.record_label}"


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGOUT = "logout", _("logged out")
        LOGIN_FAILED = "login_failed", _("failed log-in")
        LOCKED_OUT = "locked_out", _("locked out")
        PERMISSION_DENIED = "permission_denied", _("permission refused")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.username}"
