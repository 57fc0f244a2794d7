"""The benchmark's results: one line per key request, then each target of
issue 16 with PASS or FAIL, and optionally a Markdown table for the README.

The targets are ratios to /healthz measured in the same run, as this
machine is noisy: a page's p50 at most 3 x /healthz's p50 and its p95 at
most 6 x /healthz's p50 (the moderation queue and the staff dashboard: p50
at most 4 x); signed-in /ideas four at a time at least 35% of /healthz's
requests per second; supports per second; peak worker memory."""
from dataclasses import dataclass, field

from load import Outcome, percentile

PAGE_P50_X = 3.0
PAGE_P95_X = 6.0
ROLE_PAGE_P50_X = 4.0  # /moderation and /staff
ROLE_PAGES = ("/moderation", "/staff")
IDEAS_SHARE_OF_HEALTHZ = 0.35
SUPPORTS_PER_SECOND = {"postgresql": 400, "sqlite": 300}
WORKER_RSS_MB = 150


@dataclass
class Row:
    """A key request's results: latency from the requests sent one at a time,
    requests per second (and the times under that load) from those sent
    several at a time."""

    name: str
    outcome: Outcome = field(default_factory=Outcome)
    server_ms: list = field(default_factory=list)  # one at a time
    busy_ms: list = field(default_factory=list)  # several at a time
    cpu_seconds: float = 0.0
    statuses: dict = field(default_factory=dict)

    def _count(self, outcome):
        for code, count in outcome.statuses.items():
            self.statuses[code] = self.statuses.get(code, 0) + count

    def add_latency(self, outcome, server_ms):
        self._count(outcome)
        self.server_ms += server_ms

    def add(self, outcome, server_ms, cpu_seconds):
        """One round's requests sent several at a time."""
        self._count(outcome)
        self.outcome.client_ms += outcome.client_ms
        self.outcome.wall_seconds += outcome.wall_seconds
        self.busy_ms += server_ms
        self.cpu_seconds += cpu_seconds

    @property
    def cpu_ms(self):
        """Worker CPU per request: what a request costs the app's processes,
        whatever else the machine is doing (a database server's work aside)."""
        return self.cpu_seconds * 1000 / self.outcome.count if self.outcome.count else None

    @property
    def p50(self):
        return percentile(self.server_ms or self.busy_ms, 0.50)

    @property
    def p95(self):
        return percentile(self.server_ms or self.busy_ms, 0.95)

    @property
    def per_second(self):
        return self.outcome.per_second

    @property
    def is_healthz(self):
        return self.name.startswith("/healthz")

    @property
    def is_page(self):
        return not self.is_healthz and not self.name.startswith("POST")


def _ms(value):
    return "-" if value is None else f"{value:.1f}"


def _verdict(ok):
    return "PASS" if ok else "FAIL"


def _healthz_rate(rows):
    rates = [row.per_second for row in rows if row.is_healthz]
    return sum(rates) / len(rates)


def _print_rows(rows, healthz):
    base = _healthz_p50(rows)
    print(f"\n{'':44} {'one at a time':>37}   {'several at a time':>38}")
    print(f"{'request':44} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'p50 x':>7} {'p95 x':>7}   "
          f"{'n':>5} {'p50 ms':>7} {'req/s':>7} {'x healthz':>9} {'cpu ms':>7}  statuses")
    for row in rows:
        statuses = " ".join(f"{code}:{n}" for code, n in sorted(row.statuses.items()))
        latency = (f"{len(row.server_ms):>5} {_ms(row.p50):>7} {_ms(row.p95):>7} "
                   f"{row.p50 / base:>7.1f} {row.p95 / base:>7.1f}"
                   if row.server_ms else f"{'':>37}")
        print(f"{row.name:44} {latency}   {len(row.busy_ms):>5} "
              f"{_ms(percentile(row.busy_ms, 0.5)):>7} {row.per_second:>7.1f} "
              f"{row.per_second / healthz:>9.2f} {_ms(row.cpu_ms):>7}  {statuses}")


def _healthz_p50(rows):
    values = [row.p50 for row in rows if row.is_healthz and row.p50]
    return sum(values) / len(values)


def _targets(rows, healthz, peaks, counts_ok, drift_ok, dialect):
    """(target, PASS/FAIL, detail) for each target."""
    results, base = [], _healthz_p50(rows)
    for row in rows:
        if not row.is_page or row.p50 is None:
            continue
        errors = sum(n for code, n in row.statuses.items() if code != 200)
        suffix = f", {errors} not 200" if errors else ""
        if row.name.startswith(ROLE_PAGES):
            ratio = row.p50 / base
            results.append((f"{row.name}: p50 <= {ROLE_PAGE_P50_X:g} x /healthz",
                            ratio <= ROLE_PAGE_P50_X and not errors, f"{ratio:.1f} x{suffix}"))
            continue
        p50, p95 = row.p50 / base, row.p95 / base
        results.append((f"{row.name}: p50 <= {PAGE_P50_X:g} x, p95 <= {PAGE_P95_X:g} x /healthz",
                        p50 <= PAGE_P50_X and p95 <= PAGE_P95_X and not errors,
                        f"p50 {p50:.1f} x, p95 {p95:.1f} x{suffix}"))
    for row in rows:
        # The list pages signed in, and the pilot pages, held to the list pages' goal.
        if (row.name.startswith("/ideas ") and row.name.endswith("(resident)")
                and "/ideas/<id>" not in row.name) or row.name.startswith("/pilots"):
            share = row.per_second / healthz
            results.append((f"{row.name}: req/s >= {IDEAS_SHARE_OF_HEALTHZ:.0%} of /healthz",
                            share >= IDEAS_SHARE_OF_HEALTHZ, f"{share:.0%}"))
    support_row = next(row for row in rows if row.name.startswith("POST"))
    wanted = SUPPORTS_PER_SECOND.get(dialect, max(SUPPORTS_PER_SECOND.values()))
    results.append((f"supports >= {wanted}/s ({dialect})", support_row.per_second >= wanted,
                    f"{support_row.per_second:.0f}/s"))
    results.append(("supports counted exactly afterwards", counts_ok, ""))
    for pid, peak in sorted(peaks.items()):
        results.append((f"worker {pid} peak RSS < {WORKER_RSS_MB} MB", peak < WORKER_RSS_MB,
                        f"{peak:.0f} MB"))
    results.append(("flask check-counts: zero drift", drift_ok, ""))
    return results


def _markdown(rows, healthz):
    base = _healthz_p50(rows)
    print("\n| request | p50 ms | p95 ms | p50 ÷ /healthz p50 | p95 ÷ /healthz p50 "
          "| req/s | req/s ÷ /healthz | worker CPU ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        p50 = f"{row.p50 / base:.1f}" if row.p50 else "-"
        p95 = f"{row.p95 / base:.1f}" if row.p95 else "-"
        print(f"| {row.name} | {_ms(row.p50)} | {_ms(row.p95)} | {p50} | {p95} | "
              f"{row.per_second:.0f} | {row.per_second / healthz:.2f} | {_ms(row.cpu_ms)} |")


def print_report(rows, peaks, counts_ok, count_lines, drift_ok, drift_text,
                 load_before, load_after, markdown=False, dialect="sqlite"):
    healthz = _healthz_rate(rows)
    _print_rows(rows, healthz)
    print("\nPeak RSS (VmHWM) per worker: "
          + ", ".join(f"pid {pid} {peak:.0f} MB" for pid, peak in sorted(peaks.items())))
    print("Supports checked:")
    for line in count_lines:
        print("  " + line)
    print("flask check-counts:")
    print("  " + drift_text.replace("\n", "\n  "))
    print(f"Load average (1, 5, 15 min) before {' '.join(f'{n:.2f}' for n in load_before)}, "
          f"after {' '.join(f'{n:.2f}' for n in load_after)}")
    results = _targets(rows, healthz, peaks, counts_ok, drift_ok, dialect)
    print("\nTargets:")
    for target, ok, detail in results:
        print(f"  {_verdict(ok)}  {target}" + (f"  ({detail})" if detail else ""))
    failed = sum(1 for _target, ok, _detail in results if not ok)
    print(f"\n{len(results) - failed} targets met, {failed} not met.")
    if markdown:
        _markdown(rows, healthz)
