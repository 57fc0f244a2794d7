"""Under gunicorn with several workers, each registration's confirmation is
handed to SMTP once its own response is done, with no later request to push
it, even while a burst of older mail is waiting.

What was found behind a confirmation that waited: a request delivered the
oldest 50 messages due, so behind a burst of notifications (from any worker)
its own message waited for whichever request sent mail next."""
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import free_port
from test_sqlite_processes import Browser, _answers

from codesign import create_app, mail
from codesign.extensions import db
from codesign.models import OutboxMessage

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 3
REGISTRATIONS = 6
PASSWORD = "a long enough passphrase"


@pytest.fixture
def server(tmp_path, smtp_sink):
    database = tmp_path / "mail.db"
    env = dict(os.environ, CODESIGN_ENV="production", SECRET_KEY=secrets.token_hex(32),
               DATABASE_URL=f"sqlite:///{database}", PYTHONPATH=str(ROOT),
               MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp_sink.port),
               MAIL_DEFAULT_SENDER="Codesign <no-reply@codesign.test>",
               RATELIMIT_ENABLED="0", PAGE_CACHE_SECONDS="0")
    for name in ("TEST_DATABASE_URL", "REDIS_URL", "BEHIND_PROXY", "INSECURE_TRIAL"):
        env.pop(name, None)
    port = free_port()
    env["BASE_URL"] = f"http://127.0.0.1:{port}"
    upgrade = subprocess.run([sys.executable, "-m", "flask", "--app", "codesign", "db", "upgrade"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    _backlog(f"sqlite:///{database}", env["SECRET_KEY"])
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
             "--chdir", str(ROOT), "--timeout", "60", "codesign:create_app()"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        if not _answers(port, process, deadline=time.monotonic() + 30):
            print(log.read_text())
            pytest.skip("gunicorn did not start: see its log above")
        yield port
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _backlog(url, secret):
    """More due mail than one request sends, as a notification burst leaves."""
    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret})
    with app.app_context():
        db.session.add_all(OutboxMessage(to_address=f"follower{n}@example.org",
                                         subject="An idea you follow", text_body="News")
                           for n in range(mail.BATCH + 20))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def arrived(sink, address, timeout=10):
    """Whether mail to the address reaches the sink within the time: no
    request is made meanwhile, so only the registration's own response
    could have sent it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(f"To: {address}" in raw for raw in list(sink.messages)):
            return True
        time.sleep(0.05)
    return False


def test_each_confirmation_leaves_with_its_own_response_under_several_workers(server, smtp_sink):
    port = server
    for n in range(REGISTRATIONS):
        browser = Browser(port)
        address = f"newcomer{n}@example.org"
        form = {"csrf_token": browser.token("/auth/register"), "email": address,
                "display_name": f"New Comer {n}", "password": PASSWORD, "confirm": PASSWORD}
        status, location, _page, _headers = browser.request("POST", "/auth/register", form)
        assert (status, location) == (302, "/auth/check-email?reason=register")
        assert arrived(smtp_sink, address), f"the confirmation to {address} is still waiting"
