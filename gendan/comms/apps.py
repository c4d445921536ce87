from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsConfig(AppConfig):
    name = "gendan.comms"
    verbose_name = _("Communication")

    def ready(self) -> None:
        from gendan.core.registry import NavEntry, nav_register

        nav_register(NavEntry("inbox", _("Inbox"), "comms:inbox", "ti-inbox", position=60))

        from gendan.core.registry import team_carrier_register

        from .models import Message, Thread

        # A customer's conversations and messages move with the customer to another team.
        team_carrier_register(Thread, customer_path="customer")
        team_carrier_register(Message, customer_path="customer")

        from gendan.core.secrets import EncryptedField, encrypted_fields

        from .models import Mailbox

        # Mailbox passwords are encrypted: a restore with another key names them.
        for column, label in (
            ("imap_password_encrypted", "IMAP password"),
            ("smtp_password_encrypted", "SMTP password"),
        ):
            encrypted_fields.register(f"mailbox.{column}", EncryptedField(Mailbox, column, label))
        from gendan.core.registry import api_route_register, exporters

        from .inbox.api import MessageViewSet
        from .inbox.export import thread_export
        from .logged.api import LoggedContactViewSet
        from .mail.api import MailboxViewSet
        from .message_templates.api import MessageTemplateViewSet
        from .whatsapp.api import WhatsAppViewSet

        api_route_register("mailboxes", MailboxViewSet, basename="mailbox")
        api_route_register("message-templates", MessageTemplateViewSet, basename="message-template")
        api_route_register("whatsapp", WhatsAppViewSet, basename="whatsapp")
        api_route_register("logged-contacts", LoggedContactViewSet, basename="logged-contact")
        api_route_register("messages", MessageViewSet, basename="message")
        # The inbox's Excel export, with the page's filters.
        exporters.register("inbox", thread_export)
        import datetime as dt

        from django.conf import settings

        from gendan.core.scheduler import Schedule, register
        from gendan.customers.panels import CustomerPanel, customer_panel_register
        from gendan.orders.panels import OrderPanel, order_panel_register

        from . import timeline
        from .mail.send import ATTACHMENT_FILES
        from .message_templates.rendering import OWN_PLACEHOLDERS
        from .registry import order_file_provider_register, placeholder_register

        # The customer timeline's messages; message templates' own placeholders; mail
        # attachments of an order offered again when writing about it.
        timeline.register()
        for placeholder in OWN_PLACEHOLDERS:
            placeholder_register(placeholder)
        order_file_provider_register(ATTACHMENT_FILES)

        # Mail: every active mailbox's inbox and Sent folder, every few minutes.
        register(
            Schedule(
                "mail_fetch",
                "gendan.comms.tasks.mailboxes_fetch_due",
                every=dt.timedelta(minutes=settings.MAIL_FETCH_MINUTES),
            )
        )

        # The order page lists the order's conversations; the customer page its timeline.
        order_panel_register(
            OrderPanel(
                key="messages", title=_("Messages"), url_name="comms:order_messages", position=20
            )
        )
        for key, title, url_name, position, column in (
            ("timeline", _("Timeline"), "comms:customer_timeline", 10, "main"),
            # The customer page's side column: their local time, common office hours, holidays.
            ("localtime", _("Local time"), "comms:customer_localtime", 5, "side"),
        ):
            customer_panel_register(
                CustomerPanel(
                    key=key, title=title, url_name=url_name, position=position, column=column
                )
            )
        from . import search_documents

        # What the search box finds of this app's records.
        search_documents.register()
