from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message for one user inside Gendan (the bell); mail digests come from these too."""

    class Kind(models.TextChoices):
        DELAY_WARNING = "delay_warning", _("Delay warning")
        DELAY_CLEARED = "delay_cleared", _("Delay cleared")
        MENTION = "mention", _("Mention")
        TASK_ASSIGNED = "task_assigned", _("Task assigned")
        MILESTONE_DUE = "milestone_due", _("Step due")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # the bell: WHERE user_id = ? AND read_at IS NULL; the list: ORDER BY created_at DESC
            models.Index(
                fields=["user", "read_at", "-created_at"], name="notification_user_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.title
