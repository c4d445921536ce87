"""Who may see, change and send from which mailbox.

A mailbox's settings (server, user name, what it fetched) are seen by its owner, by the
managers of its team and by administrators; anyone else gets a 404.  Sending needs a
role that writes to customers (not a viewer) and a mailbox of one's own, or a shared
one (sales@, orders@) of one's team.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gendan.accounts.access import scope_to_user, team_ids
from gendan.accounts.models import Role, Team, User

from ..models import Mailbox, MailImport

# Every role that deals with customers may write to them; a viewer only reads.
MAIL_SEND_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.MANAGER,
        Role.SALES,
        Role.MERCHANDISER,
        Role.PURCHASING,
        Role.QC,
        Role.FINANCE,
    }
)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def mailboxes_visible(user: User) -> QuerySet[Mailbox]:
    """Mailboxes of the user's teams (the inbox's mailbox filter)."""
    return scope_to_user(Mailbox.objects.all(), user)


def mailboxes_manageable(user: User) -> QuerySet[Mailbox]:
    """Mailboxes whose settings the user may see and change."""
    if not _active(user):
        return Mailbox.objects.none()
    if user.is_admin:
        return Mailbox.objects.all()
    visible = Q(owner=user)
    if user.role == Role.MANAGER:
        visible |= Q(team_id__in=team_ids(user))
    return Mailbox.objects.filter(visible)


def mailbox_get_for_user(*, user: User, pk: int) -> Mailbox:
    return get_object_or_404(mailboxes_manageable(user).select_related("team", "owner"), pk=pk)


def mailbox_can_create(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.role in MAIL_SEND_ROLES)


def mailbox_can_share(user: User) -> bool:
    """Shared mailboxes, and mailboxes for someone else, are set up by managers."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


def mailbox_teams(user: User) -> QuerySet[Team]:
    """Teams a new mailbox may belong to."""
    if user.is_admin:
        return Team.objects.all()
    return Team.objects.filter(pk__in=team_ids(user))


def mailboxes_for_sending(user: User) -> QuerySet[Mailbox]:
    """The user's own mailboxes and their teams' shared ones, with an SMTP server."""
    if not _active(user) or not (user.is_superuser or user.role in MAIL_SEND_ROLES):
        return Mailbox.objects.none()
    shared = Q(owner__isnull=True)
    if not user.sees_all_teams:
        shared &= Q(team_id__in=team_ids(user))
    return (
        Mailbox.objects.filter(Q(owner=user) | shared)
        .exclude(smtp_host="")
        .order_by("owner_id", "name")
    )


def mailbox_can_send(user: User, mailbox: Mailbox) -> bool:
    return mailboxes_for_sending(user).filter(pk=mailbox.pk).exists()


def mail_imports_visible(user: User) -> QuerySet[MailImport]:
    return MailImport.objects.filter(mailbox__in=mailboxes_manageable(user))


def mail_import_get_for_user(*, user: User, pk: int) -> MailImport:
    return get_object_or_404(mail_imports_visible(user).select_related("mailbox"), pk=pk)
