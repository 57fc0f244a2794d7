"""Benchmark Codesign on a seeded database: gunicorn on loopback, the key
requests measured in rounds (each round sends a share of every one), each
with its p50 and p95 at the server one at a time, its requests per second
four at a time and its ratio to /healthz in the same run (every page people
use as a visitor and signed in as a resident, /moderation and /staff for
their roles); supports per second with the counts checked
afterwards; the workers' peak memory; and `flask check-counts` at the end.
Each target is printed PASS or FAIL.

    python benchmarks/run.py --database-url sqlite:////tmp/madrid/codesign.db
    python benchmarks/run.py --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/codesign_madrid

The database is changed: supports are added (counted exactly), one seeded
moderator gets a new random password, statistics are refreshed, and if no
idea has 200 comments, one gets 200 more. See README.md, "Benchmark".
"""
import argparse
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fixtures  # noqa: E402
import load  # noqa: E402
from report import Row, print_report  # noqa: E402
from server import ROOT, Gunicorn  # noqa: E402

SORTS = ("random", "supported", "newest", "discussed", "trending")


def key_requests(targets, search_available, query):
    """(name, path, who) for every GET measured, in order: the pages people
    use, each as a visitor and signed in as a resident, then the moderators'
    and staff's own pages (issue 16's list)."""
    shared = []
    for sort in SORTS:
        shared.append((f"/ideas {sort}", f"/ideas?sort={sort}"))
        shared.append((f"/ideas {sort} page {targets.deep_page}",
                       f"/ideas?sort={sort}&page={targets.deep_page}"))
    shared += [
        ("/ideas area filter", f"/ideas?area={targets.area}"),
        ("/ideas challenge filter", f"/ideas?challenge={targets.challenge}"),
        (f"/ideas/<id> ({targets.rich_comments} comments)", f"/ideas/{targets.rich_idea}"),
    ]
    if search_available:
        shared.append(("/search", f"/search?q={query}"))
    shared += [("/proposals", "/proposals")]
    if targets.proposal:
        shared.append(("/proposals/<id>", f"/proposals/{targets.proposal}"))
    shared.append(("/api/v1/ideas", "/api/v1/ideas"))
    pages = [(name, path, "visitor") for name, path in shared]
    pages += [(f"{name} (resident)", path, "resident") for name, path in shared]
    pages += [
        ("/notifications (resident)", "/notifications", "resident"),
        ("/moderation (moderator)", "/moderation", "moderator"),
        ("/staff (staff)", "/staff", "staff"),
    ]
    if targets.pilot:
        pages += [
            ("/pilots", "/pilots", "visitor"),
            (f"/pilots/<id> ({targets.pilot_figures} figures)", f"/pilots/{targets.pilot}",
             "visitor"),
        ]
    return pages


@dataclass
class Probe:
    """One key request: how to send the n-th one, and how the access log names it."""

    row: Row
    send: Callable
    method: str = "GET"
    path: str | None = None  # as logged, without the query string; None for any
    per_round: int = 0
    one_at_a_time: int = 0
    sent: int = 0


def page_probe(name, path, visitors, args):
    def send(client, n):
        return visitors[n % len(visitors)].send(client, "GET", path)

    return Probe(Row(name), send, "GET", path.split("?")[0],
                 -(-args.requests // args.rounds), -(-args.latency_requests // args.rounds))


def _send_batch(args, server, probe, count, concurrency):
    """`count` more of the probe's requests: (outcome, times at the server, worker CPU)."""
    mark = server.mark()
    base = probe.sent
    outcome = load.run(server.port, lambda client, n: probe.send(client, base + n),
                       count, args.seconds / args.rounds, concurrency)
    probe.sent += outcome.count
    return (outcome, server.server_ms(mark, probe.method, probe.path),
            server.cpu_seconds_since(mark))


def measure(args, server, probes):
    """Each probe in rounds, every probe in every round, so a change in what
    else the machine is doing weighs on all of them alike. In each round a
    page is sent one at a time (its latency at the server, the workers not
    saturated), then `concurrency` at a time (requests per second, both
    workers busy)."""
    for probe in probes:
        if probe.method == "GET":
            load.run(server.port, probe.send, args.warmup, 60, args.concurrency)
    for number in range(args.rounds):
        for probe in probes:
            if probe.method == "GET":
                outcome, times, _cpu = _send_batch(args, server, probe, probe.one_at_a_time, 1)
                probe.row.add_latency(outcome, times)
            probe.row.add(*_send_batch(args, server, probe, probe.per_round, args.concurrency))
        print(f"  round {number + 1} of {args.rounds} done", flush=True)


def sign_in(server, targets):
    moderator = load.Visitor()
    client = load.Client(server.port)
    token = moderator.csrf_token(client, "/auth/login")
    response = moderator.send(client, "POST", "/auth/login", form={
        "csrf_token": token, "email": targets.moderator_email,
        "password": targets.moderator_password})
    if response.status != 302 or moderator.send(client, "GET", "/moderation").status != 200:
        raise RuntimeError(f"the moderator could not sign in (status {response.status})")
    client.close()
    return moderator


def prepare_residents(server, supports, targets, concurrency):
    """Each resident's session with its CSRF token, read from a page."""
    residents = {user_id: load.Visitor({"session": cookie})
                 for user_id, cookie in supports.cookies.items()}
    tokens = {}
    order = list(residents)

    def send(client, n):
        visitor = residents[order[n]]
        tokens[order[n]] = visitor.csrf_token(client, f"/ideas/{targets.light_idea}")
        return load.Response(200, b"", {}, None, 0.0)

    load.run(server.port, send, len(order), 600, concurrency)
    return residents, tokens


def supports_probe(args, server, supports, targets):
    residents, tokens = prepare_residents(server, supports, targets, args.concurrency)
    accepted, lock = [], threading.Lock()

    def send(client, n):
        user_id, idea_id = supports.pairs[n]
        response = client.request(
            "POST", f"/ideas/{idea_id}/support", residents[user_id].cookies,
            form={"csrf_token": tokens[user_id]}, headers={"Accept": "application/json"})
        if response.status == 200:
            with lock:
                accepted.append((user_id, idea_id))
        return response

    per_round = len(supports.pairs) // args.rounds
    return Probe(Row("POST /ideas/<id>/support"), send, "POST", None, per_round), accepted


def check_counts(database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "CODESIGN_ENV": "development"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "codesign", "check-counts"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    return result.returncode == 0, (result.stdout + result.stderr).strip()


def machine():
    model = next((line.split(":", 1)[1].strip()
                  for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    commit = (os.environ.get("BENCHMARK_COMMIT")
              or subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip() or "unknown")
    return f"{os.cpu_count()} CPUs ({model}), {date.today().isoformat()}, commit {commit}"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--concurrency", type=int, default=4,
                        help="client threads when measuring requests per second")
    parser.add_argument("--requests", type=int, default=300,
                        help="per key request, --concurrency at a time")
    parser.add_argument("--latency-requests", type=int, default=100,
                        help="per page, one at a time")
    parser.add_argument("--seconds", type=float, default=20, help="at most, per key request")
    parser.add_argument("--rounds", type=int, default=5,
                        help="every key request is measured in each round, a share at a time")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests first")
    parser.add_argument("--residents", type=int, default=250)
    parser.add_argument("--support-ideas", type=int, default=6)
    parser.add_argument("--search-query", default="benches")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
                        help="the server's REDIS_URL (rate limits, page cache), as deployed")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="render every page: what a request costs when nothing is kept")
    parser.add_argument("--markdown", action="store_true", help="also print a README table")
    return parser.parse_args()


def main():
    args = parse_args()
    secret_key = secrets.token_hex(32)
    app = fixtures.make_app(args.database_url, secret_key)
    search_available = any(rule.rule == "/search" for rule in app.url_map.iter_rules())
    dialect = args.database_url.split(":", 1)[0].split("+", 1)[0]
    print(f"Codesign benchmark on {dialect}: "
          f"{args.workers} gunicorn {args.worker_class} workers; {machine()}")
    print(f"Redis {args.redis_url}; page cache for visitors not signed in: "
          + ("off" if args.no_page_cache else "on"))
    print("Preparing: " + fixtures.refresh_statistics(app))
    targets = fixtures.find_targets(app, args.concurrency)
    supports = fixtures.plan_supports(app, args.residents, args.support_ideas)
    print(f"  {targets.public_ideas} public ideas; deep page {targets.deep_page}; "
          f"idea {targets.rich_idea} has {targets.rich_comments} comments"
          + (f" ({targets.comments_added} added now)" if targets.comments_added else ""))
    if not search_available:
        print("search: not available yet")
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="codesign-bench-") as logs:
        server = Gunicorn(args.database_url, secret_key, args.workers, args.worker_class, logs,
                          redis_url=args.redis_url, page_cache=not args.no_page_cache)
        server.start()
        try:
            visitors = [load.Visitor() for _ in range(args.concurrency * 2)]
            client = load.Client(server.port)
            for visitor in visitors:  # each keeps one session, and so one shuffle
                visitor.send(client, "GET", "/ideas")
            client.close()
            people = {"visitor": visitors, "moderator": [sign_in(server, targets)],
                      "resident": [load.Visitor({"session": cookie})
                                   for cookie in targets.resident_cookies],
                      "staff": [load.Visitor({"session": targets.staff_cookie})]}
            probes = [page_probe("/healthz", "/healthz", visitors, args)]
            for name, path, who in key_requests(targets, search_available, args.search_query):
                probes.append(page_probe(name, path, people[who], args))
            support_probe, accepted = supports_probe(args, server, supports, targets)
            probes.append(support_probe)
            measure(args, server, probes)
            peaks = server.peak_rss_mb()
        finally:
            server.stop()

    counts_ok, count_lines = fixtures.check_supports(app, supports, accepted)
    drift_ok, drift_text = check_counts(args.database_url)
    print_report([probe.row for probe in probes], peaks, counts_ok, count_lines,
                 drift_ok, drift_text, load_before, os.getloadavg(), args.markdown, dialect)


if __name__ == "__main__":
    main()
