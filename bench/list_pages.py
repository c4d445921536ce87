"""Time the list and detail pages on a database with 100,000 orders.

Logs in as a manager (sees every team) and as a merchandiser (sees one team) with
Django's test client, requests each page a number of times and prints the median and
95th-percentile time in milliseconds and the number of SQL queries of one request.
Pages that answer 404 (not built yet) are listed as skipped.

    .venv/bin/python bench/list_pages.py --data-dir DIR   # a directory seeded by seed_orders.py
    .venv/bin/python bench/list_pages.py                  # seeds a temporary one first (~1 min)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed_orders import bench_env  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, help="a GENDAN_DATA_DIR seeded by bench/seed_orders.py"
    )
    parser.add_argument("--repeat", type=int, default=20, help="requests per page and user")
    args = parser.parse_args()

    data_dir = args.data_dir
    temporary = data_dir is None
    if temporary:
        data_dir = Path(tempfile.mkdtemp(prefix="gendan-bench-"))
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "seed_orders.py"), "--data-dir", str(data_dir)],
            check=True,
        )
    try:
        run(data_dir, args.repeat)
    finally:
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)


def run(data_dir: Path, repeat: int) -> None:
    os.environ.update(bench_env(data_dir))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gendan.accounts.models import Team, User
    from gendan.orders.models import Order, OrderStatus

    orders = Order.objects.count()
    eu = Team.objects.get(name="欧美一部")
    # An order both users may open: the merchandiser's team, recent, with lines.
    order = (
        Order.objects.filter(team=eu, status=OrderStatus.CONFIRMED).order_by("-created_at").first()
    )
    from gendan.followup.models import OrderProgress

    active = OrderProgress.objects.exclude(stage_key="").count()
    pages = [
        ("board", "/board/"),
        ("board, late only", "/board/?late=1"),
        ("my day", "/my-day/"),
        ("order follow-up panel", f"/orders/{order.pk}/follow-up/" if order else "/orders/0/"),
        ("order list", "/orders/"),
        ("order list, status=confirmed", "/orders/?status=confirmed"),
        ("customer list", "/customers/"),
        ("order detail", f"/orders/{order.pk}/" if order else "/orders/0/"),
        ("API order list", "/api/v1/orders/"),
    ]
    print(
        f"\n{orders:,} orders, {active:,} of them followed up on the board; "
        f"{repeat} requests per page after 2 warm-up requests\n"
    )
    print(f"{'page':<30} {'user':<10} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for username in ("manager", "merch_eu"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, url in pages:
            status = client.get(url).status_code
            if status == 404:
                print(f"{label:<30} {username:<10} {'skipped: 404':>28}")
                continue
            if status != 200:
                print(f"{label:<30} {username:<10} {'HTTP ' + str(status):>28}")
                continue
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            # Read now: the next request clears the log the context reads from.
            query_count = len(queries)
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            print(
                f"{label:<30} {username:<10} {statistics.median(timings):>10.1f} "
                f"{percentile(timings, 0.95):>8.1f} {query_count:>8}"
            )


if __name__ == "__main__":
    main()
