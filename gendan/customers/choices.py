"""Choice sets that the models and the validators both use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PreferredChannel(models.TextChoices):
    """The ways a customer likes to be reached (comms has the channels messages go by)."""

    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", "WhatsApp"
    WECHAT = "wechat", _("WeChat")
    SKYPE = "skype", "Skype"
    PHONE = "phone", _("Phone")
