"""Time `flask seed` at Madrid scale on fresh databases, with the machine's load.

    python benchmarks/seed_timing.py \\
        --sqlite /tmp/madrid/codesign.db \\
        --postgres postgresql+psycopg://postgres@127.0.0.1:5432/codesign_madrid

Each database is emptied first (the SQLite file is deleted; PostgreSQL's public
schema is dropped and made again), upgraded with `flask db upgrade`, then
seeded. The seeded databases are left in place for benchmarks to use.
"""
import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

MADRID = ["--users", "500000", "--ideas", "30000", "--supports", "3000000", "--comments", "250000"]
ROOT = Path(__file__).resolve().parent.parent


def flask(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "CODESIGN_ENV": "development"}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "codesign", *args],
                          cwd=ROOT, env=env, check=True, capture_output=True, text=True)


def fresh_sqlite(path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgres(url):
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def timed(label, url, size):
    flask(url, "db", "upgrade")
    load_before = os.getloadavg()
    started = time.monotonic()
    result = flask(url, "seed", *size)
    took = time.monotonic() - started
    print(f"{label}: {took:.0f}s wall; load average before {load_before[0]:.1f}, "
          f"after {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores")
    print("  " + result.stdout.strip().replace("\n", "\n  "))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", help="SQLite file to create (deleted first)")
    parser.add_argument("--postgres", help="PostgreSQL URL of a database to empty and fill")
    parser.add_argument("--small", action="store_true", help="a hundredth of Madrid, to try it out")
    args = parser.parse_args()
    size = MADRID if not args.small else [str(int(v) // 100) if v.isdigit() else v for v in MADRID]
    if args.sqlite:
        timed("SQLite", fresh_sqlite(args.sqlite), size)
    if args.postgres:
        timed("PostgreSQL", fresh_postgres(args.postgres), size)


if __name__ == "__main__":
    main()
