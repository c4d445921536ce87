from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.utils import timezone, translation


class UserTimezoneMiddleware:
    """Show times in the signed-in user's time zone (they are stored in UTC)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                timezone.activate(ZoneInfo(user.time_zone))
            except (ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # The zone belongs to this request: nothing the thread runs next inherits it.
            timezone.deactivate()


class UserLanguageMiddleware:
    """A browser without a language choice gets the signed-in user's saved language.

    The language switch sets a cookie and saves the choice on the user, so the choice
    follows the user to a new browser or phone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        saved = user.language if user is not None and user.is_authenticated else None
        adopt = (
            saved is not None
            and saved in dict(settings.LANGUAGES)
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        )
        if saved is not None and adopt:
            translation.activate(saved)
            request.LANGUAGE_CODE = saved
        response = self.get_response(request)
        # The language switch itself sets the cookie; do not undo its choice.
        if saved is not None and adopt and settings.LANGUAGE_COOKIE_NAME not in response.cookies:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                saved,
                max_age=365 * 24 * 3600,
                samesite="Lax",
            )
        return response
