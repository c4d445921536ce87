"""WhatsApp: chat exports from the phone app, and the Business Cloud API (send, webhooks)."""
