"""Mailbox settings: encrypted passwords, who sees which mailbox, test connection, fetch now, API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from gendan.comms.models import Mailbox, Message
from gendan.core.scheduler import SCHEDULES

from .conftest import SMTP_LOGIN
from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]

FORM = {
    "name": "Mia – sales",
    "address": "Mia@Gendan.test",
    "imap_host": "imap.gendan.test",
    "imap_port": 993,
    "imap_security": "ssl",
    "imap_username": "mia@gendan.test",
    "imap_password": "imap-secret-€",
    "inbox_folder": "INBOX",
    "sent_folder": "Sent",
    "smtp_host": "smtp.gendan.test",
    "smtp_port": 465,
    "smtp_security": "ssl",
    "smtp_username": "",
    "smtp_password": "smtp-secret",
    "is_active": "",
}


def _stored_columns(mailbox: Mailbox) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT imap_password_encrypted, smtp_password_encrypted FROM comms_mailbox WHERE id = %s",
            [mailbox.pk],
        )
        return cursor.fetchone()


def test_a_merchandiser_adds_an_own_mailbox_with_encrypted_passwords(
    client, merchandiser, mail_team
):
    client.force_login(merchandiser)
    page = client.get(reverse("comms:mailbox_create")).content.decode()
    assert 'name="owner"' not in page  # only managers set up mailboxes for others

    response = client.post(reverse("comms:mailbox_create"), {**FORM, "team": mail_team.pk})
    assert response.status_code == 302
    mailbox = Mailbox.objects.get()
    assert (mailbox.address, mailbox.owner, mailbox.team) == (
        "mia@gendan.test",
        merchandiser,
        mail_team,
    )
    imap_column, smtp_column = _stored_columns(mailbox)
    assert "imap-secret" not in imap_column and "smtp-secret" not in smtp_column
    assert imap_column.startswith("gAAAA")  # a Fernet token
    assert (mailbox.imap_password, mailbox.smtp_password) == ("imap-secret-€", "smtp-secret")


def test_the_settings_page_never_shows_a_password_and_keeps_it_when_left_empty(
    client, merchandiser, mailbox
):
    client.force_login(merchandiser)
    page = client.get(reverse("comms:mailbox_edit", args=[mailbox.pk])).content.decode()
    assert mailbox.imap_password not in page and "Leave empty to keep it" in page

    data = {
        **FORM, "address": mailbox.address, "imap_host": mailbox.imap_host,
        "imap_port": mailbox.imap_port, "imap_security": "none", "imap_password": "",
        "smtp_password": "", "team": mailbox.team_id, "name": "Renamed",
    }  # fmt: skip
    assert client.post(reverse("comms:mailbox_edit", args=[mailbox.pk]), data).status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.name == "Renamed" and mailbox.imap_password == "secret"


def test_other_peoples_and_other_teams_mailboxes_are_not_found(
    client, make_user, mail_team, team_b, mailbox
):
    colleague = make_user("sales", [mail_team], username="sam")
    other_manager = make_user("manager", [team_b], username="otto")
    for user in (colleague, other_manager):
        client.force_login(user)
        assert client.get(reverse("comms:mailbox_edit", args=[mailbox.pk])).status_code == 404
        assert client.post(reverse("comms:mailbox_fetch", args=[mailbox.pk])).status_code == 404
        assert client.post(reverse("comms:mailbox_test", args=[mailbox.pk])).status_code == 404
        assert mailbox.address not in client.get(reverse("comms:mailbox_list")).content.decode()
        assert client.get(f"/api/v1/mailboxes/{mailbox.pk}/").status_code == 404


def test_the_teams_manager_and_an_administrator_see_the_mailbox(
    client, make_user, mail_team, mailbox
):
    for user in (
        make_user("manager", [mail_team], username="max2"),
        make_user("admin", [], username="ada"),
    ):
        client.force_login(user)
        assert mailbox.address in client.get(reverse("comms:mailbox_list")).content.decode()


def test_a_viewer_cannot_add_a_mailbox(client, make_user, mail_team):
    client.force_login(make_user("viewer", [mail_team], username="vera"))
    assert client.get(reverse("comms:mailbox_create")).status_code == 403


def test_test_connection_logs_in_to_imap_and_smtp(client, merchandiser, smtp_mailbox, deliver):
    deliver(make_mail(), make_mail())
    client.force_login(merchandiser)
    body = client.post(reverse("comms:mailbox_test", args=[smtp_mailbox.pk])).content.decode()
    assert "Connection works" in body
    assert "Inbox “INBOX”: 2 messages" in body and "Sent folder: “Sent”" in body
    assert f"SMTP: connected to {smtp_mailbox.smtp_host}:{smtp_mailbox.smtp_port}" in body


def test_test_connection_of_typed_settings_reports_a_wrong_password(
    client, merchandiser, mail_team, imap_server, smtp_server
):
    client.force_login(merchandiser)
    data = {
        **FORM, "team": mail_team.pk, "imap_host": imap_server.host, "imap_port": imap_server.port,
        "imap_security": "none", "imap_password": "not-it", "smtp_host": smtp_server.host,
        "smtp_port": smtp_server.port, "smtp_security": "none", "smtp_username": SMTP_LOGIN,
        "smtp_password": "not-it-either",
    }  # fmt: skip
    body = client.post(reverse("comms:mailbox_test_new"), data).content.decode()
    assert "Something needs fixing" in body
    assert "IMAP: could not log in" in body and "SMTP: could not log in" in body
    assert not Mailbox.objects.exists()  # testing saves nothing


def test_fetch_now_fetches_in_the_background(
    client, merchandiser, mailbox, deliver, django_capture_on_commit_callbacks
):
    deliver(make_mail(subject="New inquiry"))
    client.force_login(merchandiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("comms:mailbox_fetch", args=[mailbox.pk]))
    assert response.status_code == 302
    assert Message.objects.get().subject == "New inquiry"


def test_the_scheduler_fetches_every_active_mailbox(mailbox, deliver, settings):
    from gendan.comms.tasks import mailboxes_fetch_due

    schedule = SCHEDULES["mail_fetch"]
    assert schedule.task == "gendan.comms.tasks.mailboxes_fetch_due"
    assert (
        schedule.every is not None
        and schedule.every.total_seconds() == settings.MAIL_FETCH_MINUTES * 60
    )
    deliver(make_mail(subject="Overnight mail"))
    Mailbox.objects.create(
        name="Off", address="off@gendan.test", team=mailbox.team, imap_host="192.0.2.1",
        imap_username="off", is_active=False,
    )  # fmt: skip
    mailboxes_fetch_due.call()
    assert Message.objects.get().subject == "Overnight mail"


# --- API ------------------------------------------------------------------------------------
def test_the_api_lists_own_mailboxes_without_passwords(client, merchandiser, mailbox):
    client.force_login(merchandiser)
    rows = client.get("/api/v1/mailboxes/").json()["results"]
    assert [row["address"] for row in rows] == [mailbox.address]
    assert not any("password" in key for key in rows[0])
    assert "secret" not in str(rows)


def test_the_api_creates_changes_and_fetches_a_mailbox(
    client, merchandiser, mail_team, django_capture_on_commit_callbacks
):
    client.force_login(merchandiser)
    payload = {k: v for k, v in FORM.items() if k != "is_active"} | {"team": mail_team.pk}
    payload["is_active"] = False
    created = client.post("/api/v1/mailboxes/", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["owner"] == merchandiser.pk and "imap_password" not in body
    mailbox = Mailbox.objects.get()
    assert mailbox.imap_password == "imap-secret-€"

    changed = client.patch(
        f"/api/v1/mailboxes/{mailbox.pk}/",
        {"name": "Mia (orders)", "smtp_password": "new-smtp"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Mia (orders)"
    mailbox.refresh_from_db()
    assert (mailbox.imap_password, mailbox.smtp_password) == ("imap-secret-€", "new-smtp")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fetch = client.post(f"/api/v1/mailboxes/{mailbox.pk}/fetch/")
    assert fetch.status_code == 202 and fetch.json() == {"queued": True}
    assert len(callbacks) == 1


def test_the_api_refuses_a_shared_mailbox_from_a_merchandiser(client, merchandiser, mail_team):
    client.force_login(merchandiser)
    payload = {k: v for k, v in FORM.items() if k != "is_active"} | {
        "team": mail_team.pk,
        "owner": None,
    }
    response = client.post("/api/v1/mailboxes/", payload, content_type="application/json")
    assert response.status_code == 403 and not Mailbox.objects.exists()
