"""Gunicorn on loopback for the benchmark: started, watched and stopped by
its process id, with an access log that records each request's time at the
server (%(D)s, microseconds from reading the request to the response sent).
"""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from load import Client

ROOT = Path(__file__).resolve().parent.parent
LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, database_url, secret_key, workers, worker_class, logs,
                 redis_url=None, page_cache=True):
        self.port = free_port()
        self.access_log = Path(logs) / "access.log"
        self.error_log = Path(logs) / "error.log"
        self.command = [
            sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", worker_class,
            "-b", f"127.0.0.1:{self.port}",
            "--access-logfile", str(self.access_log), "--access-logformat", LOG_FORMAT,
            "--error-logfile", str(self.error_log), "codesign:create_app()",
        ]
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key,
                    "CODESIGN_ENV": "production", "BASE_URL": f"http://127.0.0.1:{self.port}",
                    # A key of its own: no generation left from another run.
                    "PAGE_CACHE_KEY": f"codesign-bench:{self.port}:page-generation"}
        self.env.pop("PAGE_CACHE_URL", None)
        self.env.pop("REDIS_URL", None)
        if redis_url:
            self.env["REDIS_URL"] = redis_url
        if not page_cache:
            self.env["PAGE_CACHE_SECONDS"] = "0"
        self.process = None

    def start(self, timeout=60):
        self.access_log.write_text("")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.error_log}")
            try:
                client = Client(self.port)
                if client.request("GET", "/healthz").status == 200:
                    client.close()
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self):
        """The processes whose parent is our gunicorn master."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The second field is "(name)", which may hold spaces: split after it.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def peak_rss_mb(self):
        """{worker pid: VmHWM, the most memory it ever had resident, in MB}."""
        peaks = {}
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = int(line.split()[1]) / 1024
        return peaks

    def cpu_seconds(self):
        """CPU time the workers have used so far (user and system)."""
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime, in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def mark(self):
        time.sleep(0.05)  # the last request of a warm-up may still be logging
        return self.access_log.stat().st_size, self.cpu_seconds()

    def server_ms(self, since, method, path):
        """Times at the server, in ms, of the requests logged after the
        mark `since` with this method and path (any path if None; the query
        string is not logged)."""
        time.sleep(0.05)  # the last worker may still be writing its line
        with self.access_log.open("rb") as log:
            log.seek(since[0])
            lines = log.read().decode("utf8", "replace").splitlines()
        times = []
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[0] == method and path in (None, parts[1]):
                times.append(int(parts[3]) / 1000)
        return times

    def cpu_seconds_since(self, since):
        return self.cpu_seconds() - since[1]
