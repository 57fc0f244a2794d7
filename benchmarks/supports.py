"""What one support costs in one process (issue 16): the CPU time the app
spends on `POST /ideas/<id>/support`, with its SQL statements and Redis round
trips, against `/healthz` in the same run; optionally a cProfile of the
supports.

    PYTHONPATH=. python benchmarks/supports.py --database-url sqlite:////tmp/codesign.db
    PYTHONPATH=. python benchmarks/supports.py --database-url ... --profile

It is set up as benchmarks/run.py's server is (production settings, the
rate limits and the page cache in Redis, `--redis-url`), and sends what its
support phase sends: residents who have supported none of the most supported
ideas each support them, with the CSRF token read from a page first. Most
ask for JSON, as the page's script does; every `--form-every`-th one is the
form post without JavaScript (a redirect and a message in the session).
The time is this process's CPU time (time.process_time) inside the app's
WSGI call, so the test client's own work is left out.

The database is changed as run.py changes it: the supports stay, counted
exactly (checked at the end), and each resident gets a session row.
"""
import argparse
import cProfile
import pstats
import statistics
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis.connection  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

from benchmarks.fixtures import check_supports, plan_supports  # noqa: E402
from benchmarks.load import CSRF_FIELD  # noqa: E402
from codesign import create_app  # noqa: E402
from codesign.extensions import db  # noqa: E402
from codesign.models import Idea  # noqa: E402

BASE = "http://127.0.0.1"


class Counted:
    """Statements, database round trips and Redis round trips, counted while `on`.

    A database round trip is one wait for the server's answer: psycopg waits
    once per statement, and once more for each BEGIN, COMMIT and the pool's
    ping, which are not statements to SQLAlchemy's events. SQLite has none."""

    def __init__(self, engine):
        self.on = False
        self.statements = self.round_trips = self.database_trips = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        if engine.dialect.driver == "psycopg":
            self._count_psycopg_waits()
        send = redis.connection.AbstractConnection.send_packed_command
        counted = self

        def send_packed_command(connection, command, check_health=True):
            if counted.on:
                counted.round_trips += 1
            return send(connection, command, check_health)

        redis.connection.AbstractConnection.send_packed_command = send_packed_command

    def _count_psycopg_waits(self):
        import psycopg._cursor_base
        import psycopg.generators

        wait = psycopg.generators.execute
        counted = self

        def execute(pgconn):
            if counted.on:
                counted.database_trips += 1
            return wait(pgconn)

        psycopg.generators.execute = psycopg._cursor_base.execute = execute

    def _statement(self, *_args):
        if self.on:
            self.statements += 1


class Timed:
    """WSGI middleware: the CPU time of each call, from the call to the body's close."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.last = 0.0

    def __call__(self, environ, start_response):
        started = time.process_time()
        body = self.wsgi_app(environ, start_response)
        chunks = list(body)
        if hasattr(body, "close"):
            body.close()
        self.last = time.process_time() - started
        return chunks


def make_app(database_url, redis_url):
    # As benchmarks/server.py starts gunicorn: production settings, Redis for
    # the limits and the page cache, a page-cache key of its own.
    return create_app({
        "ENV_NAME": "production", "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "supports-benchmark", "BASE_URL": BASE,
        "RATELIMIT_STORAGE_URI": redis_url, "PAGE_CACHE_URL": redis_url,
        "PAGE_CACHE_KEY": f"codesign-supports-bench:{time.time_ns()}:page-generation",
    })


def session_cookie(response, name, default):
    jar = SimpleCookie()
    for header in response.headers.getlist("Set-Cookie"):
        jar.load(header)
    return jar[name].value if name in jar else default


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--residents", type=int, default=250)
    parser.add_argument("--support-ideas", type=int, default=6)
    parser.add_argument("--form-every", type=int, default=5,
                        help="every n-th support is the form post without JavaScript")
    parser.add_argument("--profile", action="store_true", help="cProfile the supports")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    app = make_app(args.database_url, args.redis_url)
    name = app.config["SESSION_COOKIE_NAME"]
    timed = app.wsgi_app = Timed(app.wsgi_app)
    with app.app_context():
        counted = Counted(db.engine)
        light_idea = db.session.scalar(
            select(Idea.id).where(Idea.hidden_at.is_(None), Idea.comment_count == 0)
            .order_by(Idea.id).limit(1))
    supports = plan_supports(app, args.residents, args.support_ideas)
    client = app.test_client(use_cookies=False)

    def send(method, path, cookie, **kwargs):
        headers = kwargs.pop("headers", {})
        if cookie:
            headers["Cookie"] = f"{name}={cookie}"
        return client.open(path, method=method, base_url=BASE, headers=headers, **kwargs)

    cookies, tokens = {}, {}
    for user_id, cookie in supports.cookies.items():  # each resident's form token
        page = send("GET", f"/ideas/{light_idea}", cookie)
        tokens[user_id] = CSRF_FIELD.search(page.data).group(1).decode()
        cookies[user_id] = session_cookie(page, name, cookie)
    for _ in range(20):
        send("GET", "/healthz", None)

    kinds = {"json": [], "form": [], "/healthz": []}
    counts = {kind: [0, 0, 0] for kind in kinds}
    accepted, statuses = [], {}
    profiler = cProfile.Profile() if args.profile else None
    for n, (user_id, idea_id) in enumerate(supports.pairs):
        kind = "form" if args.form_every and n % args.form_every == args.form_every - 1 else "json"
        headers = {"Accept": "application/json"} if kind == "json" else {}
        counted.on = True
        before = counted.statements, counted.round_trips, counted.database_trips
        if profiler:
            profiler.enable()
        response = send("POST", f"/ideas/{idea_id}/support", cookies[user_id],
                        data={"csrf_token": tokens[user_id]}, headers=headers)
        if profiler:
            profiler.disable()
        counted.on = False
        kinds[kind].append(timed.last)
        counts[kind][0] += counted.statements - before[0]
        counts[kind][1] += counted.round_trips - before[1]
        counts[kind][2] += counted.database_trips - before[2]
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code in (200, 302):  # 302: the form's way back to the idea
            accepted.append((user_id, idea_id))
        if n % 10 == 0:  # /healthz alongside, so both see the same machine
            counted.on = True
            before = counted.statements, counted.round_trips, counted.database_trips
            send("GET", "/healthz", None)
            counted.on = False
            kinds["/healthz"].append(timed.last)
            counts["/healthz"][0] += counted.statements - before[0]
            counts["/healthz"][1] += counted.round_trips - before[1]
            counts["/healthz"][2] += counted.database_trips - before[2]

    dialect = args.database_url.split(":", 1)[0].split("+", 1)[0]
    print(f"{len(supports.pairs)} supports on {dialect}, statuses {statuses}")
    health = statistics.median(kinds["/healthz"])
    print("| request | n | CPU ms p50 | mean | × /healthz | statements | database round trips "
          "| Redis round trips |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind, times in kinds.items():
        if not times:
            continue
        median = statistics.median(times)
        label = kind if kind == "/healthz" else f"support ({kind})"
        print(f"| `{label}` | {len(times)} | {median * 1000:.2f} | "
              f"{statistics.mean(times) * 1000:.2f} | {median / health:.1f} | "
              f"{counts[kind][0] / len(times):.1f} | {counts[kind][2] / len(times):.1f} | "
              f"{counts[kind][1] / len(times):.1f} |")
    ok, lines = check_supports(app, supports, accepted)
    print("counts " + ("exact" if ok else "WRONG") + ": " + "; ".join(lines[-2:]))
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
