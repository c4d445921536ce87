"""The inbox, conversations, linking messages, the customer timeline."""

urlpatterns: list = []
