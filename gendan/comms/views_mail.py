"""Mailboxes, composing and replying, importing mail."""

urlpatterns: list = []
