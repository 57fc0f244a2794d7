"""Rendering costs in one process, with Flask's test client: the median
milliseconds and the SQL statements of each page, against `/healthz` in the
same rounds, and optionally a cProfile of one page (issue 16). The time is
this process's CPU time (time.process_time), so that other work on a busy
machine weighs on it less than on the time by the clock.

    PYTHONPATH=. python benchmarks/inprocess.py --database-url sqlite:////tmp/codesign.db
    PYTHONPATH=. python benchmarks/inprocess.py --database-url ... --profile "/ideas (resident)"

The page cache is off (no Redis is given), so every page is rendered, as
signed-in people get them. It signs sessions in like benchmarks/run.py (and
so adds a user_session row for each person it signs in).
"""
import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, select  # noqa: E402

from benchmarks.fixtures import _cookie, find_targets, make_app  # noqa: E402
from codesign.extensions import db  # noqa: E402
from codesign.models import User  # noqa: E402

BASE = "http://127.0.0.1"


def pages(targets):
    idea = f"/ideas/{targets.rich_idea}"
    listed = [("/healthz", None), ("/ideas", None), (idea, None)]
    if targets.proposal:
        listed.append((f"/proposals/{targets.proposal}", None))
    listed += [("/ideas", "resident"), ("/ideas?sort=newest&page=100", "resident"),
               ("/search?q=library", "resident"), ("/proposals", "resident"),
               (idea, "resident")]
    if targets.proposal:
        listed.append((f"/proposals/{targets.proposal}", "resident"))
    listed += [("/notifications", "resident"), ("/moderation", "moderator"),
               ("/staff", "staff")]
    return listed


def label(path, who):
    return f"{path} ({who})" if who else path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", help="a page's label, as printed, to profile")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    app = make_app(args.database_url, "inprocess-benchmark")
    targets = find_targets(app, residents=1)
    with app.app_context():
        moderator = db.session.scalars(select(User).where(User.role == "moderator")
                                       .order_by(User.id)).first()
        cookies = {"resident": targets.resident_cookies[0], "staff": targets.staff_cookie,
                   "moderator": _cookie(app, moderator)}
    clients = {}
    for who in (None, "resident", "staff", "moderator"):
        client = app.test_client()
        if who:
            client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookies[who], domain="127.0.0.1")
        clients[who] = client
    statements = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(1))
    listed = pages(targets)
    times = {label(*page): [] for page in listed}
    counts = {}
    for path, who in listed:  # warm up
        for _ in range(3):
            assert clients[who].get(path, base_url=BASE).status_code == 200, (path, who)
    for _ in range(args.rounds):
        for path, who in listed:
            statements.clear()
            start = time.process_time()
            for _ in range(args.requests):
                clients[who].get(path, base_url=BASE)
            times[label(path, who)].append((time.process_time() - start) * 1000 / args.requests)
            counts[label(path, who)] = len(statements) // args.requests
    health = statistics.median(times["/healthz"])
    print("| page | CPU ms | × /healthz | statements |\n|---|---:|---:|---:|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median:.1f} | {median / health:.1f} | {counts[name]} |")
    if args.profile:
        path, _, who = args.profile.partition(" (")
        who = who.rstrip(")") or None
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests * 5):
            clients[who].get(path, base_url=BASE)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
