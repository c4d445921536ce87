"""What the API returns for a message that was sent or logged."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Attachment, Message


# --- messages (what sending and logging return) ---------------------------------------
class ChatAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size"]


class ChatMessageSerializer(serializers.ModelSerializer):
    attachments = ChatAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = [
            "id", "channel", "direction", "sent_at", "body_text", "from_name", "customer",
            "contact", "order", "thread", "external_id", "delivery_status", "attachments",
        ]  # fmt: skip
        read_only_fields = fields
