"""Production hardening a visitor relies on without seeing it: the headers on
every page, cookies only over HTTPS, sessions that really end, redirects that
stay on the site, and passwords nobody can guess from a list."""
import re

import pytest
from flask import Flask
from helpers import PASSWORD, BufferedClient, csrf_token, sign_in

from codesign import create_app
from codesign.auth import passwords
from codesign.auth.passwords import password_problem
from codesign.config import Config, _proxy_hops
from codesign.extensions import db
from codesign.models import User

NEW_PASSWORD = "a brand new passphrase"
COMMON = ["password", "PassWord", "iloveyou", "Sunshine", "trustno1", "1qaz2wsx", "qwertyuiop"]


def signed_in_as(client, **kwargs):
    page = client.get("/", **kwargs).get_data(as_text=True)
    match = re.search(r"Signed in as ([^<]+)<", page)
    return match.group(1) if match else None


def login(client, email, password=PASSWORD, remember=False, next=None, **kwargs):
    data = {"csrf_token": csrf_token(client, "/auth/login"), "email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/auth/login", data=data,
                       query_string={"next": next} if next is not None else None, **kwargs)


# Headers -------------------------------------------------------------------------

def csp(response):
    return {name: values for name, *values in
            (part.split() for part in response.headers["Content-Security-Policy"].split(";"))}


def assert_page_headers(response):
    policy = csp(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in policy.get(directive, []), directive
        assert "'unsafe-eval'" not in policy.get(directive, []), directive
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def argument_free_pages(app):
    return sorted({rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments})


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_every_html_page_carries_the_security_headers(app, make_client, factory, who):
    client = make_client()
    if who == "resident":
        sign_in(client, factory.user())
    pages = argument_free_pages(app) + ["/no/such/page", f"/ideas/{factory.idea().id}"]
    checked = 0
    for path in pages:
        response = client.get(path)
        if response.mimetype == "text/html":
            assert_page_headers(response)
            checked += 1
    assert checked >= 5


def test_error_pages_carry_the_security_headers(client, factory):
    idea = factory.idea()
    for response in (client.get("/no/such/page"), client.get(f"/ideas/{idea.id}/support"),
                     client.post("/auth/login", data={})):
        assert response.status_code in (400, 404, 405)
        assert_page_headers(response)


def test_hsts_only_over_https(client):
    secure = client.get("/", base_url="https://localhost")
    hsts = secure.headers["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_json_is_never_sniffed_and_has_hsts_over_https(client):
    response = client.get("/api/v1/ideas", base_url="https://localhost")
    assert response.is_json
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" in response.headers


@pytest.fixture
def proxied_app(app):
    behind = create_app({"ENV_NAME": "testing", "BEHIND_PROXY": 1,
                         "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    yield behind
    with behind.app_context():
        db.engine.dispose()


def test_behind_one_proxy_https_is_recognised_from_the_proxy(proxied_app):
    client = proxied_app.test_client()
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in secure.headers
    assert "Strict-Transport-Security" not in client.get("/").headers
    # The app alone, without a proxy, believes no such header.
    assert "Strict-Transport-Security" not in create_app({
        "ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://",
    }).test_client().get("/healthz", headers={"X-Forwarded-Proto": "https"}).headers


@pytest.mark.parametrize("value, hops", [
    ("", 0), ("0", 0), ("false", 0), ("1", 1), ("true", 1), ("Yes", 1), ("2", 2), ("nonsense", 0),
])
def test_behind_proxy_setting(monkeypatch, value, hops):
    monkeypatch.setenv("BEHIND_PROXY", value)
    assert _proxy_hops("BEHIND_PROXY") == hops


# Cookies -------------------------------------------------------------------------

def test_production_cookie_settings():
    assert Config.SESSION_COOKIE_SECURE is True and Config.REMEMBER_COOKIE_SECURE is True
    assert Config.SESSION_COOKIE_HTTPONLY is True and Config.REMEMBER_COOKIE_HTTPONLY is True
    assert Config.SESSION_COOKIE_SAMESITE == "Lax" and Config.REMEMBER_COOKIE_SAMESITE == "Lax"


@pytest.fixture
def production_app(app, tmp_path, monkeypatch):
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    prod = create_app({
        "ENV_NAME": "production",
        "SECRET_KEY": "p" * 64,
        "BASE_URL": "http://localhost",  # the test client's host
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_ENABLED": False,
        "MAIL_SERVER": None,
    })
    prod.test_client_class = BufferedClient
    yield prod
    with prod.app_context():
        db.engine.dispose()


def set_cookies(response):
    """{cookie name: its attributes, lower-cased} from the Set-Cookie headers."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        name = header.split("=", 1)[0]
        found[name] = {part.strip().lower() for part in header.split(";")[1:]}
    return found


def test_a_production_sign_in_over_https_sets_only_secure_cookies(production_app, factory):
    user = factory.user()
    client = production_app.test_client()
    https = {"base_url": "https://localhost"}
    page = client.get("/auth/login", **https)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    answer = client.post("/auth/login", **https,
                         # Over HTTPS the CSRF check also wants a same-site Referer.
                         headers={"Referer": "https://localhost/auth/login"},
                         data={"csrf_token": token, "email": user.email, "password": PASSWORD,
                               "remember": "y"})
    assert answer.status_code == 302
    cookies = set_cookies(answer)
    assert {"session", "remember_token"} <= set(cookies)
    for name in ("session", "remember_token"):
        assert {"secure", "httponly", "samesite=lax"} <= cookies[name], name
    assert signed_in_as(client, **https) == user.display_name


# Ending sessions -------------------------------------------------------------------

def replay(make_client, name, value):
    client = make_client()
    client.set_cookie(name, value, domain="localhost")
    return client


def test_a_password_reset_ends_old_sessions_and_remember_cookies(app, make_client, factory,
                                                                 smtp_sink):
    factory.area()  # the site takes ideas (/ideas/new needs a service area)
    user = factory.user(name="Replayed")
    laptop = make_client()
    login(laptop, user.email, remember=True)
    session_cookie = laptop.get_cookie("session").value
    remember_cookie = laptop.get_cookie("remember_token").value
    # Each cookie alone signs in, so the checks below mean something.
    assert signed_in_as(replay(make_client, "session", session_cookie)) == "Replayed"
    assert signed_in_as(replay(make_client, "remember_token", remember_cookie)) == "Replayed"

    phone = make_client()
    phone.post("/auth/reset", data={"csrf_token": csrf_token(phone, "/auth/reset"),
                                    "email": user.email})
    smtp_sink.wait_for(1)
    [link] = [link for link in smtp_sink.links() if "/auth/reset/" in link]
    path = link.replace("http://localhost", "")
    done = phone.post(path, data={"csrf_token": csrf_token(phone, path),
                                  "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302

    assert signed_in_as(replay(make_client, "session", session_cookie)) is None
    assert signed_in_as(replay(make_client, "remember_token", remember_cookie)) is None
    assert signed_in_as(laptop) is None
    both = replay(make_client, "session", session_cookie)
    both.set_cookie("remember_token", remember_cookie, domain="localhost")
    assert signed_in_as(both) is None
    assert both.get("/ideas/new").location.startswith("/auth/login")


# Redirects after sign-in ---------------------------------------------------------

@pytest.mark.parametrize("target", [
    "///evil.example",
    "/\\/evil.example",
    "\t//evil.example",
    "/%5C%5Cevil.example",
    "%2F%2Fevil.example",
    "https:evil.example",
    "http:evil.example",
    "//evil.example/%2F..",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%0d%0aSet-Cookie:x=y",
])
def test_sign_in_never_sends_anyone_off_the_site(client, factory, target):
    user = factory.user()
    answer = login(client, user.email, next=target)
    assert answer.status_code == 302 and answer.location == "/"


# Passwords -----------------------------------------------------------------------

@pytest.mark.parametrize("password", COMMON)
def test_common_passwords_have_a_problem(app, password):
    with app.app_context():
        assert password_problem(password) == (
            "This password is too common. Choose one that is harder to guess.")


@pytest.mark.parametrize("password, ok", [
    ("s" * 7, False), ("correct horse", True), ("x7#Lq!v9", True),
    ("wind vane " * 6 + "wind", True), ("long passphrase " * 8, True),
    ("yellow kite " * 10 + "yellow k", True), ("y" * 129, False),
])
def test_password_length_rules(app, password, ok):
    with app.app_context():
        assert (password_problem(password) is None) is ok


def register(client, password, email="careful@example.org"):
    return client.post("/auth/register", data={
        "csrf_token": csrf_token(client, "/auth/register"), "email": email,
        "display_name": "Careful", "password": password, "confirm": password})


def test_registration_refuses_a_common_password_beside_the_field(app, client):
    answer = register(client, "Football")
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    error = re.search(r'id="password-error"[^>]*>(.*?)</p>', page, re.S)
    assert error and "This password is too common" in error.group(1)
    assert 'value="careful@example.org"' in page and "Football" not in page
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_a_64_character_passphrase_is_welcome(app, client):
    passphrase = "the quick brown fox jumps over the lazy dog and keeps on running"
    assert len(passphrase) == 64
    assert register(client, passphrase).status_code == 302
    assert login(client, "careful@example.org", passphrase).location == "/"


def test_a_reset_refuses_a_common_password(app, client, factory, smtp_sink):
    user = factory.user()
    client.post("/auth/reset", data={"csrf_token": csrf_token(client, "/auth/reset"),
                                     "email": user.email})
    smtp_sink.wait_for(1)
    [link] = [link for link in smtp_sink.links() if "/auth/reset/" in link]
    path = link.replace("http://localhost", "")
    answer = client.post(path, data={"csrf_token": csrf_token(client, path),
                                     "password": "baseball", "confirm": "baseball"})
    assert answer.status_code == 422
    assert "This password is too common" in answer.get_data(as_text=True)
    assert login(client, user.email, PASSWORD).location == "/"  # unchanged


def test_sign_in_with_an_unknown_address_still_checks_a_hash(client, factory, monkeypatch):
    factory.user(email="known@example.org")
    checked = []
    real = passwords.check_password_hash

    def spy(stored, password):
        checked.append(password)
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", spy)
    assert login(client, "nobody@example.org", "a guess at it").status_code == 422
    assert checked == ["a guess at it"]
    assert login(client, "known@example.org", "a second guess").status_code == 422
    assert checked == ["a guess at it", "a second guess"]


def test_passwords_are_stored_as_scrypt_hashes(app, client):
    register(client, "a perfectly fine passphrase")
    with app.app_context():
        stored = db.session.query(User).one().password_hash
    assert stored.startswith("scrypt:") and "a perfectly fine passphrase" not in stored
    assert Config.PASSWORD_HASH_METHOD == "scrypt"
