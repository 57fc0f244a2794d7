"""Rendering costs in one process, with Flask's test client: the median
milliseconds and the SQL statements of each page, against `/healthz` in the
same rounds, and optionally a cProfile of one page (issue 16). The time is
this process's CPU time (time.process_time), so that other work on a busy
machine weighs on it less than on the time by the clock.

    PYTHONPATH=. python benchmarks/inprocess.py --database-url sqlite:////tmp/codesign.db
    PYTHONPATH=. python benchmarks/inprocess.py --database-url ... --profile "/ideas (resident)"

The page cache is off unless --redis-url is given: every page is then
rendered, as visitors get the pages the cache does not hold. With it, as
deployed, visitors' pages and signed-in people's list bodies are kept. It
signs sessions in like benchmarks/run.py (and so adds a user_session row
for each person it signs in).
"""
import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, select  # noqa: E402

from benchmarks.fixtures import _cookie, find_targets  # noqa: E402
from codesign import create_app  # noqa: E402
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
    listed += [("/notifications", "resident"), ("/api/v1/ideas", None),
               ("/api/v1/ideas", "resident"), ("/moderation", "moderator"),
               ("/staff", "staff")]
    if targets.pilot:
        pilot = f"/pilots/{targets.pilot}"
        listed += [("/pilots", None), ("/pilots", "resident"), (pilot, None), (pilot, "resident")]
    return listed


SORTS = ("random", "supported", "newest", "discussed", "trending")


def list_pages(targets):
    """The signed-in list pages (issue 16): every sort on page 1 and a deep
    page, the area and challenge filters, search, proposals, notifications."""
    listed = [("/healthz", None)]
    for sort in SORTS:
        listed += [(f"/ideas?sort={sort}", "resident"),
                   (f"/ideas?sort={sort}&page={targets.deep_page}", "resident")]
    listed += [(f"/ideas?area={targets.area}", "resident"),
               (f"/ideas?challenge={targets.challenge}", "resident"),
               ("/search?q=library", "resident"), ("/proposals", "resident"),
               ("/notifications", "resident")]
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
    parser.add_argument("--redis-url", help="turn the page cache on, with this Redis (its "
                        "generation under a key of this run's own)")
    parser.add_argument("--lists", action="store_true",
                        help="measure the signed-in list pages instead of the key pages")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="measure only the pages whose label holds TEXT (and /healthz)")
    args = parser.parse_args()
    # With --redis-url, as deployed: visitors' pages and signed-in lists'
    # bodies are kept until a write (none happens here once the targets are found).
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url,
                      "SECRET_KEY": "inprocess-benchmark", "BASE_URL": BASE,
                      "PAGE_CACHE_URL": args.redis_url,
                      "PAGE_CACHE_KEY": f"inprocess-benchmark:{os.getpid()}"})
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
    listed = list_pages(targets) if args.lists else pages(targets)
    if args.only:
        listed = [page for page in listed if page[0] == "/healthz"
                  or any(text in label(*page) for text in args.only)]
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
        print(f"{args.profile}: {stats.total_calls / (args.requests * 5):,.0f} function calls"
              " a request")
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
