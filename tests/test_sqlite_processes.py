"""SQLite under several processes: two gunicorn workers take ~100 supports and
comments sent at once, and nobody sees "database is locked" or any 5xx.

A real server on loopback, against a database file of its own built by
`flask db upgrade`; people sign in through the real form over HTTP.
"""
import http.client
import os
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from helpers import PASSWORD, free_port

from codesign import create_app
from codesign.auth.passwords import hash_password
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import Idea, ServiceArea, User

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 10
IDEAS = 4
THREADS = 25


class Browser:
    """One person's cookie jar over http.client: enough for forms and redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None, accept="text/html"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Accept": accept}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf8", "replace")
            return response.status, response.getheader("Location"), text, response.headers
        finally:
            connection.close()

    def remember(self, headers):
        for header in headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            self.cookies.update({name: morsel.value for name, morsel in jar.items()})

    def token(self, path):
        status, _location, page, headers = self.request("GET", path)
        assert status == 200, (path, status)
        self.remember(headers)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def sign_in(self, email):
        form = {"csrf_token": self.token("/auth/login"), "email": email, "password": PASSWORD}
        status, location, _page, headers = self.request("POST", "/auth/login", form)
        assert status == 302 and location == "/", (status, location)
        self.remember(headers)


def arrange(url, secret):
    """People and ideas in the server's database; returns (emails, idea ids)."""
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret})
    with app.app_context():
        area = ServiceArea(name="Libraries")
        people = [User(email=f"person{n}@example.org", display_name=f"Person {n}",
                       password_hash=hash_password(PASSWORD), confirmed_at=utcnow())
                  for n in range(PEOPLE)]
        db.session.add_all([area, *people])
        db.session.flush()
        now = utcnow()
        ideas = [Idea(title=f"Idea {n}", description="Described", service_area_id=area.id,
                      author_id=people[0].id, created_at=now - timedelta(minutes=n),
                      updated_at=now)
                 for n in range(IDEAS)]
        db.session.add_all(ideas)
        db.session.commit()
        result = [person.email for person in people], [idea.id for idea in ideas]
        db.session.remove()
        db.engine.dispose()
    return result


@pytest.fixture
def server(tmp_path):
    database = tmp_path / "shared.db"
    secret = secrets.token_hex(32)
    # Production settings, as deployed: the testing ones would give each worker
    # a random SECRET_KEY of its own, so neither could read the other's sessions.
    # Limits stay on (in memory, per worker); ten sign-ins from one address is not abuse.
    env = dict(os.environ, CODESIGN_ENV="production", SECRET_KEY=secret,
               DATABASE_URL=f"sqlite:///{database}", PYTHONPATH=str(ROOT),
               RATELIMIT_STORAGE_URI="memory://", RATELIMIT_LOGIN_IP="100/minute")
    for name in ("TEST_DATABASE_URL", "REDIS_URL", "MAIL_SERVER", "BEHIND_PROXY"):
        env.pop(name, None)
    port = free_port()
    env["BASE_URL"] = f"http://127.0.0.1:{port}"
    upgrade = subprocess.run([sys.executable, "-m", "flask", "--app", "codesign", "db", "upgrade"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr

    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                 "--chdir", str(ROOT), "--timeout", "60", "codesign:create_app()"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        except OSError as error:
            pytest.skip(f"gunicorn could not start: {error}")
    try:
        # Rows go in while the workers start up; create_app itself reads nothing.
        emails, idea_ids = arrange(f"sqlite:///{database}", secret)
        if not _answers(port, process, deadline=time.monotonic() + 30):
            print(log.read_text())
            pytest.skip("gunicorn did not start: see its log above")
        yield port, database, emails, idea_ids, log
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown: nothing to finish
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(port, process, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return True
        except OSError:
            time.sleep(0.1)
    return False


def test_two_workers_writing_at_once_never_show_database_is_locked(server):
    port, database, emails, idea_ids, log = server
    people = []
    for email in emails:
        browser = Browser(port)
        browser.sign_in(email)
        people.append((browser, browser.token(f"/ideas/{idea_ids[0]}")))

    busy, steady = idea_ids[0], idea_ids[1:]
    jobs = []
    for n, person in enumerate(people):
        # Half ask for JSON, as the support button's script does; half post the plain form.
        answers_as = "application/json" if n % 2 else "text/html"
        jobs += [(person, f"/ideas/{idea}/support", {}, answers_as) for idea in steady]
        jobs.append((person, f"/ideas/{steady[0]}/support", {}, answers_as))  # a second click
        jobs += [(person, f"/ideas/{busy}/{action}", {}, answers_as)
                 for action in ("support", "unsupport", "support")]
        jobs += [(person, f"/ideas/{steady[1]}/comments", {"body": f"Comment {k}"}, "text/html")
                 for k in range(3)]
    assert len(jobs) == PEOPLE * 10 == 100
    start = threading.Barrier(THREADS, timeout=30)
    started = threading.local()

    def send(job):
        (browser, token), path, form, accept = job
        if not getattr(started, "yes", False):
            started.yes = True
            start.wait()  # every thread fires its first request together
        status, _location, body, _headers = browser.request(
            "POST", path, dict(form, csrf_token=token), accept=accept)
        return path, status, body

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(send, jobs))

    problems = [(path, status) for path, status, body in results
                if status not in (200, 302) or "database is locked" in body]
    assert problems == [], problems
    assert "database is locked" not in log.read_text()

    with sqlite3.connect(database) as connection:
        def one(sql, *args):
            return connection.execute(sql, args).fetchone()[0]

        for idea in idea_ids:
            rows = one("SELECT count(*) FROM support WHERE idea_id = ?", idea)
            assert one("SELECT support_count FROM idea WHERE id = ?", idea) == rows, idea
            comments = one("SELECT count(*) FROM comment WHERE idea_id = ?", idea)
            assert one("SELECT comment_count FROM idea WHERE id = ?", idea) == comments, idea
        for idea in steady:
            assert one("SELECT count(*) FROM support WHERE idea_id = ?", idea) == PEOPLE
        assert one("SELECT count(*) FROM support WHERE idea_id = ?", busy) <= PEOPLE
        assert one("SELECT count(*) FROM comment WHERE idea_id = ?", steady[1]) == PEOPLE * 3
