"""Mailboxes over the REST API.

You list and read your own mailboxes (managers: their teams'; administrators: all), add
and change them, and ask for an immediate fetch.  Passwords are write-only: they are
stored encrypted and never returned."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gendan.accounts.models import Team, User
from gendan.api.schema import VALIDATION_ERROR
from gendan.api.serializers import limit_choices
from gendan.api.viewsets import ApiViewSet

from ..mail.selectors import (
    mailbox_can_create,
    mailbox_can_share,
    mailbox_get_for_user,
    mailbox_teams,
    mailboxes_manageable,
)
from ..models import Mailbox
from .mailboxes import MAILBOX_FIELDS, mailbox_create, mailbox_fetch_enqueue, mailbox_update

PASSWORD_HELP = _("Write-only: stored encrypted, never returned. Leave out to keep the stored one.")


def _password_field(help_text: Any) -> serializers.CharField:
    """A password the client may set but never reads back."""
    return serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=help_text,
    )


class MailboxSerializer(serializers.ModelSerializer):
    imap_password = _password_field(PASSWORD_HELP)
    smtp_password = _password_field(
        _("Write-only, like imap_password; empty: the IMAP password is used.")
    )

    class Meta:
        model = Mailbox
        fields = [
            "id", "name", "address", "owner", "team", "imap_host", "imap_port", "imap_security",
            "imap_username", "imap_password", "inbox_folder", "sent_folder", "smtp_host",
            "smtp_port", "smtp_security", "smtp_username", "smtp_password", "is_active",
            "last_synced_at", "last_error", "created_at",
        ]  # fmt: skip
        read_only_fields = ["last_synced_at", "last_error", "created_at"]
        extra_kwargs = {
            "owner": {
                "help_text": _("Empty for a mailbox shared by the team (managers only)."),
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if isinstance(user, User):
            limit_choices(self, "team", mailbox_teams(user))
            limit_choices(
                self,
                "owner",
                User.objects.filter(is_active=True)
                if user.is_admin
                else User.objects.filter(teams__in=mailbox_teams(user)).distinct(),
            )
        else:
            limit_choices(self, "team", Team.objects.none())
            limit_choices(self, "owner", User.objects.none())


FETCH_QUEUED = inline_serializer(
    name="MailboxFetchQueued", fields={"queued": serializers.BooleanField()}
)


@extend_schema_view(
    create=extend_schema(responses={201: MailboxSerializer, 400: VALIDATION_ERROR}),
    update=extend_schema(responses={200: MailboxSerializer, 400: VALIDATION_ERROR}),
    partial_update=extend_schema(responses={200: MailboxSerializer, 400: VALIDATION_ERROR}),
)
class MailboxViewSet(mixins.ListModelMixin, ApiViewSet):
    """Your mailboxes (managers: also their teams'; administrators: all)."""

    serializer_class = MailboxSerializer
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Mailbox]:
        if getattr(self, "swagger_fake_view", False):
            return Mailbox.objects.none()
        return mailboxes_manageable(self.user)

    def get_object(self) -> Mailbox:
        return mailbox_get_for_user(user=self.user, pk=int(self.kwargs["pk"]))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.representation(self.get_object())

    def _owner(self, data: dict[str, Any], user: User) -> None:
        if "owner" in data and not mailbox_can_share(user) and data["owner"] != user:
            raise PermissionDenied(_("Only managers set up shared mailboxes or others' mailboxes."))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.user
        if not mailbox_can_create(user):
            raise PermissionDenied(_("Viewers cannot add mailboxes."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "owner" not in data and not mailbox_can_share(user):
            data["owner"] = user
        self._owner(data, user)
        mailbox = mailbox_create(
            actor=user,
            imap_password=data.pop("imap_password", ""),
            smtp_password=data.pop("smtp_password", ""),
            **data,
        )
        if mailbox.is_active:
            mailbox_fetch_enqueue(mailbox=mailbox)
        return self.representation(mailbox, status_code=status.HTTP_201_CREATED)

    def update(
        self, request: Request, *args: Any, partial: bool = False, **kwargs: Any
    ) -> Response:
        user = self.user
        mailbox = self.get_object()
        serializer = self.get_serializer(mailbox, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        self._owner(data, user)
        mailbox = mailbox_update(
            actor=user,
            mailbox=mailbox,
            imap_password=data.pop("imap_password", None) or None,
            smtp_password=data.pop("smtp_password", None) or None,
            **{name: value for name, value in data.items() if name in MAILBOX_FIELDS},
        )
        return self.representation(mailbox)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=None, responses={202: FETCH_QUEUED})
    @action(detail=True, methods=["post"])
    def fetch(self, request: Request, pk: str) -> Response:
        """Fetch the mailbox's new mail now (in the background)."""
        mailbox_fetch_enqueue(mailbox=self.get_object())
        return Response({"queued": True}, status=status.HTTP_202_ACCEPTED)
