"""A small client for the WhatsApp Business Cloud API (Meta's Graph API).

Messages are sent with ``POST {base}/{phone_number_id}/messages`` and a Bearer token;
the answer names the new message's id (``wamid.…``), which later webhooks refer to
when they report it sent, delivered or read.  The base URL is a setting, so the tests
(and a staging set-up) talk to a local server that speaks the same JSON.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# Meta names some template languages with a region; ours are plain language codes.
TEMPLATE_LANGUAGES = {"zh": "zh_CN", "pt": "pt_BR"}


class CloudApiError(Exception):
    """The Cloud API refused a request or could not be reached; the text says why."""

    def __init__(self, message: str, *, code: int | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


@dataclass(frozen=True)
class SendResult:
    message_id: str  # wamid.…
    wa_id: str  # the recipient's WhatsApp id (their number without "+")
    status: str  # "accepted", or what the API said


def is_configured() -> bool:
    return bool(settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_ACCESS_TOKEN)


class CloudApiClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        phone_number_id: str | None = None,
        access_token: str | None = None,
        timeout: float = 20,
    ) -> None:
        self.base_url = (base_url or settings.WHATSAPP_API_BASE_URL).rstrip("/")
        self.phone_number_id = phone_number_id or settings.WHATSAPP_PHONE_NUMBER_ID
        self.access_token = access_token or settings.WHATSAPP_ACCESS_TOKEN
        self.timeout = timeout

    def send_text(self, *, to: str, body: str, preview_url: bool = False) -> SendResult:
        """A free-form text; WhatsApp delivers it only within 24 hours of the customer's last message."""
        return self._send(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": _recipient(to),
                "type": "text",
                "text": {"preview_url": preview_url, "body": body},
            }
        )

    def send_template(
        self,
        *,
        to: str,
        name: str,
        language: str,
        parameters: Mapping[str, str] | Sequence[str] = (),
    ) -> SendResult:
        """A template approved in WhatsApp Manager, with its body parameters.

        A mapping fills named parameters ({{order_number}}), a sequence positional ones
        ({{1}}, {{2}}).
        """
        template: dict[str, Any] = {
            "name": name,
            "language": {"code": TEMPLATE_LANGUAGES.get(language, language)},
        }
        if parameters:
            if isinstance(parameters, Mapping):
                values = [
                    {"type": "text", "parameter_name": key, "text": value}
                    for key, value in parameters.items()
                ]
            else:
                values = [{"type": "text", "text": value} for value in parameters]
            template["components"] = [{"type": "body", "parameters": values}]
        return self._send(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": _recipient(to),
                "type": "template",
                "template": template,
            }
        )

    def _send(self, payload: dict[str, Any]) -> SendResult:
        data = self._post(f"{self.phone_number_id}/messages", payload)
        messages = data.get("messages") or []
        if not messages or not isinstance(messages[0], dict) or not messages[0].get("id"):
            raise CloudApiError(_("The WhatsApp Cloud API answered without a message id."))
        contacts = data.get("contacts") or [{}]
        return SendResult(
            message_id=str(messages[0]["id"]),
            wa_id=str(contacts[0].get("wa_id", "")) if isinstance(contacts[0], dict) else "",
            status=str(messages[0].get("message_status") or "accepted"),
        )

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        if not (self.phone_number_id and self.access_token):
            raise CloudApiError(
                _(
                    "WhatsApp sending is not set up: WHATSAPP_PHONE_NUMBER_ID and "
                    "WHATSAPP_ACCESS_TOKEN must be set."
                )
            )
        request = urllib.request.Request(  # noqa: S310 - the base URL is a setting, https in production
            f"{self.base_url}/{path}",
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.access_token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return _json(response.read())
        except urllib.error.HTTPError as exc:
            body = _json(exc.read() or b"{}", strict=False)
            found = body.get("error")
            error: dict[str, Any] = found if isinstance(found, dict) else {}
            detail = str((error.get("error_data") or {}).get("details", ""))
            message = str(error.get("message") or exc.reason or exc.code)
            if detail and detail not in message:
                message = f"{message} ({detail})"
            raise CloudApiError(
                _("WhatsApp refused the message: %(message)s") % {"message": message},
                code=error.get("code") if isinstance(error.get("code"), int) else None,
                status=exc.code,
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise CloudApiError(
                _("The WhatsApp Cloud API could not be reached: %(reason)s") % {"reason": reason}
            ) from None


def _recipient(number: str) -> str:
    if not E164.match(number or ""):
        raise CloudApiError(
            _("%(number)s is not a phone number in E.164 form (+ country code and number).")
            % {"number": number or "—"}
        )
    return number


def _json(raw: bytes, *, strict: bool = True) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        if strict:
            raise CloudApiError(
                _("The WhatsApp Cloud API answered with something other than JSON.")
            ) from None
        return {}
    return data if isinstance(data, dict) else {}
