"""Time `manage.py import_mail` on a 10,000-message .mbox on a fresh SQLite file.

The archive looks like a merchandiser's real mail: replies in chains of up to six
(In-Reply-To and References), UTF-8, GBK, Big5 and Latin-1 text with RFC 2047 subjects,
HTML parts, PDF and spreadsheet attachments on about one message in eight, automatic
replies and newsletters, and senders who are the demo data's contacts, their colleagues
(linked by domain) and strangers on webmail.  Order numbers of demo orders appear in
subjects and bodies.  Prints messages per second for the import, and for a second run
that finds everything already stored.

    .venv/bin/python bench/mail_ingest.py [--messages 10000] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from email.utils import format_datetime, make_msgid
from pathlib import Path

from seed_orders import ROOT, bench_env, manage

SETUP = """
import json
from gendan.accounts.models import Team
from gendan.comms.models import Mailbox
from gendan.customers.models import Contact
from gendan.orders.models import Order
team = Team.objects.order_by("pk").first()
box = Mailbox(name="Bench", address="amy.li@gendan.example", team=team,
              imap_host="127.0.0.1", imap_username="bench", is_active=False)
box.imap_password = "unused"
box.save()
print(json.dumps({
    "contacts": list(Contact.objects.exclude(email="").values_list("email", flat=True)[:400]),
    "orders": list(Order.objects.values_list("number", flat=True)[:1000]),
}))
"""

SUBJECTS = [
    "Inquiry for {product}", "Quotation {product}", "{order} shipping schedule",
    "{order} payment received", "Artwork confirmation {order}", "Inspection report {order}",
    "Sample feedback {product}", "Price list 2027", "{order} 唛头确认", "关于{order}交货期",
    "{order} 出貨通知", "Booking confirmation {order}", "Packing list {order}",
]  # fmt: skip
PRODUCTS = ["LED panel 600x600", "solar garden light", "ceramic mug 350ml", "bamboo cutting board"]
BODIES = {
    "utf-8": "Dear {name},\n\nplease see the details for {order} below.\nQuantity: {qty} pcs\n\nBest regards\nAmy",
    "gbk": "您好{name}：\n\n关于订单{order}，工厂已安排生产，预计交货期为下月中旬。数量{qty}件。\n\n此致\n李小姐",
    "big5": "{name} 您好：\n\n訂單{order}的貨物已經出貨，貨櫃號碼稍後提供。數量{qty}件。\n\n陳先生",
    "iso-8859-1": "Sehr geehrte Frau {name},\n\nanbei die Unterlagen für {order}. Menge: {qty} Stück.\n\nMit freundlichen Grüßen",
}
STRANGERS = [
    "buyer{n}@gmail.com",
    "purchase{n}@qq.com",
    "info{n}@163.com",
    "sourcing{n}@outlook.com",
]


def _word(text: str, charset: str) -> str:
    try:
        data = text.encode(charset)
    except UnicodeEncodeError:  # a simplified character in a Big5 subject: UTF-8 instead
        charset, data = "utf-8", text.encode()
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


def _message(
    rng: random.Random, *, number: int, context: dict, parent: dict | None
) -> tuple[bytes, dict]:
    charset = rng.choices(list(BODIES), weights=[60, 25, 8, 7])[0]
    order = rng.choice(context["orders"]) if context["orders"] and rng.random() < 0.6 else "PI-0000"
    if parent is None:
        roll = rng.random()
        if roll < 0.70 and context["contacts"]:
            customer = rng.choice(context["contacts"])
        elif roll < 0.85 and context["contacts"]:
            customer = "colleague@" + rng.choice(context["contacts"]).split("@")[1]
        else:
            customer = rng.choice(STRANGERS).format(n=rng.randint(1, 500))
        subject = rng.choice(SUBJECTS).format(product=rng.choice(PRODUCTS), order=order)
        references: list[str] = []
    else:
        customer = parent["customer"]
        subject = ("Re: " if rng.random() < 0.8 else "回复: ") + parent["subject"]
        references = [*parent["references"], parent["id"]][-10:]
    outgoing = parent is not None and not parent["outgoing"]
    sender, recipient = (
        ("amy.li@gendan.example", customer) if outgoing else (customer, "amy.li@gendan.example")
    )
    message_id = make_msgid(idstring=f"b{number}", domain=sender.split("@")[1])
    name = sender.split("@")[0].replace(".", " ").title()
    body = BODIES[charset].format(name=name, order=order, qty=rng.randint(100, 20000))
    date = format_datetime(_date(context, number))
    headers = [
        f"From: {_word(name, 'utf-8')} <{sender}>",
        f"To: <{recipient}>",
        f"Subject: {_word(subject, charset)}",
        f"Date: {date}",
        f"Message-ID: {message_id}",
        "MIME-Version: 1.0",
    ]
    if rng.random() < 0.3:
        headers.append(f"Cc: <purchasing@{customer.split('@')[1]}>")
    if references:
        headers.append(f"In-Reply-To: {references[-1]}")
        headers.append("References: " + " ".join(references))
    roll = rng.random()
    if roll < 0.03:
        headers.append("Auto-Submitted: auto-replied")
    elif roll < 0.05:
        headers.append("Precedence: bulk")
    text = base64.encodebytes(body.encode(charset)).decode()
    html_part = ""
    if rng.random() < 0.35:
        html = (
            "<html><body><p>"
            + body.replace("\n", "<br>")
            + '</p><img src="https://tracker.example/o.gif"></body></html>'
        )
        html_part = (
            f'--alt\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
            f"{base64.encodebytes(html.encode()).decode()}\r\n"
        )
    alternative = (
        'Content-Type: multipart/alternative; boundary="alt"\r\n\r\n'
        f'--alt\r\nContent-Type: text/plain; charset="{charset}"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        f"{text}\r\n{html_part}--alt--\r\n"
    )
    if rng.random() < 0.12:
        size = rng.choice([20_000, 60_000, 150_000])
        name = rng.choice(["形式发票 {o}.pdf", "Packing list {o}.xlsx", "验货报告 {o}.pdf"]).format(
            o=order
        )
        payload = base64.encodebytes(rng.randbytes(size)).decode()
        content = (
            'Content-Type: multipart/mixed; boundary="mix"\r\n\r\n'
            f"--mix\r\n{alternative}"
            f"--mix\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Disposition: attachment; filename*=utf-8''{_percent(name)}\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{payload}\r\n--mix--\r\n"
        )
    else:
        content = alternative
    raw = ("\r\n".join(headers) + "\r\n" + content).encode("ascii")
    return raw, {
        "id": message_id, "customer": customer, "subject": subject,
        "references": references, "outgoing": outgoing,
    }  # fmt: skip


def _percent(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _date(context: dict, number: int):
    import datetime as dt

    return context["start"] + dt.timedelta(minutes=number * 17)


def write_mbox(path: Path, count: int, context: dict) -> None:
    import datetime as dt

    rng = random.Random(20261128)
    context["start"] = dt.datetime(2025, 1, 6, 1, 0, tzinfo=dt.UTC)
    open_threads: list[dict] = []
    with path.open("wb") as handle:
        for number in range(count):
            parent = None
            if open_threads and rng.random() < 0.45:
                parent = rng.choice(open_threads)
            raw, info = _message(rng, number=number, context=context, parent=parent)
            depth = len(info["references"]) + 1
            if parent is not None:
                open_threads.remove(parent)
            if depth < 6:
                open_threads.append(info)
            open_threads = open_threads[-300:]
            body = re.sub(rb"^From ", b">From ", raw.replace(b"\r\n", b"\n"), flags=re.MULTILINE)
            handle.write(b"From bench@gendan.example Mon Jan  6 00:00:00 2025\n" + body + b"\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--data-dir", type=Path, help="keep the database here (must be empty)")
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gendan-mail-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    env = bench_env(data_dir)
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "seed_demo", "--customers", "300", "--orders", "2000")
        context = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        archive = data_dir / "history.mbox"
        write_mbox(archive, args.messages, context)
        size = archive.stat().st_size / 1024 / 1024
        print(f"import_mail of {args.messages:,} messages ({size:,.0f} MB .mbox) on SQLite")
        for label in ("first run", "second run (all already stored)"):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), "import_mail", str(archive), "--mailbox", "Bench"],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )  # fmt: skip
            total = time.perf_counter() - started
            if result.returncode != 0:
                sys.exit(f"import_mail failed:\n{result.stdout}\n{result.stderr}")
            summary = result.stdout.strip().splitlines()[-1]
            own = re.search(r"in ([\d.]+) s", summary)
            print(f"  {label}: {summary}")
            print(
                f"    with Django start-up: {total:.1f} s, {args.messages / total:,.0f} messages/s"
                + (
                    f"; import alone {args.messages / float(own.group(1)):,.0f} messages/s"
                    if own
                    else ""
                )
            )
        db = (data_dir / "gendan.sqlite3").stat().st_size / 1024 / 1024
        media = sum(p.stat().st_size for p in (data_dir / "media").rglob("*") if p.is_file())
        print(f"  database {db:,.0f} MB, stored files {media / 1024 / 1024:,.0f} MB")
    finally:
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
