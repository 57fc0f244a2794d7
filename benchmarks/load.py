"""The load generator: a pool of threads, each with one keep-alive
http.client connection to loopback, sending a bounded number of requests
for a bounded time. No dependency beyond the standard library.

Gunicorn's sync workers close the connection after each response; http.client
then opens a new one for the next request on its own, as a browser would.
"""
import http.client
import math
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_FIELD = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Response:
    status: int
    body: bytes
    cookies: dict
    location: str | None
    seconds: float


class Client:
    """One connection, used by one thread at a time."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, cookies=None, form=None, headers=None):
        headers = dict(headers or {})
        body = None
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        except (ConnectionError, http.client.HTTPException):
            # The server closed an idle connection just as we reused it: once more, anew.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            payload = response.read()
        seconds = time.perf_counter() - started
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return Response(response.status, payload, {k: m.value for k, m in jar.items()},
                        response.headers.get("Location"), seconds)

    def close(self):
        self.connection.close()


class Visitor:
    """Cookies kept between requests, like a browser's."""

    def __init__(self, cookies=None):
        self.cookies = dict(cookies or {})

    def send(self, client, method, path, form=None, headers=None):
        response = client.request(method, path, self.cookies, form, headers)
        self.cookies.update(response.cookies)
        return response

    def csrf_token(self, client, path):
        """The form token on a page, for this visitor's session."""
        response = self.send(client, "GET", path)
        match = CSRF_FIELD.search(response.body)
        if response.status != 200 or match is None:
            raise RuntimeError(f"no CSRF token on {path} (status {response.status})")
        return match.group(1).decode()


@dataclass
class Outcome:
    statuses: dict = field(default_factory=dict)
    client_ms: list = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def count(self):
        return len(self.client_ms)

    @property
    def per_second(self):
        return self.count / self.wall_seconds if self.wall_seconds else 0.0


def run(port, send, total, seconds, concurrency):
    """Call send(client, n) for n = 0, 1, ... from `concurrency` threads until
    `total` requests are done or `seconds` have passed; send returns a Response."""
    outcome = Outcome()
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.perf_counter() + seconds

    def worker():
        client = Client(port)
        try:
            while time.perf_counter() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                response = send(client, n)
                with lock:
                    outcome.client_ms.append(response.seconds * 1000)
                    outcome.statuses[response.status] = outcome.statuses.get(response.status, 0) + 1
        finally:
            client.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.wall_seconds = time.perf_counter() - started
    return outcome


def percentile(values, fraction):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]
