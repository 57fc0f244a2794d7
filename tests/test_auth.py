"""Accounts, through the real forms: register, confirm, sign in and out, reset."""
import re

import pytest
from helpers import PASSWORD, csrf_token, sign_in
from sqlalchemy import func, select
from test_mail import mail_bodies, mail_links, register

from codesign.auth import services, tokens
from codesign.extensions import db
from codesign.models import Idea, User
from codesign.web import is_safe_next

NEW_PASSWORD = "a brand new passphrase"
ANONYMOUS_MARK = 'href="/auth/login"'


def login(client, email, password=PASSWORD, remember=False, next=None):
    data = {"csrf_token": csrf_token(client, "/auth/login"), "email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/auth/login", data=data,
                       query_string={"next": next} if next is not None else None)


def logout(client):
    return client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/auth/reset")})


def signed_in_as(client):
    page = client.get("/").get_data(as_text=True)
    match = re.search(r"Signed in as ([^<]+)<", page)
    return match.group(1) if match else None


def find_user(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def count_users(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def links_to(sink, path):
    return [link for link in mail_links(sink) if f"/auth/{path}/" in link]


def without_tokens(html, *typed):
    """The page with what differs between two visitors blanked out."""
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1"', html)
    for value in typed:
        html = html.replace(value, "TYPED")
    return html


# Registration and confirmation ------------------------------------------------

def test_register_confirm_sign_in_and_propose(app, client, factory, smtp_sink):
    area = factory.area()
    answer = register(client, " NewComer@Example.org ", "  New Comer  ")
    assert answer.status_code == 302
    assert answer.location == "/auth/check-email?reason=register"
    page = client.get(answer.location).get_data(as_text=True)
    assert "Check your email" in page and "NewComer@Example.org" in page
    assert signed_in_as(client) is None  # registering does not sign in

    user = find_user(app, "newcomer@example.org")
    assert user.display_name == "New Comer" and user.confirmed_at is None

    smtp_sink.wait_for(1)
    [link] = links_to(smtp_sink, "confirm")
    confirmed = client.get(link, follow_redirects=True)
    # The link came to their inbox: confirming signs them in, no second step.
    assert confirmed.request.path == "/"
    assert "Your email address is confirmed and you are signed in." in confirmed.get_data(as_text=True)
    assert find_user(app, "newcomer@example.org").confirmed_at is not None
    assert signed_in_as(client) == "New Comer"

    # The used link signs nobody else in.
    other = app.test_client()
    again = other.get(link, follow_redirects=True)
    assert again.request.path == "/auth/login" and signed_in_as(other) is None
    assert client.get("/ideas/new").status_code == 200
    posted = client.post("/ideas/new", data={
        "csrf_token": csrf_token(client, "/ideas/new"), "title": "Benches at bus stops",
        "description": "Somewhere to sit while waiting.", "service_area": str(area.id),
        "challenge": "", "place": "",
    })
    assert posted.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Idea.author_id)) == user.id


def test_unconfirmed_user_is_told_why_and_can_resend(app, client, smtp_sink, factory):
    factory.area()  # the site takes ideas
    register(client)
    smtp_sink.wait_for(1)
    assert login(client, "newcomer@example.org", "a long enough passphrase").status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Please confirm your email address" in home

    refused = client.get("/ideas/new")
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "Confirm your email first" in page and 'action="/auth/resend"' in page

    resent = client.post("/auth/resend", data={"csrf_token": csrf_token(client, "/")},
                         follow_redirects=True)
    assert "We have sent a new confirmation link" in resent.get_data(as_text=True)
    smtp_sink.wait_for(2)
    assert len(smtp_sink.messages) == 2
    second_link = links_to(smtp_sink, "confirm")[1]
    assert client.get(second_link).location == "/"  # signed in: straight back home
    assert client.get("/ideas/new").status_code == 200


def test_resend_needs_sign_in_and_says_when_already_confirmed(client, factory, smtp_sink):
    anonymous = client.post("/auth/resend", data={"csrf_token": csrf_token(client, "/auth/login")})
    assert anonymous.location.startswith("/auth/login")
    user = factory.user(email="done@example.org")
    login(client, user.email)
    answer = client.post("/auth/resend", data={"csrf_token": csrf_token(client, "/")},
                         follow_redirects=True)
    assert "already confirmed" in answer.get_data(as_text=True)
    assert smtp_sink.messages == []


def test_confirm_link_used_twice_says_so_without_error(app, client, smtp_sink):
    register(client)
    smtp_sink.wait_for(1)
    [link] = links_to(smtp_sink, "confirm")
    assert client.get(link).status_code == 302
    confirmed_at = find_user(app, "newcomer@example.org").confirmed_at
    again = client.get(link, follow_redirects=True)
    assert again.status_code == 200
    assert "already confirmed; this link has been used" in again.get_data(as_text=True)
    assert find_user(app, "newcomer@example.org").confirmed_at == confirmed_at


def test_expired_confirm_link_offers_a_new_one(app, client, smtp_sink, monkeypatch):
    register(client)
    smtp_sink.wait_for(1)
    [link] = links_to(smtp_sink, "confirm")
    monkeypatch.setitem(app.config, "CONFIRM_TOKEN_MAX_AGE", -1)

    anonymous = client.get(link)
    assert anonymous.status_code == 400
    page = anonymous.get_data(as_text=True)
    assert "This link has expired" in page and "Sign in" in page
    assert find_user(app, "newcomer@example.org").confirmed_at is None

    login(client, "newcomer@example.org", "a long enough passphrase")
    page = client.get(link).get_data(as_text=True)
    assert 'action="/auth/resend"' in page and "Send me a new link" in page


def test_expired_link_for_a_confirmed_address_just_says_confirmed(app, client, smtp_sink,
                                                                  monkeypatch):
    register(client)
    smtp_sink.wait_for(1)
    [link] = links_to(smtp_sink, "confirm")
    client.get(link)
    monkeypatch.setitem(app.config, "CONFIRM_TOKEN_MAX_AGE", -1)
    again = client.get(link, follow_redirects=True)
    assert again.status_code == 200 and "already confirmed" in again.get_data(as_text=True)


@pytest.mark.parametrize("mangle", [
    lambda token: "not-a-token",
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: token[: len(token) // 2],
])
def test_broken_confirm_links_get_a_clear_page(app, client, factory, mangle):
    user = factory.user(confirmed=False)
    with app.test_request_context():
        token = tokens.make_confirm_token(user)
    answer = client.get(f"/auth/confirm/{mangle(token)}")
    assert answer.status_code == 400
    assert "This link does not work" in answer.get_data(as_text=True)
    assert factory.get(User, user.id).confirmed_at is None


def test_links_of_one_kind_do_not_work_as_the_other(app, client, factory):
    user = factory.user(confirmed=False)
    with app.test_request_context():
        reset_token = tokens.make_reset_token(user)
        confirm_token = tokens.make_confirm_token(user)
    assert client.get(f"/auth/confirm/{reset_token}").status_code == 400
    assert client.get(f"/auth/reset/{confirm_token}").status_code == 400
    assert factory.get(User, user.id).confirmed_at is None


def test_registering_a_taken_address_looks_the_same_and_tells_the_owner(
        app, make_client, factory, smtp_sink):
    owner = factory.user(email="taken@example.org", name="Owner")
    fresh, taken = make_client(), make_client()

    # Two names: a display name belongs to one account (even one not made).
    first = register(fresh, "fresh@example.org", "Someone")
    second = register(taken, " Taken@Example.org", "Someone else")
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    fresh_page = fresh.get(first.location).get_data(as_text=True)
    taken_page = taken.get(second.location).get_data(as_text=True)
    assert without_tokens(fresh_page, "fresh@example.org") == \
        without_tokens(taken_page, "Taken@Example.org")

    assert count_users(app) == 2
    assert factory.get(User, owner.id).display_name == "Owner"
    smtp_sink.wait_for(2)
    to_owner = [body for body in mail_bodies(smtp_sink) if "Hello Owner" in body]
    assert len(to_owner) == 1 and "You already have an account" in to_owner[0]
    assert "http://localhost/auth/login" in to_owner[0]
    [reset_link] = links_to(smtp_sink, "reset")
    assert taken.get(reset_link).status_code == 200


def test_a_registration_race_gets_the_same_answer(app, client, factory, smtp_sink, monkeypatch):
    factory.user(email="racer@example.org", name="First Racer")
    real_find = services.find_user_by_mailbox
    calls = []

    def blind_first_look(address):  # the other request inserted after we looked
        calls.append(address)
        return None if len(calls) == 1 else real_find(address)

    monkeypatch.setattr(services, "find_user_by_mailbox", blind_first_look)
    answer = register(client, "racer@example.org")
    assert answer.status_code == 302 and answer.location == "/auth/check-email?reason=register"
    assert len(calls) == 2
    assert count_users(app) == 1
    smtp_sink.wait_for(1)
    [body] = mail_bodies(smtp_sink)
    assert "Hello First Racer" in body and "You already have an account" in body


def test_signed_in_visitor_is_sent_home_from_register(client, factory):
    sign_in(client, factory.user())
    assert client.get("/auth/register").location == "/"


# Form errors -----------------------------------------------------------------

GOOD = {"email": "kept@example.org", "display_name": "Kept Name",
        "password": "a long enough passphrase", "confirm": "a long enough passphrase"}


@pytest.mark.parametrize("changes, wrong", [
    ({"email": "", "display_name": "", "password": "", "confirm": ""},
     ["email", "display_name", "password", "confirm"]),
    ({"display_name": "n" * 61}, ["display_name"]),
    ({"display_name": "   "}, ["display_name"]),
    ({"email": "not-an-email"}, ["email"]),
    ({"email": "two@@example.org"}, ["email"]),
    ({"confirm": "a different passphrase"}, ["confirm"]),
    ({"password": "short", "confirm": "short"}, ["password"]),
    ({"password": "p" * 129, "confirm": "p" * 129}, ["password"]),
])
def test_register_form_errors(app, client, smtp_sink, changes, wrong):
    data = dict(GOOD, **changes)
    answer = client.post("/auth/register",
                         data=dict(data, csrf_token=csrf_token(client, "/auth/register")))
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert re.search(r"<title>Error: ", page)
    assert 'id="error-summary"' in page
    for name in ["email", "display_name", "password", "confirm"]:
        assert (f'id="{name}-error"' in page) == (name in wrong), name
    for name in ["email", "display_name"]:
        if data[name].strip():
            assert f'value="{data[name].strip()}"' in page
    if data["password"]:
        assert data["password"] not in page
    assert count_users(app) == 0 and smtp_sink.messages == []


def test_boundaries_are_accepted(app, client):
    name = "n" * 60
    password = ("seven orange kites drift past the library " * 4)[:128]
    register(client, "edge@example.org", name, password)
    assert find_user(app, "edge@example.org").display_name == name
    assert login(client, "edge@example.org", password).location == "/"


def test_login_form_errors_and_reset_form_errors(client):
    empty = client.post("/auth/login", data={"csrf_token": csrf_token(client, "/auth/login")})
    assert empty.status_code == 422
    page = empty.get_data(as_text=True)
    assert 'id="email-error"' in page and 'id="password-error"' in page

    bad = client.post("/auth/reset", data={"csrf_token": csrf_token(client, "/auth/reset"),
                                           "email": "nobody-at-example.org"})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert 'id="email-error"' in page and 'value="nobody-at-example.org"' in page
    assert re.search(r"<title>Error: ", page)


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login", "/auth/reset", "/auth/logout"])
def test_post_without_csrf_token_is_refused(client, path):
    answer = client.post(path, data={"email": "someone@example.org", "password": PASSWORD})
    assert answer.status_code == 400
    assert "Your form expired" in answer.get_data(as_text=True)


# Signing in and out ----------------------------------------------------------

def test_login_right_wrong_and_unknown(make_client, factory):
    user = factory.user(email="known@example.org", name="Known")
    right = make_client()
    assert login(right, "Known@Example.org ", PASSWORD).location == "/"
    assert signed_in_as(right) == "Known"

    wrong, unknown = make_client(), make_client()
    wrong_answer = login(wrong, user.email, "not the password")
    unknown_answer = login(unknown, "stranger@example.org", "not the password")
    assert wrong_answer.status_code == unknown_answer.status_code == 422
    wrong_page = wrong_answer.get_data(as_text=True)
    unknown_page = unknown_answer.get_data(as_text=True)
    for page, typed in [(wrong_page, user.email), (unknown_page, "stranger@example.org")]:
        assert "Email or password is incorrect" in page
        assert 'id="error-summary"' in page and 'id="password-error"' in page
        assert f'value="{typed}"' in page
        assert "not the password" not in page
    assert without_tokens(wrong_page, user.email) == \
        without_tokens(unknown_page, "stranger@example.org")
    assert signed_in_as(wrong) is None and signed_in_as(unknown) is None


def test_unconfirmed_user_can_sign_in(client, factory):
    user = factory.user(confirmed=False, name="Not Yet")
    assert login(client, user.email).status_code == 302
    assert signed_in_as(client) == "Not Yet"


def test_remember_me_sets_a_cookie_only_when_asked(make_client, factory):
    user = factory.user()
    remembered, forgotten = make_client(), make_client()
    login(remembered, user.email, remember=True)
    login(forgotten, user.email)
    assert remembered.get_cookie("remember_token") is not None
    assert forgotten.get_cookie("remember_token") is None


def _replay_remember_cookie(make_client, value):
    client = make_client()
    client.set_cookie("remember_token", value, domain="localhost")
    return client


def test_logout_ends_this_session_and_its_remember_cookie_only(app, make_client, factory):
    # Each browser is a session of its own (auth/sessions.py); ending them all
    # is "sign out everywhere" on the account page (tests/test_account.py).
    factory.area()  # the site takes ideas (/ideas/new needs a service area)
    user = factory.user(name="Everywhere")
    laptop, phone = make_client(), make_client()
    login(laptop, user.email)
    login(phone, user.email, remember=True)
    cookie = phone.get_cookie("remember_token").value
    # The cookie alone signs in, so the check below means something.
    assert signed_in_as(_replay_remember_cookie(make_client, cookie)) == "Everywhere"

    answer = logout(phone)
    assert answer.status_code == 302 and answer.location == "/"
    assert signed_in_as(phone) is None
    assert ANONYMOUS_MARK in phone.get("/").get_data(as_text=True)
    assert phone.get("/ideas/new").location.startswith("/auth/login")
    assert signed_in_as(_replay_remember_cookie(make_client, cookie)) is None
    assert signed_in_as(laptop) == "Everywhere"

    assert login(phone, user.email).status_code == 302  # signing in again works
    assert signed_in_as(phone) == "Everywhere"


def test_logout_when_not_signed_in_just_goes_home(client):
    assert logout(client).location == "/"


# Next-page redirects -----------------------------------------------------------

UNSAFE_NEXT = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "http:///evil.example",
    "https://evil.example/",
    "http://localhost/ideas",
    "javascript:alert(1)",
    " //evil.example",
    "",
]
SAFE_NEXT = ["/", "/ideas/new", "/ideas?page=2&sort=new", "/ideas/7#comments",
             "/ideas?q=50%25%20off"]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_is_safe_next_refuses(target):
    assert not is_safe_next(target)


@pytest.mark.parametrize("target", SAFE_NEXT)
def test_is_safe_next_allows_local_paths(target):
    assert is_safe_next(target)


def test_is_safe_next_refuses_non_strings():
    assert not is_safe_next(None)
    assert not is_safe_next(b"/ideas")


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_login_never_redirects_off_site(client, factory, target):
    user = factory.user()
    answer = login(client, user.email, next=target)
    assert answer.status_code == 302
    assert answer.location == "/"


def test_login_returns_to_the_page_that_asked(client, factory):
    factory.area()  # the site takes ideas (/ideas/new needs a service area)
    user = factory.user()
    asked = client.get("/ideas/new")
    assert asked.status_code == 302
    login_url = asked.location
    assert login_url.startswith("/auth/login?next=")
    data = {"csrf_token": csrf_token(client, login_url), "email": user.email, "password": PASSWORD}
    answer = client.post(login_url, data=data)
    assert answer.location == "/ideas/new"
    assert client.get("/ideas/new").status_code == 200


# Password reset --------------------------------------------------------------

def request_reset(client, address):
    return client.post("/auth/reset", data={"csrf_token": csrf_token(client, "/auth/reset"),
                                            "email": address})


def test_reset_request_looks_the_same_for_known_and_unknown(make_client, factory, smtp_sink):
    user = factory.user(email="known@example.org")
    known, unknown = make_client(), make_client()
    known_answer = request_reset(known, "Known@Example.org")
    unknown_answer = request_reset(unknown, "nobody@example.org")
    assert known_answer.status_code == unknown_answer.status_code == 302
    assert known_answer.location == unknown_answer.location
    known_page = known.get(known_answer.location).get_data(as_text=True)
    unknown_page = unknown.get(unknown_answer.location).get_data(as_text=True)
    assert "If an account exists for" in known_page
    assert without_tokens(known_page, "Known@Example.org") == \
        without_tokens(unknown_page, "nobody@example.org")
    smtp_sink.wait_for(1)
    assert len(smtp_sink.messages) == 1 and f"To: {user.email}" in smtp_sink.messages[0]


def test_reset_link_works_once_and_ends_other_sessions(app, make_client, factory, smtp_sink):
    user = factory.user(email="forgetful@example.org", name="Forgetful")
    other_device = make_client()
    login(other_device, user.email)
    assert signed_in_as(other_device) == "Forgetful"

    client = make_client()
    request_reset(client, user.email)
    smtp_sink.wait_for(1)
    [link] = links_to(smtp_sink, "reset")
    form_page = client.get(link)
    assert form_page.status_code == 200 and "Choose a new password" in form_page.get_data(as_text=True)

    path = link.replace("http://localhost", "")
    mismatch = client.post(path, data={"csrf_token": csrf_token(client, path),
                                       "password": NEW_PASSWORD, "confirm": "something else"})
    assert mismatch.status_code == 422 and 'id="confirm-error"' in mismatch.get_data(as_text=True)

    done = client.post(path, data={"csrf_token": csrf_token(client, path),
                                   "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.location == "/auth/login"

    assert signed_in_as(other_device) is None
    assert login(make_client(), user.email, PASSWORD).status_code == 422
    assert login(make_client(), user.email, NEW_PASSWORD).location == "/"

    again = client.get(link)
    assert again.status_code == 400
    page = again.get_data(as_text=True)
    assert "already been used" in page and 'href="/auth/reset"' in page
    replay = client.post(path, data={"csrf_token": csrf_token(client, "/auth/login"),
                                     "password": "yet another passphrase",
                                     "confirm": "yet another passphrase"})
    assert replay.status_code == 400
    assert login(make_client(), user.email, NEW_PASSWORD).status_code == 302


def test_reset_confirms_an_unconfirmed_address(app, client, factory, smtp_sink):
    user = factory.user(confirmed=False)
    request_reset(client, user.email)
    smtp_sink.wait_for(1)
    path = links_to(smtp_sink, "reset")[0].replace("http://localhost", "")
    client.post(path, data={"csrf_token": csrf_token(client, path),
                            "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert factory.get(User, user.id).confirmed_at is not None


def test_expired_reset_link_offers_a_new_one(app, client, factory, smtp_sink, monkeypatch):
    user = factory.user()
    request_reset(client, user.email)
    smtp_sink.wait_for(1)
    [link] = links_to(smtp_sink, "reset")
    monkeypatch.setitem(app.config, "RESET_TOKEN_MAX_AGE", -1)
    answer = client.get(link)
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "This link has expired" in page and 'href="/auth/reset"' in page


def test_nul_characters_never_reach_the_database(app, make_client, factory):
    """PostgreSQL refuses NUL in text; a typed one must not become a 500."""
    client = make_client()
    response = register(client, email_address="nul@example.org", name="Nul\x00 Person")
    assert response.status_code in (200, 302, 303)
    assert find_user(app, "nul@example.org").display_name == "Nul Person"

    user = factory.user(email="known@example.org")
    # The NUL is dropped, so the address is the known one and sign-in works.
    assert login(make_client(), "known\x00@example.org").status_code == 302
    assert login(make_client(), user.email, password="wrong\x00password").status_code == 422
    reset = make_client()
    response = reset.post("/auth/reset", data={"csrf_token": csrf_token(reset, "/auth/reset"),
                                               "email": "known\x00@example.org"})
    assert response.status_code in (200, 302, 303)
