from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import PreferredChannel
from .geo import LANGUAGE_CODES, is_time_zone


def validate_time_zone(value: str) -> None:
    if value and not is_time_zone(value):
        raise ValidationError(
            _("%(value)s is not a time zone; use a name such as Europe/Berlin.") % {"value": value}
        )


def validate_languages(value) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_('Give the languages as a list of codes, e.g. ["en", "de"].'))
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )


def validate_channels(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_('Give the channels as a list, e.g. ["email", "whatsapp"].'))
    unknown = [item for item in value if item not in PreferredChannel.values]
    if unknown:
        raise ValidationError(
            _("Unknown channel: %(items)s. Choose from %(choices)s.")
            % {"items": ", ".join(unknown), "choices": ", ".join(PreferredChannel.values)}
        )


def normalize_phone(value: str, *, region: str = "") -> str:
    """A phone number in E.164 (+4930123456); a local number is read in ``region``."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, (region or None) if not value.startswith("+") else None)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _(
                "%(value)s is not a phone number; write it with the country code, e.g. +49 30 1234567."
            )
            % {"value": value}
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "%(value)s is not a valid phone number for its country; check the country code and digits."
            )
            % {"value": value}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
