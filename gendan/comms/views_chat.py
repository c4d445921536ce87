"""WhatsApp import and webhooks, logged WeChat/Skype/phone/meeting contacts, message templates."""

urlpatterns: list = []
