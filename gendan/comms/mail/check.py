"""“Test connection”: log in to a mailbox's IMAP and SMTP servers and say what was found."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ..models import Mailbox
from .imap import describe_error, imap_connect, imap_logout, sent_folder_name, server_folders
from .send import smtp_connection

CHECK_TIMEOUT = 15  # seconds: the user is waiting for the answer

# What a server's or the network's error usually means, for the person fixing the settings.
_HINTS = [
    (("authenticationfailed", "authentication failed", "login failed", "invalid credentials",
      "535", "password", "logindisabled", "[auth]"),
     _lazy("The server refused the user name or password. QQ, 163 and Gmail need an app password.")),
    (("connection refused",), _lazy("The server refused the connection: check the server name and port.")),
    (("name or service not known", "nodename nor servname", "getaddrinfo", "no address associated"),
     _lazy("There is no server with this name.")),
    (("timed out", "timeout"), _lazy("The server did not answer in time: check the name and port.")),
    (("ssl", "certificate", "wrong_version_number", "starttls"),
     _lazy("The secure connection failed: check the security setting and the port (993/465 for SSL/TLS, 143/587 for STARTTLS).")),
]  # fmt: skip


def error_hint(error: str) -> str:
    """A sentence saying what a stored connection error most likely means ('' if unsure)."""
    lowered = (error or "").lower()
    for needles, hint in _HINTS:
        if any(needle in lowered for needle in needles):
            return str(hint)
    return ""


@dataclass
class CheckLine:
    ok: bool
    what: str
    detail: str = ""
    hint: str = ""


def _login_failed(what: str, server: str, exc: Exception) -> CheckLine:
    """The line for a server that refused us, with a hint where the error suggests one."""
    error = describe_error(exc)
    return CheckLine(False, what % {"server": server}, error, error_hint(error))


def mailbox_check(mailbox: Mailbox) -> list[CheckLine]:
    """Each step of connecting, with what went wrong where it did.  Changes nothing."""
    lines: list[CheckLine] = []
    imap_server = f"{mailbox.imap_host}:{mailbox.imap_port}"
    try:
        client = imap_connect(mailbox, timeout=CHECK_TIMEOUT)
    except Exception as exc:
        lines.append(_login_failed(_("IMAP: could not log in to %(server)s"), imap_server, exc))
    else:
        try:
            lines.append(
                CheckLine(
                    True,
                    _("IMAP: logged in to %(server)s as %(user)s")
                    % {"server": imap_server, "user": mailbox.imap_username},
                )
            )
            names = {name for name, _flags in server_folders(client)}
            inbox = mailbox.inbox_folder or "INBOX"
            if inbox in names or inbox.upper() == "INBOX":
                status = client.folder.status(inbox, ["MESSAGES"])
                lines.append(
                    CheckLine(
                        True,
                        _("Inbox “%(folder)s”: %(count)s messages")
                        % {"folder": inbox, "count": status.get("MESSAGES", 0)},
                    )
                )
            else:
                lines.append(
                    CheckLine(False, _("There is no folder “%(folder)s”") % {"folder": inbox})
                )
            if mailbox.sent_folder:
                sent = sent_folder_name(client, mailbox.sent_folder)
                if sent:
                    lines.append(CheckLine(True, _("Sent folder: “%(folder)s”") % {"folder": sent}))
                else:
                    lines.append(
                        CheckLine(
                            False,
                            _("No Sent folder found; mail sent from other programs is not read."),
                            ", ".join(sorted(names))[:300],
                        )
                    )
        except Exception as exc:
            lines.append(
                CheckLine(False, _("IMAP: reading the folders failed"), describe_error(exc))
            )
        finally:
            imap_logout(client)

    if not mailbox.smtp_host:
        lines.append(CheckLine(False, _("No SMTP server: mail cannot be sent from this mailbox.")))
        return lines
    smtp_server = f"{mailbox.smtp_host}:{mailbox.smtp_port}"
    connection = smtp_connection(mailbox, timeout=CHECK_TIMEOUT)
    try:
        connection.open()
    except Exception as exc:
        lines.append(_login_failed(_("SMTP: could not log in to %(server)s"), smtp_server, exc))
    else:
        lines.append(CheckLine(True, _("SMTP: connected to %(server)s") % {"server": smtp_server}))
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return lines
