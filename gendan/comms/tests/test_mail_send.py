"""Sending through a mailbox's SMTP server (aiosmtpd), and finding it again in Sent (Dovecot)."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from gendan.comms.mail.imap import mailbox_fetch
from gendan.comms.mail.ingest import message_ingest
from gendan.comms.mail.send import OutgoingFile, _reply_subject, mail_send
from gendan.comms.models import Attachment, Message, MessageTemplate
from gendan.customers.tests.factories import ContactFactory, CustomerFactory
from gendan.followup.models import MilestoneEvidence
from gendan.followup.tests.api_support import planned_order

from .mail_support import make_mail

pytestmark = [pytest.mark.django_db, pytest.mark.mail]


@pytest.fixture
def schmidt(mail_team):
    customer = CustomerFactory(
        name="Schmidt Handel GmbH", domain="schmidt-handel.de", team=mail_team
    )
    ContactFactory(
        customer=customer, name="Anna Schmidt", email="anna@schmidt-handel.de", is_primary=True
    )
    return customer


@pytest.fixture
def inquiry(smtp_mailbox, schmidt):
    """A customer's message with a history: the reply must carry it on."""
    return message_ingest(
        mailbox=smtp_mailbox,
        raw=make_mail(
            subject="Inquiry: solar lamps",
            sender="Anna Schmidt <anna@schmidt-handel.de>",
            to=f"Mia <{smtp_mailbox.address}>, Einkauf <einkauf@schmidt-handel.de>",
            cc="jonas@schmidt-handel.de",
            message_id="<inq-2@schmidt-handel.de>",
            references="<inq-1@schmidt-handel.de>",
            body="Please quote 5,000 pcs.\nThanks, Anna",
        ),
    ).message


def _received(smtp_server):
    assert len(smtp_server.messages) == 1
    mail_from, recipients, raw = smtp_server.messages[0]
    return mail_from, recipients, message_from_bytes(raw, policy=policy.default), raw


def test_a_reply_goes_out_with_its_headers_and_is_stored_in_the_conversation(
    smtp_mailbox, smtp_server, inquiry, merchandiser, deliver
):
    sent = mail_send(
        actor=merchandiser,
        mailbox=smtp_mailbox,
        to=["anna@schmidt-handel.de"],
        cc=["einkauf@schmidt-handel.de", "jonas@schmidt-handel.de"],
        bcc=["boss@gendan.test"],
        subject="Re: Inquiry: solar lamps",
        body="Dear Anna,\n\nplease find our offer attached: 单价 USD 3.20。",
        files=[OutgoingFile("报价单 PI.pdf", b"%PDF-1.4 offer", "application/pdf")],
        reply_to=inquiry,
    )

    mail_from, recipients, received, raw = _received(smtp_server)
    assert mail_from == smtp_mailbox.address
    assert sorted(recipients) == sorted(
        [
            "anna@schmidt-handel.de",
            "einkauf@schmidt-handel.de",
            "jonas@schmidt-handel.de",
            "boss@gendan.test",
        ]
    )
    assert received["To"] == "anna@schmidt-handel.de"
    assert received["Cc"] == "einkauf@schmidt-handel.de, jonas@schmidt-handel.de"
    assert received["Bcc"] is None  # never in the headers
    assert received["In-Reply-To"] == "<inq-2@schmidt-handel.de>"
    assert received["References"] == "<inq-1@schmidt-handel.de> <inq-2@schmidt-handel.de>"
    assert received["Message-ID"].endswith(f"@{smtp_mailbox.address.split('@')[1]}>")
    attachment = next(received.iter_attachments())
    assert attachment.get_filename() == "报价单 PI.pdf"
    assert attachment.get_content() == b"%PDF-1.4 offer"
    assert "单价 USD 3.20" in received.get_body(("plain",)).get_content()

    # Stored at once, from the very bytes that went out.
    assert sent.direction == "out" and sent.folder is None and sent.created_by == merchandiser
    assert sent.thread_id == inquiry.thread_id and sent.customer == inquiry.customer
    assert sent.message_id == received["Message-ID"].strip("<>")
    assert sent.bcc == [{"name": "", "address": "boss@gendan.test"}]
    assert sent.raw.read().rstrip() == raw.rstrip()
    assert list(sent.attachments.values_list("original_name", flat=True)) == ["报价单 PI.pdf"]
    assert sent.thread.message_count == 2

    # The server's Sent folder has the copy: fetching it matches the stored row.
    deliver(raw, folder="Sent")
    result = mailbox_fetch(mailbox=smtp_mailbox)
    assert result.stored == 0
    assert Message.objects.filter(message_id=sent.message_id).count() == 1
    sent.refresh_from_db()
    assert sent.folder is not None and sent.folder.role == "sent" and sent.imap_uid == 1


def test_a_refusing_server_stores_nothing_and_says_why(smtp_mailbox, merchandiser, schmidt):
    smtp_mailbox.smtp_password = "wrong"
    smtp_mailbox.save()
    with pytest.raises(ValidationError, match="could not be sent"):
        mail_send(
            actor=merchandiser,
            mailbox=smtp_mailbox,
            to=["anna@schmidt-handel.de"],
            subject="Offer",
            body="x",
        )
    assert not Message.objects.exists()


def test_bad_addresses_are_named(smtp_mailbox, merchandiser):
    with pytest.raises(ValidationError) as error:
        mail_send(
            actor=merchandiser, mailbox=smtp_mailbox, to=["anna@", "ok@x.de"], subject="s", body="b"
        )
    assert error.value.message_dict == {"to": ["“anna@” is not an e-mail address."]}


# --- The compose page -------------------------------------------------------------------------
def test_replying_fills_in_everyone_but_ourselves_and_the_quoted_message(
    client, merchandiser, smtp_mailbox, inquiry
):
    client.force_login(merchandiser)
    response = client.get(reverse("comms:compose") + f"?reply_to={inquiry.pk}&reply_all=1")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["to"] == "anna@schmidt-handel.de"
    assert form.initial["cc"] == "einkauf@schmidt-handel.de, jonas@schmidt-handel.de"
    assert form.initial["subject"] == "Re: Inquiry: solar lamps"
    assert "> Please quote 5,000 pcs." in form.initial["body"]
    assert form.initial["mailbox"] == smtp_mailbox

    only_sender = client.get(reverse("comms:compose") + f"?reply_to={inquiry.pk}")
    assert (
        only_sender.context["form"].initial["to"],
        only_sender.context["form"].initial["cc"],
    ) == (
        "anna@schmidt-handel.de",
        "",
    )


def test_composing_about_an_order_sends_its_files_and_links_the_order(
    client, merchandiser, smtp_mailbox, smtp_server, schmidt
):
    order = planned_order(
        schmidt.team, customer=schmidt, number="PI-2026-0101", customer_po="PO-77"
    )
    milestone = order.milestones.order_by("pk").first()
    evidence = MilestoneEvidence(milestone=milestone, original_name="验货报告.pdf", size=10)
    evidence.file.save("report.pdf", ContentFile(b"%PDF report"), save=False)
    evidence.save()
    earlier = message_ingest(
        mailbox=smtp_mailbox,
        raw=make_mail(
            subject="Artwork PI-2026-0101",
            attachments=[("artwork.pdf", b"%PDF artwork", "application/pdf")],
        ),
    ).message
    artwork = Attachment.objects.get(message=earlier)
    client.force_login(merchandiser)
    page = client.get(reverse("comms:compose") + f"?order={order.pk}")
    form = page.context["form"]
    assert form.initial["to"] == "anna@schmidt-handel.de"
    assert form.initial["subject"] == "PI-2026-0101 / PO-77: "
    choices = dict(form.fields["order_files"].choices)
    assert f"attachment-{artwork.pk}" in choices and f"evidence-{evidence.pk}" in choices

    response = client.post(
        reverse("comms:compose") + f"?order={order.pk}",
        {
            "mailbox": smtp_mailbox.pk,
            "to": "Anna <anna@schmidt-handel.de>; ",
            "cc": "",
            "bcc": "",
            "subject": "PI-2026-0101 / PO-77: artwork approved",
            "body": "Approved, thanks.",
            "order_files": [f"attachment-{artwork.pk}", f"evidence-{evidence.pk}"],
            "attachments": [ContentFile(b"a,b\n1,2\n", name="装箱单.csv")],
        },
    )
    sent = Message.objects.get(direction="out")
    assert response.status_code == 302
    assert (sent.order, sent.customer) == (order, schmidt)
    expected = ["artwork.pdf", "装箱单.csv", "验货报告.pdf"]
    assert sorted(sent.attachments.values_list("original_name", flat=True)) == expected
    _mail_from, recipients, received, _raw = _received(smtp_server)
    assert recipients == ["anna@schmidt-handel.de"]
    names = sorted(part.get_filename() for part in received.iter_attachments())
    assert names == expected


def test_a_viewer_cannot_send(client, make_user, mail_team):
    viewer = make_user("viewer", [mail_team], username="vera")
    client.force_login(viewer)
    assert client.get(reverse("comms:compose")).status_code == 403
    assert client.post(reverse("comms:compose"), {"to": "a@b.de"}).status_code == 403


def test_without_a_mailbox_the_page_says_how_to_add_one(client, merchandiser):
    client.force_login(merchandiser)
    body = client.get(reverse("comms:compose")).content.decode()
    assert "You have no mailbox to send from" in body
    assert reverse("comms:mailbox_create") in body


def test_replying_to_another_teams_message_is_not_found(client, make_user, team_b, inquiry):
    outsider = make_user("sales", [team_b], username="olga")
    client.force_login(outsider)
    assert client.get(reverse("comms:compose") + f"?reply_to={inquiry.pk}").status_code == 404


def test_someone_elses_personal_mailbox_cannot_be_sent_from(
    client, make_user, mail_team, smtp_mailbox, smtp_server, schmidt
):
    colleague = make_user("sales", [mail_team], username="sam")
    client.force_login(colleague)
    response = client.post(
        reverse("comms:compose"),
        {"mailbox": smtp_mailbox.pk, "to": "anna@schmidt-handel.de", "subject": "x", "body": "y"},
    )
    assert response.status_code == 200  # the page again: nothing of Mia's to send from
    assert not smtp_server.messages and not Message.objects.exists()


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Inquiry: solar lamps", "Re: Inquiry: solar lamps"),
        ("Re: Inquiry: solar lamps", "Re: Inquiry: solar lamps"),
        ("RE: Re: AW: Inquiry: solar lamps", "Re: Inquiry: solar lamps"),
        ("回复：答复: 交货期", "Re: 交货期"),
        ("Re[2]: PI-2026-0042", "Re: PI-2026-0042"),
        ("Required documents", "Re: Required documents"),
    ],
)
def test_a_reply_subject_has_one_re_in_front(subject, expected):
    assert _reply_subject(subject) == expected


def _templates():
    MessageTemplate.objects.create(
        code="ship-notice", language="en", name="Ship notice",
        subject="{order_number} ships on {ship_date}", body="Dear {contact}, {order_number} ships on {ship_date}.",
    )  # fmt: skip
    MessageTemplate.objects.create(
        code="ship-notice", language="de", name="Versandanzeige",
        subject="{order_number} wird am {ship_date} verschifft",
        body="Sehr geehrte(r) {contact}, {order_number} wird am {ship_date} verschifft.",
    )  # fmt: skip
    MessageTemplate.objects.create(
        code="tracking", language="en", name="Tracking", body="Your tracking number: {tracking}"
    )


def test_compose_starts_from_a_template_in_the_customers_language(
    client, merchandiser, smtp_mailbox, schmidt
):
    schmidt.languages = ["de", "en"]
    schmidt.save()
    order = planned_order(schmidt.team, customer=schmidt, number="PI-2026-0102")
    _templates()
    client.force_login(merchandiser)

    page = client.get(reverse("comms:compose"), {"order": order.pk, "template": "ship-notice"})

    initial = page.context["form"].initial
    assert initial["subject"].startswith("PI-2026-0102 wird am ")
    assert initial["body"].startswith("Sehr geehrte(r) ") and "{" not in initial["body"]
    assert ("order", str(order.pk)) in page.context["compose_params"]
    assert "Ship notice · de, en" in page.content.decode()


def test_a_template_with_a_placeholder_the_order_cannot_fill_names_it_and_fills_nothing(
    client, merchandiser, smtp_mailbox, schmidt
):
    order = planned_order(schmidt.team, customer=schmidt, number="PI-2026-0103")
    _templates()
    client.force_login(merchandiser)

    page = client.get(reverse("comms:compose"), {"order": order.pk, "template": "tracking"})

    assert "{tracking}" in page.content.decode()  # named in the error message
    assert "tracking number" not in page.context["form"].initial["body"]


def test_a_template_in_a_reply_greets_the_person_replied_to(
    client, merchandiser, smtp_mailbox, schmidt
):
    ContactFactory(customer=schmidt, name="Jonas Weber", email="jonas@schmidt-handel.de")
    message = message_ingest(
        mailbox=smtp_mailbox,
        raw=make_mail(subject="Samples", sender="Jonas Weber <jonas@schmidt-handel.de>"),
    ).message
    MessageTemplate.objects.create(
        code="thanks", language="en", name="Thanks", body="Dear {contact}, thank you."
    )
    client.force_login(merchandiser)

    page = client.get(reverse("comms:compose"), {"reply_to": message.pk, "template": "thanks"})

    body = page.context["form"].initial["body"]
    assert body.startswith("Dear Jonas Weber, thank you.")  # not the primary contact, Anna
    assert page.context["form"].initial["subject"] == "Re: Samples"
