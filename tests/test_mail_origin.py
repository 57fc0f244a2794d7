"""Emailed links can't be redirected: every absolute URL in every email comes
from BASE_URL, whatever Host or X-Forwarded-Host a request carries, and a
request for a host the site does not answer to is refused with a 400 page.

The site here is set up as deployed: production settings behind one proxy,
at https://codesign.example.org, also answering to internal.example (a name
of its own that is not BASE_URL, as EXTRA_HOSTS allows)."""
import email
import email.policy
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import PASSWORD, login_id
from sqlalchemy import func, select

from codesign import create_app
from codesign.extensions import db
from codesign.models import OutboxMessage, User

BASE_URL = "https://codesign.example.org"
URL = re.compile(r"https?://[^\s<>\"'\])]+", re.I)

HOSTILE = {
    "Host": {"Host": "evil.example"},
    "X-Forwarded-Host": {"X-Forwarded-Host": "evil.example"},
    "both": {"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
}
# Hosts the site does answer to, but that are not BASE_URL: links must not follow them either.
OTHER_TRUSTED = {
    "Host": {"Host": "internal.example"},
    "X-Forwarded-Host": {"X-Forwarded-Host": "internal.example"},
}


class SiteClient(FlaskClient):
    """A test client at https://codesign.example.org that can also send a
    request with other Host headers and still carry its cookies, as an
    attacker's own HTTP client would."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", BASE_URL)
        kwargs.setdefault("buffered", True)
        host = (kwargs.get("headers") or {}).get("Host")
        if host:
            for cookie in list(self._cookies.values()):
                self.set_cookie(cookie.key, cookie.value, domain=host)
        return super().open(*args, **kwargs)


@pytest.fixture
def site(app, smtp_sink, tmp_path, monkeypatch):
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    deployed = create_app({
        "ENV_NAME": "production",
        "SECRET_KEY": "d" * 64,
        "BASE_URL": BASE_URL,
        "EXTRA_HOSTS": ["internal.example"],
        "BEHIND_PROXY": 1,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_sink.port,
        "MAIL_DEFAULT_SENDER": "Codesign <no-reply@codesign.example.org>",
        "RATELIMIT_ENABLED": False,
        "PAGE_CACHE_URL": None,
        # The attacker has a session and a token of their own; CSRF is not what is tested.
        "WTF_CSRF_ENABLED": False,
    })
    deployed.test_client_class = SiteClient
    yield deployed
    with deployed.app_context():
        db.engine.dispose()


def signed_in(site, user):
    client = site.test_client()
    with client.session_transaction(base_url=BASE_URL) as session:
        session["_user_id"] = login_id(site, user)
        session["_fresh"] = True
    return client


def decoded_texts(raw):
    """Every header and every decoded text part (plain and HTML) of a raw message."""
    message = email.message_from_string(raw, policy=email.policy.default)
    texts = [f"{name}: {value}" for name, value in message.items()]
    return texts + [part.get_content() for part in message.walk()
                    if part.get_content_maintype() == "text"]


def origins(sink):
    found = set()
    for raw in sink.messages:
        for text in decoded_texts(raw):
            found |= {re.match(r"https?://[^/]+", url, re.I).group(0).lower()
                      for url in URL.findall(text)}
    return found


def assert_only_base_url(sink, expected_messages):
    messages = sink.wait_for(expected_messages)
    assert len(messages) == expected_messages
    assert origins(sink) == {BASE_URL}
    for raw in messages:
        for text in [raw] + decoded_texts(raw):
            assert "evil.example" not in text and "internal.example" not in text


def outbox_size(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage))


# Each request that sends an email, as (name, arrange) -> (client, method, path, data, recipients).

def reset(site, factory):
    user = factory.user(email="victim@example.org")
    return site.test_client(), "/auth/reset", {"email": user.email}


def register_new(site, factory):
    return site.test_client(), "/auth/register", {
        "email": "newcomer@example.org", "display_name": "New Comer",
        "password": PASSWORD, "confirm": PASSWORD}


def register_taken(site, factory):
    user = factory.user(email="taken@example.org")
    return site.test_client(), "/auth/register", {
        "email": user.email, "display_name": "Some One Else",
        "password": PASSWORD, "confirm": PASSWORD}


def resend_confirmation(site, factory):
    return signed_in(site, factory.user(confirmed=False)), "/auth/resend", {}


def staff_answer(site, factory):
    """Another person's action: staff answer an idea, and its author, who
    asked for email at once, is emailed with an unsubscribe link and header."""
    author = factory.user(email="author@example.test")
    with site.app_context():
        db.session.get(User, author.id).email_preference = "immediate"
        db.session.commit()
    idea = factory.idea(author=author)
    return (signed_in(site, factory.user(role="staff")), f"/staff/ideas/{idea.id}/status",
            {"status": "under_review", "response": "We are looking at it."})


REQUESTS = [reset, register_new, register_taken, resend_confirmation, staff_answer]


@pytest.mark.parametrize("arrange", REQUESTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("headers", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_request_for_another_host_is_refused_and_sends_nothing(
        site, factory, smtp_sink, arrange, headers):
    client, path, data = arrange(site, factory)
    response = client.post(path, data=data, headers=headers)
    assert response.status_code == 400
    assert "This site is not reached at that address" in response.get_data(as_text=True)
    assert outbox_size(site) == 0
    assert smtp_sink.wait_for(1, timeout=0.3) == []


@pytest.mark.parametrize("arrange", REQUESTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("headers", OTHER_TRUSTED.values(), ids=OTHER_TRUSTED.keys())
def test_emailed_links_come_from_base_url_whatever_the_request_says(
        site, factory, smtp_sink, arrange, headers):
    client, path, data = arrange(site, factory)
    response = client.post(path, data=data, headers=headers)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert_only_base_url(smtp_sink, 1)
    message = email.message_from_string(smtp_sink.messages[0], policy=email.policy.default)
    assert any(url.startswith(f"{BASE_URL}/") for url in URL.findall(
        message.get_body(("plain",)).get_content()))


def test_the_notification_email_has_its_unsubscribe_header_at_base_url(site, factory, smtp_sink):
    client, path, data = staff_answer(site, factory)
    assert client.post(path, data=data, headers={"Host": "internal.example"}).status_code == 302
    [raw] = smtp_sink.wait_for(1)
    header = re.search(r"^List-Unsubscribe: (.*)$", raw, re.M).group(1).strip()
    assert re.fullmatch(rf"<{re.escape(BASE_URL)}/notifications/unsubscribe/[\w.-]+>", header)
    assert re.search(r"^List-Unsubscribe-Post: List-Unsubscribe=One-Click\s*$", raw, re.M)


def test_the_digest_links_to_base_url(site, factory, smtp_sink):
    reader = factory.user(email="reader@example.test")
    idea = factory.idea(author=reader)
    staff = signed_in(site, factory.user(role="staff"))
    assert staff.post(f"/staff/ideas/{idea.id}/status", headers={"Host": "internal.example"},
                      data={"status": "under_review", "response": "Soon"}).status_code == 302
    result = site.test_cli_runner().invoke(args=["notifications", "digest"])
    assert result.exit_code == 0, result.output
    assert_only_base_url(smtp_sink, 1)
    assert f"{BASE_URL}/ideas/{idea.id}" in smtp_sink.bodies()[0]


def test_pages_at_base_url_and_behind_the_proxy_still_answer(site):
    client = site.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz", headers={"Host": "10.0.0.5:8000",
                                           "X-Forwarded-Host": "codesign.example.org"}
                      ).status_code == 200
    refused = client.get("/", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert "Content-Security-Policy" in refused.headers
    api = client.get("/api/v1/ideas", headers={"Host": "evil.example"})
    assert api.status_code == 400 and api.is_json
