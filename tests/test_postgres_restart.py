"""After PostgreSQL restarts, the app answers again without being restarted:
the pool pings each connection before use (pool_pre_ping) and replaces the
ones the restart cut.

Runs only against a local PostgreSQL cluster it may restart (TEST_DATABASE_URL
on this machine, and pg_ctlcluster present). It restarts the whole server, so
every other connection to it is cut too: the tests after this one recover the
same way, but never point it at a server other people are using.
"""
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from codesign.config import Config

URL = os.environ.get("TEST_DATABASE_URL", "")
CLUSTERS = Path("/etc/postgresql")


def local_cluster():
    """(version, host, port) of the local cluster to restart, or a skip."""
    if not URL.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL is not PostgreSQL")
    if shutil.which("pg_ctlcluster") is None or shutil.which("pg_isready") is None:
        pytest.skip("pg_ctlcluster/pg_isready not installed: cannot restart PostgreSQL here")
    url = make_url(URL)
    host, port = url.host or "localhost", url.port or 5432
    if host not in ("127.0.0.1", "localhost", "::1"):
        pytest.skip(f"PostgreSQL at {host} is not on this machine")
    versions = sorted((path.name for path in CLUSTERS.glob("*") if (path / "main").is_dir()),
                      key=lambda name: [int(part) for part in name.split(".") if part.isdigit()])
    if not versions:
        pytest.skip(f"no cluster named main under {CLUSTERS}")
    return versions[-1], host, port


def wait_until_ready(host, port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(["pg_isready", "-q", "-h", host, "-p", str(port)], timeout=10)
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    pytest.fail(f"PostgreSQL did not come back within {timeout} s")


def test_the_app_recovers_by_itself_after_postgresql_restarts(app, client, factory):
    version, host, port = local_cluster()
    assert Config.SQLALCHEMY_ENGINE_OPTIONS["pool_pre_ping"] is True
    factory.idea(title="Survives a restart")
    before = client.get("/ideas")
    assert before.status_code == 200 and "Survives a restart" in before.get_data(as_text=True)

    restart = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        capture_output=True, text=True, timeout=120)
    if restart.returncode != 0:
        pytest.skip(f"could not restart PostgreSQL {version}/main: {restart.stderr.strip()}")
    wait_until_ready(host, port)

    after = client.get("/ideas")
    assert after.status_code == 200 and "Survives a restart" in after.get_data(as_text=True)
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/api/v1/ideas").status_code == 200
