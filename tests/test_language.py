"""Choosing the language: the switch link (no JavaScript needed), the cookie
that remembers it, the account that keeps it, Accept-Language on a first
visit, and the page's lang attribute that follows. The site offers English
and Welsh (config.LANGUAGES); a site may offer English alone."""
import re

import pytest
from flask_babel import get_locale
from helpers import sign_in

from codesign.extensions import db
from codesign.language import COOKIE, in_language_of
from codesign.models import User


@pytest.fixture
def welsh_offered(app):
    assert app.config["LANGUAGES"] == ("en", "cy")


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_welsh_is_offered_on_every_page_by_default(client):
    for path in ("/", "/ideas", "/privacy", "/no-such-page"):
        page = client.get(path).get_data(as_text=True)
        assert 'lang="cy" hreflang="cy">Cymraeg</a>' in page, path


def test_a_site_may_offer_english_alone(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "LANGUAGES", ("en",))
    page = client.get("/ideas")
    assert html_lang(page) == "en"
    assert "/language/" not in page.get_data(as_text=True)
    assert client.get("/language/cy").status_code == 404


def test_the_switch_is_a_link_back_to_the_same_page(client, welsh_offered):
    page = client.get("/ideas?page=1").get_data(as_text=True)
    assert 'href="/language/cy?next=/ideas?page%3D1" lang="cy" hreflang="cy">Cymraeg</a>' in page

    chosen = client.get("/language/cy?next=/ideas?page%3D1")
    assert chosen.status_code == 302
    assert chosen.headers["Location"] == "/ideas?page=1"
    cookie = client.get_cookie(COOKIE)
    assert cookie.value == "cy" and cookie.http_only
    again = client.get("/ideas")
    assert html_lang(again) == "cy"
    assert ">English</a>" in again.get_data(as_text=True)


def test_the_first_visit_follows_accept_language(client, welsh_offered):
    assert html_lang(client.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})) == "cy"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr, de"})) == "en"
    client.get("/language/en")
    assert html_lang(client.get("/", headers={"Accept-Language": "cy"})) == "en"


def test_a_signed_in_choice_is_kept_in_the_account(app, factory, make_client, welsh_offered):
    user = factory.user()
    first = make_client()
    sign_in(first, user)
    first.get("/language/cy")
    assert factory.get(User, user.id).locale == "cy"

    elsewhere = make_client()  # another browser: no cookie, an English browser
    sign_in(elsewhere, user)
    assert html_lang(elsewhere.get("/ideas", headers={"Accept-Language": "en"})) == "cy"


def test_the_switch_never_leaves_the_site(client, welsh_offered):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.get("/language/cy", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client, welsh_offered):
    response = client.get("/language/xx")
    assert response.status_code == 404
    assert client.get_cookie(COOKIE) is None


def test_registration_keeps_the_language_the_page_was_in(client, app, welsh_offered):
    from helpers import csrf_token
    client.get("/language/cy")
    client.post("/auth/register", data={
        "csrf_token": csrf_token(client, "/auth/register"), "email": "eleri@example.org",
        "display_name": "Eleri", "password": "a long enough passphrase",
        "confirm": "a long enough passphrase"})
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="eleri@example.org"))
        assert user is not None and user.locale == "cy"


def test_emails_are_written_in_the_recipients_language(app, factory, welsh_offered):
    welsh, unset = factory.user(), factory.user()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        db.session.get(User, welsh.id).locale = "cy"
        assert str(get_locale()) == "en"
        with in_language_of(db.session.get(User, welsh.id)):
            assert str(get_locale()) == "cy"
        with in_language_of(db.session.get(User, unset.id)):
            assert str(get_locale()) == "en"
        db.session.rollback()


def test_the_privacy_notice_lists_the_language_cookie_when_it_can_be_set(client, app,
                                                                         monkeypatch):
    listed = f"<code>{COOKIE}</code>"
    assert listed in client.get("/privacy").get_data(as_text=True)
    monkeypatch.setitem(app.config, "LANGUAGES", ("en",))
    assert listed not in client.get("/privacy").get_data(as_text=True)
