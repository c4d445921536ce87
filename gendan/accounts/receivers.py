"""Log-in, log-out, failed log-in and lock-out go to the security log."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gendan.audit.services import security_event_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    security_event_record(kind="login", request=request, user=user, username=user.get_username())


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_record(
            kind="logout", request=request, user=user, username=user.get_username()
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    security_event_record(
        kind="login_failed", request=request, username=credentials.get("username", "")
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    security_event_record(kind="locked_out", request=request, username=username or "")
