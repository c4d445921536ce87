from django.urls import path

from .inbox import export as inbox_export
from .inbox import lookups
from .inbox import views as inbox
from .localtime import views as localtime
from .logged import views as logged
from .mail import views as mail
from .message_templates import views as message_templates
from .whatsapp import views as whatsapp

app_name = "comms"
urlpatterns = [
    # Mail: mailboxes, history imports, composing.
    path("mail/mailboxes/", mail.mailbox_list, name="mailbox_list"),
    path("mail/mailboxes/new/", mail.mailbox_create_view, name="mailbox_create"),
    path("mail/mailboxes/test/", mail.mailbox_test, name="mailbox_test_new"),
    path("mail/mailboxes/<int:pk>/", mail.mailbox_edit, name="mailbox_edit"),
    path("mail/mailboxes/<int:pk>/test/", mail.mailbox_test, name="mailbox_test"),
    path("mail/mailboxes/<int:pk>/fetch/", mail.mailbox_fetch_now, name="mailbox_fetch"),
    path("mail/import/", mail.mail_import_upload, name="mail_import"),
    path("mail/import/<int:pk>/", mail.mail_import_detail, name="mail_import_detail"),
    path("mail/import/<int:pk>/status/", mail.mail_import_status, name="mail_import_status"),
    path("mail/compose/", mail.compose, name="compose"),
    # WhatsApp: chat exports, sending, the Cloud API webhook.
    path("whatsapp/import/", whatsapp.whatsapp_import_view, name="whatsapp_import"),
    path(
        "whatsapp/imports/<int:pk>/",
        whatsapp.whatsapp_import_result_view,
        name="whatsapp_import_result",
    ),
    path(
        "whatsapp/imports/<int:pk>/confirm/",
        whatsapp.whatsapp_import_confirm_view,
        name="whatsapp_import_confirm",
    ),
    path("whatsapp/send/", whatsapp.whatsapp_send_view, name="whatsapp_send"),
    path("webhooks/whatsapp/", whatsapp.whatsapp_webhook_view, name="whatsapp_webhook"),
    # WeChat, Skype, calls and meetings logged by hand.
    path("log-contact/", logged.log_contact_view, name="log_contact"),
    path("log-contact/options/", logged.log_contact_options_view, name="log_contact_options"),
    # Message templates.
    path("message-templates/", message_templates.template_list_view, name="templates"),
    path("message-templates/new/", message_templates.template_edit_view, name="template_create"),
    path("message-templates/<int:pk>/", message_templates.template_edit_view, name="template_edit"),
    path(
        "message-templates/<int:pk>/delete/",
        message_templates.template_delete_view,
        name="template_delete",
    ),
    # The customer page's local-time panel; lookups for the searchable selects.
    path(
        "customers/<int:pk>/local-time/",
        localtime.customer_localtime_view,
        name="customer_localtime",
    ),
    path("chat/contacts/lookup/", lookups.contact_lookup_view, name="contact_lookup"),
    path("chat/orders/lookup/", lookups.order_lookup_view, name="order_lookup"),
    # The inbox: conversations, messages, linking, the order and customer panels.
    path("inbox/", inbox.inbox_view, name="inbox"),
    path("inbox/export/", inbox_export.inbox_export_view, name="inbox_export"),
    path("inbox/threads/<int:pk>/", inbox.thread_view, name="thread"),
    path("inbox/threads/<int:pk>/link/", inbox.thread_link_view, name="thread_link"),
    path("inbox/link/orders/", inbox.link_orders_view, name="link_orders"),
    path("inbox/messages/<int:pk>/", inbox.message_view, name="message"),
    path("inbox/messages/<int:pk>/body/", inbox.message_body_view, name="message_body"),
    path(
        "inbox/messages/<int:pk>/create-customer/",
        inbox.customer_from_sender_view,
        name="customer_from_sender",
    ),
    path("inbox/attachments/<int:pk>/", inbox.attachment_view, name="attachment"),
    path("orders/<int:pk>/messages/", inbox.order_messages_view, name="order_messages"),
    path("customers/<int:pk>/timeline/", inbox.customer_timeline_view, name="customer_timeline"),
]
