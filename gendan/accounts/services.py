from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from .models import User


@transaction.atomic
def api_token_regenerate(*, user: User) -> Token:
    """A new API token for ``user``; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def user_set_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
