"""Time the search over 1,000,000 messages' index entries.

Migrates a fresh SQLite file in a temporary GENDAN_DATA_DIR (or the PostgreSQL database
that --database-url names, which it empties first), writes the search entries of
synthetic messages in bulk — Chinese trade talk with a few English words and an order
number in each, like the mail of an export company — and then times the search's SQL
(ranking and access filter included) for Chinese, English and order-number queries, as a
manager (every team) and as a merchandiser (one team of four).

    .venv/bin/python bench/search.py                       # 1,000,000 entries on SQLite
    .venv/bin/python bench/search.py --rows 200000
    .venv/bin/python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/gendan_bench
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed_orders import bench_env, manage  # noqa: E402

# Words of an exporter's mail.  延期 (delay) and 质量 (quality) are left out of the
# vocabulary and put in at known rates, so the queries have known answers.
CHINESE_TEXT = (
    "订单 交货 验货 包装 纸箱 出货 船期 报价 样品 付款 定金 尾款 集装箱 工厂 生产 原材料 "
    "不锈钢 电水壶 毛巾 砧板 客户 确认 安排 检验 破损 标签 唛头 提单 发票 装箱单 海运 港口 "
    "宁波 深圳 上海 请 尽快 回复 今天 明天 下周 已经 还没 通知 修改 数量 单价 颜色 尺寸 "
    "照片 附件 合同 信用证 电汇 清关 货代 订舱 截关 开船 到港 索赔 退货 补货 折扣"
)
ENGLISH_TEXT = (
    "shipment sample invoice container rotterdam antwerp carton label inspection payment "
    "deposit balance kettle towel bamboo booking vessel forwarder lading discount price "
    "colour size photo contract order confirm please urgent tomorrow week factory"
)
CHINESE, ENGLISH = CHINESE_TEXT.split(), ENGLISH_TEXT.split()
RATES = {"延期": 0.01, "质量": 0.02, "hamburg": 0.01}
TEAMS = 4
ORDERS = 100_000
QUERIES = [
    "延期",
    "质量",
    "交货延期",
    "集装箱",
    "hamburg",
    "shipment",
    "PI-2025-04711",
    "延期 hamburg",
    "质量 inspection",
    "延",
]


def synthetic_message(rng: random.Random) -> tuple[str, str]:
    number = f"PI-2025-{rng.randrange(1, ORDERS):05d}"
    subject = f"Re: {number} " + "".join(rng.sample(CHINESE, rng.randint(2, 4)))
    words = rng.sample(CHINESE, rng.randint(10, 20))
    for word, rate in RATES.items():
        if word != "hamburg" and rng.random() < rate:
            words.insert(rng.randrange(len(words) + 1), word)
    latin = rng.sample(ENGLISH, 2)
    if rng.random() < RATES["hamburg"]:
        latin[0] = "Hamburg"
    body = "".join(words[: len(words) // 2]) + f" {latin[0]} " + "".join(words[len(words) // 2 :])
    return subject, f"{body} {latin[1]}. {number}"


def fill(rows: int, seed: int) -> float:
    """Write ``rows`` message entries in bulk; returns the seconds it took."""
    from django.db import connection, transaction

    from gendan.accounts.models import Team
    from gendan.search.text import index_text

    teams = [Team.objects.get_or_create(name=f"Bench team {n}")[0].pk for n in range(TEAMS)]
    rng = random.Random(seed)
    batch = 10_000
    started = time.monotonic()
    sql = (
        "INSERT INTO search_searchentry (kind, object_id, team_id, title, text, title_tokens,"
        " tokens, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    now = "2026-11-28 00:00:00+00:00"
    for start in range(0, rows, batch):
        values = []
        for object_id in range(start + 1, min(rows, start + batch) + 1):
            subject, text = synthetic_message(rng)
            values.append(
                ("message", object_id, teams[object_id % TEAMS], subject, text,
                 index_text(subject), index_text(text), now)
            )  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, values)
        done = start + len(values)
        if done % 100_000 == 0 or done == rows:
            print(f"  {done:,} entries ({time.monotonic() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
    return time.monotonic() - started


def time_queries(repeat: int) -> None:
    from django.db import connection

    from gendan.accounts.models import Team, User
    from gendan.search.selectors import _ranked_sql, search_entries
    from gendan.search.text import parse_query

    manager = User.objects.get_or_create(username="bench-manager", defaults={"role": "manager"})[0]
    merch = User.objects.get_or_create(username="bench-merch", defaults={"role": "merchandiser"})[0]
    merch.teams.set([Team.objects.get(name="Bench team 0")])
    print(f"\n{connection.vendor}, best and median of {repeat} runs, top 20 ranked, ms")
    print(f"{'query':<18}{'user':<9}{'matches':>9}{'best':>9}{'median':>9}")
    for q in QUERIES:
        parsed = parse_query(q)
        for label, user in (("manager", manager), ("merch", merch)):
            user = User.objects.get(pk=user.pk)  # a fresh per-request team cache
            inner, params, _order = _ranked_sql(user, parsed, None)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({inner}) hits", params)
                matches = cursor.fetchone()[0]
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                search_entries(user, parsed, kinds=None, limit=20)
                times.append((time.perf_counter() - started) * 1000)
            print(
                f"{q:<18}{label:<9}{matches:>9,}{min(times):>9.1f}{statistics.median(times):>9.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url", help="a PostgreSQL database to use (emptied first) instead of SQLite"
    )
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="gendan-search-bench-"))
    try:
        env = bench_env(data_dir)
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "-v0")
        if args.database_url:
            manage(env, "flush", "--noinput")
        print(f"migrate: {time.monotonic() - started:.1f} s")
        os.environ.update(env)
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        seconds = fill(args.rows, args.seed)
        print(f"wrote {args.rows:,} entries in {seconds:.1f} s ({args.rows / seconds:,.0f}/s)")
        database = data_dir / "gendan.sqlite3"
        if not args.database_url and database.exists():
            print(f"database size: {database.stat().st_size / 2**20:,.0f} MiB")
        time_queries(args.repeat)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
