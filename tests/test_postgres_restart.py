"""After PostgreSQL restarts, the app answers again without being restarted:
a pooled connection the restart cut is noticed before use (its socket has the
server's farewell waiting, codesign/database.py) and replaced.

Runs only against a local PostgreSQL cluster it may restart (TEST_DATABASE_URL
on this machine, and pg_ctlcluster present): the cluster serving the URL's
port. It restarts that whole server, so every other connection to it is cut
too: the tests after this one recover the same way, but never point it at a
server other people are using (pg_createcluster makes one of your own).
"""
import os
import shutil
import subprocess
import time

import pytest
from sqlalchemy.engine import make_url

URL = os.environ.get("TEST_DATABASE_URL", "")


def local_cluster():
    """(version, name, host, port) of the local cluster to restart, or a skip."""
    if not URL.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL is not PostgreSQL")
    if not all(shutil.which(tool) for tool in ("pg_ctlcluster", "pg_lsclusters", "pg_isready")):
        pytest.skip("pg_ctlcluster/pg_isready not installed: cannot restart PostgreSQL here")
    url = make_url(URL)
    host, port = url.host or "localhost", url.port or 5432
    if host not in ("127.0.0.1", "localhost", "::1"):
        pytest.skip(f"PostgreSQL at {host} is not on this machine")
    listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    for line in listed.stdout.splitlines():
        version, name, cluster_port = line.split()[:3]
        if cluster_port == str(port):
            return version, name, host, port
    pytest.skip(f"no cluster of pg_lsclusters serves port {port}")


def wait_until_ready(host, port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(["pg_isready", "-q", "-h", host, "-p", str(port)], timeout=10)
        if ready.returncode == 0:
            return
        time.sleep(0.2)
    pytest.fail(f"PostgreSQL did not come back within {timeout} s")


def test_the_app_recovers_by_itself_after_postgresql_restarts(app, client, factory):
    version, name, host, port = local_cluster()
    factory.idea(title="Survives a restart")
    before = client.get("/ideas")
    assert before.status_code == 200 and "Survives a restart" in before.get_data(as_text=True)

    restart = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"],
        capture_output=True, text=True, timeout=120)
    if restart.returncode != 0:
        pytest.skip(f"could not restart PostgreSQL {version}/{name}: {restart.stderr.strip()}")
    wait_until_ready(host, port)

    after = client.get("/ideas")
    assert after.status_code == 200 and "Survives a restart" in after.get_data(as_text=True)
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert client.get("/api/v1/ideas").status_code == 200
