from . import views_chat, views_inbox, views_mail

app_name = "comms"
# Mail (mailboxes, compose, import), chat and logged contacts (WhatsApp, WeChat, calls,
# templates), and the inbox (conversations, customer timeline) each have a module.
urlpatterns = [*views_mail.urlpatterns, *views_chat.urlpatterns, *views_inbox.urlpatterns]
