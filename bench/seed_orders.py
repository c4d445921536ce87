"""Time `manage.py seed_demo` for 100,000 orders on a fresh SQLite file.

Prints the total wall time of the command (Django start-up included), the time the
command reports for its own work, orders per second and the size of the database.

    .venv/bin/python bench/seed_orders.py [--orders 100000] [--customers 2000] [--data-dir DIR]

With --data-dir the seeded database stays there (bench/list_pages.py can use it);
without, it goes into a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_env(data_dir: Path) -> dict[str, str]:
    """Environment of a Gendan that keeps everything in ``data_dir`` on SQLite."""
    env = {
        key: value for key, value in os.environ.items() if key not in ("MEDIA_ROOT", "DATABASE_URL")
    }
    env.update(
        GENDAN_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'gendan.sqlite3'}",
        SECRET_KEY="bench",
        DJANGO_SETTINGS_MODULE="gendan.settings",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument(
        "--data-dir", type=Path, help="keep the seeded database here (must be empty)"
    )
    args = parser.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gendan-bench-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    if (data_dir / "gendan.sqlite3").exists():
        sys.exit(f"{data_dir} already has a database; give an empty directory")
    env = bench_env(data_dir)
    try:
        manage(env, "migrate", "--no-input", "-v", "0")
        started = time.perf_counter()
        output = manage(
            env, "seed_demo", "--customers", str(args.customers), "--orders", str(args.orders)
        )
        total = time.perf_counter() - started
        own = re.search(r"Demo data added in ([\d.]+) s", output)
        size = (data_dir / "gendan.sqlite3").stat().st_size
        print(f"seed_demo --customers {args.customers:,} --orders {args.orders:,} on SQLite")
        print(f"  total (with Django start-up): {total:.1f} s, {args.orders / total:,.0f} orders/s")
        if own:
            seconds = float(own.group(1))
            print(
                f"  reported by the command:      {seconds:.1f} s, {args.orders / seconds:,.0f} orders/s"
            )
        print(f"  database file: {size / 1024 / 1024:,.0f} MB")
    finally:
        if args.data_dir is None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
