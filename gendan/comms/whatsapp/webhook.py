"""WhatsApp Cloud API webhooks: the subscription handshake, the signature, the payload.

Meta signs each call with ``X-Hub-Signature-256: sha256=<hex>``, an HMAC-SHA256 of the
raw body keyed with the app secret.  The view stores every call first (``WebhookEvent``),
then checks the signature; only a signed call is processed, in a background task:

    {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages",
      "value": {"metadata": {...}, "contacts": [{"profile": {"name": "Hans"}, "wa_id": "49…"}],
                "messages": [{"from": "49…", "id": "wamid.…", "timestamp": "1735677660",
                              "type": "text", "text": {"body": "Hello"}}],
                "statuses": [{"id": "wamid.…", "status": "delivered", ...}]}}]}]}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from gendan.comms.models import WebhookEvent

SOURCE = "whatsapp"


def signature_valid(body: bytes, header: str, *, secret: str | None = None) -> bool:
    """Does ``X-Hub-Signature-256`` sign this exact body with the app secret?"""
    secret = settings.WHATSAPP_APP_SECRET if secret is None else secret
    if not secret or not header or not header.startswith("sha256="):
        return False  # without a secret nothing can be trusted
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


def subscription_challenge(params: Mapping[str, str]) -> str | None:
    """The challenge to echo for a valid subscription request, else None."""
    token = settings.WHATSAPP_VERIFY_TOKEN
    if not token or params.get("hub.mode") != "subscribe":
        return None
    if not hmac.compare_digest(params.get("hub.verify_token", "").encode(), token.encode()):
        return None
    return params.get("hub.challenge", "")


def _media(message: dict[str, Any]) -> tuple[str, list[dict[str, str]]]:
    kind = message.get("type", "")
    item = message.get(kind) if isinstance(message.get(kind), dict) else {}
    caption = str(item.get("caption", "")) if item else ""
    if kind in ("image", "document", "video", "audio", "sticker") and item:
        extension = {"image": "jpg", "video": "mp4", "audio": "ogg", "sticker": "webp"}.get(
            kind, ""
        )
        filename = item.get("filename") or (
            f"{kind}-{item.get('id', '')}.{extension}" if extension else ""
        )
        return caption, [
            {
                "id": str(item.get("id", "")),
                "mime_type": str(item.get("mime_type", "")),
                "filename": str(filename),
            }
        ]
    return caption, []


def _text(message: dict[str, Any]) -> str:
    kind = message.get("type", "")
    if kind == "text":
        return str((message.get("text") or {}).get("body", ""))
    if kind == "button":
        return str((message.get("button") or {}).get("text", ""))
    if kind == "interactive":
        reply = message.get("interactive") or {}
        chosen = reply.get("button_reply") or reply.get("list_reply") or {}
        return str(chosen.get("title", ""))
    if kind == "location":
        place = message.get("location") or {}
        parts = [place.get("name"), place.get("address")]
        where = ", ".join(str(p) for p in parts if p)
        return f"📍 {where} ({place.get('latitude')}, {place.get('longitude')})".strip()
    if kind == "contacts":
        names = [
            str((c.get("name") or {}).get("formatted_name", ""))
            for c in message.get("contacts") or []
        ]
        return "👤 " + ", ".join(n for n in names if n)
    if kind in ("image", "document", "video", "audio", "sticker"):
        return ""
    return f"[{kind or 'unknown'}]"


def process_event(event: WebhookEvent) -> dict[str, int]:
    """Store the messages and delivery reports of a signed call; safe to run twice."""
    from gendan.customers.validators import normalize_phone

    from .inbound import webhook_event_mark, whatsapp_inbound_store, whatsapp_status_update

    counts = {"messages": 0, "statuses": 0}
    if not event.signature_valid or event.processed_at is not None:
        return counts
    try:
        payload = json.loads(event.body)
        if not isinstance(payload, dict):
            raise ValueError("the body is not a JSON object")
        for entry in payload.get("entry") or []:
            for change in entry.get("changes") or []:
                value = change.get("value") or {}
                names = {
                    str(c.get("wa_id", "")): str((c.get("profile") or {}).get("name", ""))
                    for c in value.get("contacts") or []
                }
                for message in value.get("messages") or []:
                    if message.get("type") == "reaction":
                        continue  # a reaction is not a message of its own
                    sender = str(message.get("from", ""))
                    caption, media = _media(message)
                    if not message.get("id") or not sender:
                        continue
                    try:
                        number = normalize_phone(f"+{sender.lstrip('+')}")
                    except ValidationError:  # a number libphonenumber does not know yet
                        number = f"+{sender.lstrip('+')}"
                    stored = whatsapp_inbound_store(
                        wamid=str(message.get("id", "")),
                        number=number,
                        profile_name=names.get(sender, ""),
                        sent_at=dt.datetime.fromtimestamp(
                            int(message.get("timestamp", 0)), tz=dt.UTC
                        ),
                        text=_text(message) or caption,
                        media=media,
                    )
                    counts["messages"] += stored is not None
                for status in value.get("statuses") or []:
                    counts["statuses"] += whatsapp_status_update(
                        wamid=str(status.get("id", "")), status=str(status.get("status", ""))
                    )
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        webhook_event_mark(event=event, processed=True, error=f"{type(exc).__name__}: {exc}")
        return counts
    webhook_event_mark(event=event, processed=True)
    return counts
