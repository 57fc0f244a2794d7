"""The benchmark's results: one line per key request, then each target of
issue 5 with PASS or FAIL, and optionally a Markdown table for the README."""
from dataclasses import dataclass, field

from load import Outcome, percentile

PAGE_P50_MS = 30
PAGE_P95_MS = 100
SEARCH_P50_MS = 50
IDEAS_SHARE_OF_HEALTHZ = 0.40
DEEP_PAGE_FACTOR = 2.0
SUPPORTS_PER_SECOND = 200
WORKER_RSS_MB = 200


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
    print(f"\n{'':44} {'one at a time':>21}   {'several at a time':>38}")
    print(f"{'request':44} {'n':>5} {'p50 ms':>7} {'p95 ms':>7}   {'n':>5} {'p50 ms':>7} "
          f"{'req/s':>7} {'x healthz':>9} {'cpu ms':>7}  statuses")
    for row in rows:
        statuses = " ".join(f"{code}:{n}" for code, n in sorted(row.statuses.items()))
        latency = (f"{len(row.server_ms):>5} {_ms(row.p50):>7} {_ms(row.p95):>7}"
                   if row.server_ms else f"{'':>21}")
        print(f"{row.name:44} {latency}   {len(row.busy_ms):>5} "
              f"{_ms(percentile(row.busy_ms, 0.5)):>7} {row.per_second:>7.1f} "
              f"{row.per_second / healthz:>9.2f} {_ms(row.cpu_ms):>7}  {statuses}")


def _targets(rows, healthz, peaks, counts_ok, drift_ok):
    """(target, PASS/FAIL, detail) for each target."""
    results = []
    for row in rows:
        if not row.is_page:
            continue
        p50_limit = SEARCH_P50_MS if row.name.startswith("/search") else PAGE_P50_MS
        errors = sum(n for code, n in row.statuses.items() if code != 200)
        ok = (row.p50 is not None and row.p50 <= p50_limit and row.p95 <= PAGE_P95_MS
              and not errors)
        results.append((f"{row.name}: p50 <= {p50_limit} ms, p95 <= {PAGE_P95_MS} ms",
                        ok, f"p50 {_ms(row.p50)}, p95 {_ms(row.p95)}"
                        + (f", {errors} not 200" if errors else "")))
    for row in rows:
        # The list pages, and the pilot pages, held to the list pages' goal (issue 11).
        if (row.name.startswith("/ideas ") and "/ideas/<id>" not in row.name) or \
                row.name.startswith("/pilots"):
            share = row.per_second / healthz
            results.append((f"{row.name}: req/s >= {IDEAS_SHARE_OF_HEALTHZ:.0%} of /healthz",
                            share >= IDEAS_SHARE_OF_HEALTHZ, f"{share:.0%}"))
    by_name = {row.name: row for row in rows}
    for row in rows:
        first, _, _page = row.name.partition(" page ")
        if _page and first in by_name and row.p50 and by_name[first].p50:
            factor = row.p50 / by_name[first].p50
            detail = f"{factor:.2f} x"
            if row.cpu_ms and by_name[first].cpu_ms:
                detail += f"; worker CPU {row.cpu_ms / by_name[first].cpu_ms:.2f} x"
            results.append((f"{row.name}: p50 <= {DEEP_PAGE_FACTOR:g} x page 1",
                            factor <= DEEP_PAGE_FACTOR, detail))
    support_row = next(row for row in rows if row.name.startswith("POST"))
    results.append((f"supports >= {SUPPORTS_PER_SECOND}/s", support_row.per_second >= SUPPORTS_PER_SECOND,
                    f"{support_row.per_second:.0f}/s"))
    results.append(("supports counted exactly afterwards", counts_ok, ""))
    for pid, peak in sorted(peaks.items()):
        results.append((f"worker {pid} peak RSS < {WORKER_RSS_MB} MB", peak < WORKER_RSS_MB,
                        f"{peak:.0f} MB"))
    results.append(("flask check-counts: zero drift", drift_ok, ""))
    return results


def _markdown(rows, healthz):
    print("\n| request | p50 ms | p95 ms | p50 ms busy | req/s | × /healthz | worker CPU ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row.name} | {_ms(row.p50)} | {_ms(row.p95)} | "
              f"{_ms(percentile(row.busy_ms, 0.5))} | {row.per_second:.0f} | "
              f"{row.per_second / healthz:.2f} | {_ms(row.cpu_ms)} |")


def print_report(rows, peaks, counts_ok, count_lines, drift_ok, drift_text,
                 load_before, load_after, markdown=False):
    healthz = _healthz_rate(rows)
    _print_rows(rows, healthz)
    print("\nPeak RSS (VmHWM) per worker: "
          + ", ".join(f"pid {pid} {peak:.0f} MB" for pid, peak in sorted(peaks.items())))
    print("Supports checked:")
    for line in count_lines:
        print("  " + line)
    print("flask check-counts:")
    print("  " + drift_text.replace("\n", "\n  "))
    print(f"Load average (1 min) before {load_before[0]:.1f}, after {load_after[0]:.1f}")
    results = _targets(rows, healthz, peaks, counts_ok, drift_ok)
    print("\nTargets:")
    for target, ok, detail in results:
        print(f"  {_verdict(ok)}  {target}" + (f"  ({detail})" if detail else ""))
    failed = sum(1 for _target, ok, _detail in results if not ok)
    print(f"\n{len(results) - failed} targets met, {failed} not met.")
    if markdown:
        _markdown(rows, healthz)
