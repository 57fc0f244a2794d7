"""The account page: display name, email change by a link to the new address,
password change, the browsers signed in and signing them out."""
import re

import pytest
from helpers import PASSWORD, Browser, count, csrf_token, sign_in, text_of
from sqlalchemy import select
from test_mail import mail_bodies, mail_links

from codesign.auth import tokens
from codesign.clock import utcnow
from codesign.extensions import db
from codesign.models import EmailHistory, SignInEvent, User, UserSession

NEW_PASSWORD = "a brand new passphrase for me"


def signed_in_as(client):
    match = re.search(r"Signed in as ([^<]+)<", client.get("/").get_data(as_text=True))
    return match.group(1) if match else None


def login(client, email, password=PASSWORD, agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"):
    token = csrf_token(client, "/auth/login")
    return client.post("/auth/login", data={"csrf_token": token, "email": email,
                                            "password": password},
                       headers={"User-Agent": agent})


def sessions_listed(page):
    return page[page.index('id="section-sessions"'):page.index("Sign out everywhere")]


def change_links(sink):
    return [link for link in mail_links(sink) if "/account/email/" in link]


@pytest.fixture
def jo(factory):
    return factory.user(name="Jo Bloggs", email="jo@example.org")


@pytest.fixture
def jo_browser(make_client, jo):
    client = make_client()
    assert login(client, jo.email).status_code == 302
    return Browser(client, jo)


# The page ------------------------------------------------------------------------

def test_the_account_page_lists_what_it_offers(jo_browser):
    page = text_of(jo_browser.get("/account"))
    for words in ("Display name", "New email address", "Your current password", "New password",
                  "Where you are signed in", "Firefox on Linux", "This device",
                  "Sign out everywhere", "Signed in"):
        assert words in page, words
    for link in ('href="/notifications/settings"', 'href="/account/data"',
                 'href="/account/delete"'):
        assert link in page
    assert 'href="/account">Account</a>' in jo_browser.get("/").get_data(as_text=True)


def test_visitors_are_sent_to_sign_in(client):
    assert client.get("/account").location.startswith("/auth/login")
    assert client.get("/account/data").location.startswith("/auth/login")


def test_no_ip_address_is_stored(app, make_client, jo):
    client = make_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
    login(client, jo.email)
    login(make_client(), jo.email, "wrong password")
    with app.app_context():
        rows = db.session.scalars(select(SignInEvent)).all()
        sessions = db.session.scalars(select(UserSession)).all()
        stored = repr([(r.user_agent, r.kind) for r in rows]) + repr(
            [(s.user_agent, s.token_hash) for s in sessions])
    assert {row.kind for row in rows} == {"signed_in", "failed"}
    assert "203.0.113.77" not in stored and "127.0.0.1" not in stored


# Display name ----------------------------------------------------------------------

def test_display_name_change(app, jo_browser, factory):
    answer = jo_browser.post("/account/name", data={"display_name": "  Jo   B  "})
    assert answer.status_code == 302
    assert factory.get(User, jo_browser.user.id).display_name == "Jo B"
    assert "Your display name is now Jo B." in text_of(jo_browser.get("/account"))
    assert count(app, SignInEvent, kind="name_changed") == 1


def test_a_taken_display_name_is_refused_beside_the_field(jo_browser, factory):
    factory.user(name="Someone Else")
    answer = jo_browser.post("/account/name", data={"display_name": "SOMEONE else"})
    page = text_of(answer)
    assert answer.status_code == 422
    assert "Someone already uses this display name" in page
    assert 'id="display_name-error"' in page and 'value="SOMEONE else"' in page
    assert factory.get(User, jo_browser.user.id).display_name == "Jo Bloggs"


def test_an_empty_name_is_refused_and_a_case_change_allowed(jo_browser, factory):
    assert jo_browser.post("/account/name", data={"display_name": "  "}).status_code == 422
    assert jo_browser.post("/account/name", data={"display_name": "JO BLOGGS"}).status_code == 302
    assert factory.get(User, jo_browser.user.id).display_name == "JO BLOGGS"


def test_a_blocked_account_cannot_change_its_name(browser_for, factory):
    blocked = factory.user(name="Blocked One")
    with factory.app.app_context():
        db.session.get(User, blocked.id).blocked_at = utcnow()
        db.session.commit()
    browser = browser_for(blocked)
    assert browser.post("/account/name", data={"display_name": "New"}).status_code == 403
    assert "cannot be changed" in text_of(browser.get("/account"))


# Email change ----------------------------------------------------------------------

def ask_email_change(browser, new_email, password=PASSWORD):
    return browser.post("/account/email", data={"new_email": new_email,
                                                "email_password": password})


def test_email_change_by_a_link_to_the_new_address(app, make_client, jo_browser, factory,
                                                   smtp_sink):
    answer = ask_email_change(jo_browser, "Jo.New@Example.net")
    assert answer.status_code == 302
    page = text_of(jo_browser.get("/account"))
    assert "Check the new address, jo.new@example.net" in page
    assert factory.get(User, jo_browser.user.id).email == "jo@example.org"  # not yet

    smtp_sink.wait_for(1)
    [raw] = smtp_sink.messages
    assert "To: jo.new@example.net" in raw
    [link] = change_links(smtp_sink)
    assert link.startswith("http://localhost/account/email/")

    # Opening the link changes nothing; the button does (any browser, signed in or not).
    other = make_client()
    shown = other.get(link)
    assert shown.status_code == 200 and "jo.new@example.net" in text_of(shown)
    assert factory.get(User, jo_browser.user.id).email == "jo@example.org"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', shown.get_data(as_text=True))[1]
    done = other.post(link, data={"csrf_token": token})
    assert done.status_code == 302 and done.location.startswith("/auth/login")
    user = factory.get(User, jo_browser.user.id)
    assert user.email == "jo.new@example.net" and user.email_mailbox == "jo.new@example.net"

    smtp_sink.wait_for(2)
    told = [body for body in mail_bodies(smtp_sink) if "was changed to" in body]
    assert len(told) == 1 and "j\u2022\u2022\u2022@example.net" in told[0]
    assert any("To: jo@example.org" in raw for raw in smtp_sink.messages)
    with app.app_context():
        history = db.session.scalars(select(EmailHistory)).all()
        assert [(row.user_id, row.email) for row in history] == [(user.id, "jo@example.org")]
    assert count(app, SignInEvent, kind="email_changed") == 1

    # The link is spent; opening it again says so.
    again = other.get(link)
    assert again.status_code == 200 and "this link has been used" in text_of(again)
    # Signing in takes the new address.
    assert login(make_client(), "jo.new@example.net").status_code == 302


def test_an_address_someone_has_gets_the_same_answer_and_no_link(app, jo_browser, factory,
                                                                 smtp_sink):
    factory.user(name="Taken", email="taken@example.org")
    free = ask_email_change(jo_browser, "free@example.org")
    free_page = text_of(jo_browser.get("/account"))
    taken = ask_email_change(jo_browser, "Taken@example.org")
    taken_page = text_of(jo_browser.get("/account"))
    assert free.status_code == taken.status_code == 302
    assert free.location == taken.location
    said_free = re.search(r"Check the new address[^<]+", free_page)[0]
    said_taken = re.search(r"Check the new address[^<]+", taken_page)[0]
    assert said_free.replace("free@", "X@") == said_taken.replace("taken@", "X@")
    smtp_sink.wait_for(1)
    # One link went out, to the free address; nothing to the taken one.
    assert len(change_links(smtp_sink)) == 1
    assert not any("To: taken@example.org" in raw for raw in smtp_sink.messages)
    assert factory.get(User, jo_browser.user.id).email == "jo@example.org"


def test_a_plus_tag_of_someone_elses_mailbox_is_not_sent_either(jo_browser, factory, smtp_sink):
    factory.user(name="Sam", email="sam@example.org")
    assert ask_email_change(jo_browser, "sam+jo@example.org").status_code == 302
    assert change_links(smtp_sink) == []


def test_email_change_bad_input(jo_browser, factory, smtp_sink):
    wrong = ask_email_change(jo_browser, "new@example.org", "not my password")
    page = text_of(wrong)
    assert wrong.status_code == 422
    assert "Your current password is not right" in page and 'id="email_password-error"' in page
    assert 'value="new@example.org"' in page and "not my password" not in page

    same = ask_email_change(jo_browser, "JO@example.org")
    assert same.status_code == 422 and "This is already your email address" in text_of(same)
    bad = ask_email_change(jo_browser, "not an address")
    assert bad.status_code == 422 and "correct format" in text_of(bad)
    assert smtp_sink.messages == []


def test_expired_forged_and_stale_links_get_a_clear_page(app, client, jo, factory, monkeypatch):
    with app.test_request_context():
        user = db.session.get(User, jo.id)
        token = tokens.make_email_change_token(user, "later@example.org")
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for bad in (forged, "nonsense", "x" * 500):
        answer = client.get(f"/account/email/{bad}")
        assert answer.status_code == 400
        assert "This link does not work" in text_of(answer)

    monkeypatch.setitem(app.config, "EMAIL_CHANGE_TOKEN_MAX_AGE", -1)
    expired = client.get(f"/account/email/{token}")
    assert expired.status_code == 400 and "This link has expired" in text_of(expired)
    assert "Your email address has not changed" in text_of(expired)
    monkeypatch.setitem(app.config, "EMAIL_CHANGE_TOKEN_MAX_AGE", 3600)

    # The address changed another way since: the link no longer applies.
    with app.app_context():
        db.session.get(User, jo.id).email = "moved@example.org"
        db.session.commit()
    stale = client.get(f"/account/email/{token}")
    assert stale.status_code == 400 and "no longer applies" in text_of(stale)


def test_an_address_taken_before_the_link_is_opened_is_refused_clearly(app, client, jo, factory):
    with app.test_request_context():
        token = tokens.make_email_change_token(db.session.get(User, jo.id), "late@example.org")
    factory.user(name="Quicker", email="late@example.org")
    page = client.get(f"/account/email/{token}")
    answer = client.post(f"/account/email/{token}",
                         data={"csrf_token": csrf_token(client, f"/account/email/{token}")})
    assert page.status_code == 200
    assert answer.status_code == 400 and "cannot be used for your account" in text_of(answer)
    assert factory.get(User, jo.id).email == "jo@example.org"


# Password change ---------------------------------------------------------------------

def test_password_change_signs_out_the_other_devices(app, make_client, jo_browser, jo, factory,
                                                     smtp_sink):
    phone = make_client()
    login(phone, jo.email, agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1")
    assert signed_in_as(phone) == "Jo Bloggs"
    assert "Safari on iPhone" in text_of(jo_browser.get("/account"))

    answer = jo_browser.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert answer.status_code == 302
    page = text_of(jo_browser.get("/account"))
    assert "Your password is changed" in page and "Safari on iPhone" not in sessions_listed(page)
    assert signed_in_as(jo_browser.client) == "Jo Bloggs"  # this device stays
    assert signed_in_as(phone) is None
    assert login(make_client(), jo.email).status_code == 422
    assert login(make_client(), jo.email, NEW_PASSWORD).status_code == 302
    assert count(app, SignInEvent, kind="password_changed") == 1
    smtp_sink.wait_for(1)
    assert any("password of your Codesign account was changed" in body
               for body in mail_bodies(smtp_sink))


def test_password_change_bad_input(jo_browser, factory):
    before = factory.get(User, jo_browser.user.id).password_hash
    wrong = jo_browser.post("/account/password", data={
        "current_password": "not it", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422
    assert "Your current password is not right" in text_of(wrong)
    assert 'id="current_password-error"' in wrong.get_data(as_text=True)

    mismatched = jo_browser.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"})
    assert mismatched.status_code == 422 and "The passwords do not match" in text_of(mismatched)
    weak = jo_browser.post("/account/password", data={
        "current_password": PASSWORD, "password": "password", "confirm": "password"})
    assert weak.status_code == 422 and "too common" in text_of(weak)
    assert factory.get(User, jo_browser.user.id).password_hash == before
    assert signed_in_as(jo_browser.client) == "Jo Bloggs"


# Sessions ------------------------------------------------------------------------------

def test_sign_out_everywhere_ends_every_session_and_remember_cookie(app, make_client, jo):
    laptop, phone = make_client(), make_client()
    login(laptop, jo.email)
    token = csrf_token(phone, "/auth/login")
    phone.post("/auth/login", data={"csrf_token": token, "email": jo.email,
                                    "password": PASSWORD, "remember": "y"})
    cookie = phone.get_cookie("remember_token").value
    laptop_browser = Browser(laptop, jo)
    answer = laptop_browser.post("/account/sessions/sign-out-everywhere")
    assert answer.status_code == 302 and answer.location == "/"
    assert signed_in_as(laptop) is None and signed_in_as(phone) is None
    replay = make_client()
    replay.set_cookie("remember_token", cookie, domain="localhost")
    assert signed_in_as(replay) is None
    assert count(app, UserSession) == 0
    assert count(app, SignInEvent, kind="signed_out_everywhere") == 1


def test_one_other_device_can_be_signed_out(app, make_client, jo_browser, jo):
    phone = make_client()
    login(phone, jo.email, agent="Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile")
    with app.app_context():
        phone_session = db.session.scalar(select(UserSession.id).where(
            UserSession.user_agent.like("%Android%")))
    page = jo_browser.get("/account").get_data(as_text=True)
    assert f"/account/sessions/{phone_session}/sign-out" in page
    assert jo_browser.post(f"/account/sessions/{phone_session}/sign-out").status_code == 302
    assert signed_in_as(phone) is None and signed_in_as(jo_browser.client) == "Jo Bloggs"
    # Gone now, and never someone else's.
    assert jo_browser.post(f"/account/sessions/{phone_session}/sign-out").status_code == 404


def test_someone_elses_session_is_not_found(app, make_client, jo_browser, factory):
    other = factory.user(name="Other")
    client = make_client()
    sign_in(client, other)
    with app.app_context():
        theirs = db.session.scalar(select(UserSession.id).where(UserSession.user_id == other.id))
    assert jo_browser.post(f"/account/sessions/{theirs}/sign-out").status_code == 404
    assert signed_in_as(client) == "Other"


def test_a_session_whose_row_is_gone_is_signed_out(app, jo_browser):
    with app.app_context():
        db.session.execute(UserSession.__table__.delete())
        db.session.commit()
    assert signed_in_as(jo_browser.client) is None


def test_last_seen_is_written_only_after_a_while(app, jo_browser, monkeypatch):
    def last_seen():
        with app.app_context():
            return db.session.scalar(select(UserSession.last_seen_at))

    first = last_seen()
    jo_browser.get("/ideas")
    assert last_seen() == first  # within SESSION_TOUCH_SECONDS: no write
    monkeypatch.setitem(app.config, "SESSION_TOUCH_SECONDS", 0)
    jo_browser.get("/ideas")
    assert last_seen() > first
