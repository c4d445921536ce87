"""Data and helpers for the chat tests: chat exports, signed webhook calls, and a fake
WhatsApp Cloud API server (started by the ``cloud_api`` fixture in ``chat_support``)."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
ACCESS_TOKEN = "test-access-token"
PHONE_NUMBER_ID = "106540352242922"
HANS_NUMBER = "+4917012345678"


@dataclass
class Buyer:
    customer: Any
    contact: Any


def chat_zip(text: str, files: dict[str, bytes], *, text_name: str = "_chat.txt") -> bytes:
    """A zip as WhatsApp makes it "with media": the chat text and the media files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(text_name, text.encode())
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- webhooks -------------------------------------------------------------------------
def signature(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def inbound_payload(
    *, wamid: str, number: str, text: str, name: str = "Hans Weber", timestamp: int = 1767261600
) -> dict[str, Any]:
    """A notification of one incoming text, shaped as Meta documents it."""
    wa_id = number.lstrip("+")
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "8657412345678",
                                "phone_number_id": PHONE_NUMBER_ID,
                            },
                            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                            "messages": [
                                {
                                    "from": wa_id,
                                    "id": wamid,
                                    "timestamp": str(timestamp),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


def status_payload(*, wamid: str, status: str, number: str = HANS_NUMBER) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "8657412345678",
                                "phone_number_id": PHONE_NUMBER_ID,
                            },
                            "statuses": [
                                {
                                    "id": wamid,
                                    "status": status,
                                    "timestamp": "1767261700",
                                    "recipient_id": number.lstrip("+"),
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


# --- a fake Cloud API -----------------------------------------------------------------
@dataclass
class CloudRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeCloudApi:
    """A Graph API stand-in on 127.0.0.1 that answers as Meta documents it."""

    base_url: str = ""
    requests: list[CloudRequest] = field(default_factory=list)
    # The next answers, first in first out: (status, body); empty means success.
    answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    counter: int = 0

    def refuse(self, *, message: str, code: int, status: int = 400) -> None:
        self.answers.append(
            (
                status,
                {
                    "error": {
                        "message": message,
                        "type": "OAuthException",
                        "code": code,
                        "error_data": {"messaging_product": "whatsapp", "details": message},
                        "fbtrace_id": "AbCdEf",
                    }
                },
            )
        )


def cloud_handler(api: FakeCloudApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {"_raw": raw.decode("utf-8", "replace")}
            api.requests.append(CloudRequest(self.path, dict(self.headers), body))
            if api.answers:
                status, answer = api.answers.pop(0)
            elif self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                status, answer = (
                    401,
                    {"error": {"message": "Invalid OAuth access token.", "code": 190}},
                )
            else:
                api.counter += 1
                status = 200
                answer = {
                    "messaging_product": "whatsapp",
                    "contacts": [
                        {"input": body.get("to", ""), "wa_id": str(body.get("to", "")).lstrip("+")}
                    ],
                    "messages": [{"id": f"wamid.TEST{api.counter:04d}"}],
                }
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
            return

    return Handler
