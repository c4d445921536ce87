"""Background work for WhatsApp: processing the webhook calls the view has stored."""

from __future__ import annotations

from django_tasks import task

from gendan.comms.models import WebhookEvent

from .webhook import process_event


@task()
def whatsapp_webhook_process(event_id: int) -> dict[str, int]:
    """Process one stored, signed webhook call; a second run finds it processed."""
    event = WebhookEvent.objects.filter(pk=event_id).first()
    if event is None:
        return {"messages": 0, "statuses": 0}
    return process_event(event)
