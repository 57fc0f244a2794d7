"""The rough edges a council meets first: the favicon, the open-data page,
trying the site over plain HTTP (INSECURE_TRIAL), and a site with no
service area yet."""
import logging
import re

import pytest
from flask import Flask
from helpers import PASSWORD, text_of

from codesign import create_app
from codesign.extensions import db


def test_the_favicon_is_linked_and_served(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/images/favicon.svg" type="image/svg+xml">' in page
    svg = client.get("/static/images/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file, with one image
    assert b"PNG" in icon.data[:40]


def test_the_open_data_page_explains_the_api_and_links_it(client):
    page = client.get("/open-data")
    assert page.status_code == 200
    html = text_of(page)
    assert '<h1 class="govuk-heading-l">Open data</h1>' in html
    for link in ('href="/api/v1/ideas"', 'href="/api/v1/proposals"', 'href="/api/v1/pilots"',
                 'href="/api/v1/ideas?sort=supported"', 'href="/pilots"'):
        assert link in html
    assert "staff/exports" not in html  # the export links are for staff only


def test_staff_find_the_export_links_on_the_open_data_page(browser_for, factory):
    staff = browser_for(factory.user(role="staff"))
    html = staff.get("/open-data").get_data(as_text=True)
    assert 'href="/staff/exports/ideas.csv"' in html
    assert 'href="/staff/exports/proposals.json"' in html


def test_the_footer_sends_residents_to_the_open_data_page_not_raw_json(client):
    page = client.get("/ideas").get_data(as_text=True)
    footer = page[page.index('<footer'):]
    assert '<a class="govuk-footer__link" href="/open-data">Open data</a>' in footer
    assert "/api/v1/" not in footer


@pytest.fixture
def deployed(app, tmp_path, monkeypatch):
    """A production app reached over plain HTTP on a LAN address."""
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    made = []

    def make(**settings):
        site = create_app({
            "ENV_NAME": "production", "SECRET_KEY": "s" * 64,
            "BASE_URL": "http://192.168.1.20:8000",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MAIL_SERVER": None, "RATELIMIT_ENABLED": False, "PAGE_CACHE_URL": None,
            **settings,
        })
        made.append(site)
        return site
    yield make
    for site in made:
        with site.app_context():
            db.engine.dispose()


def sign_in_by_form(site, user):
    client = site.test_client()
    base = "http://192.168.1.20:8000"
    page = client.get("/auth/login", base_url=base)
    cookie = page.headers.get("Set-Cookie", "")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text_of(page)).group(1)
    response = client.post("/auth/login", base_url=base, data={
        "csrf_token": token, "email": user.email, "password": PASSWORD})
    return cookie, response


def test_over_plain_http_production_cookies_are_https_only(deployed, factory):
    cookie, _ = sign_in_by_form(deployed(), factory.user())
    assert "; Secure" in cookie  # a browser keeps it only over HTTPS: "Your form expired"


def test_an_insecure_trial_works_over_http_and_says_so_loudly(deployed, factory, caplog):
    caplog.set_level(logging.WARNING)
    site = deployed(INSECURE_TRIAL=True)
    assert any("INSECURE_TRIAL is on" in record.getMessage() for record in caplog.records)
    user = factory.user()
    cookie, response = sign_in_by_form(site, user)
    assert "session=" in cookie and "Secure" not in cookie
    assert response.status_code == 302  # signed in, not "Your form expired"
    client = site.test_client()
    for path in ("/", "/ideas", "/auth/login", "/open-data"):
        html = text_of(client.get(path, base_url="http://192.168.1.20:8000"))
        assert "This is a trial over plain HTTP." in html, path


def test_without_the_trial_there_is_no_banner(client):
    assert "trial over plain HTTP" not in text_of(client.get("/"))


def main_of(response):
    html = text_of(response)
    return html[html.index('<main'):html.index('</main>')]


def test_before_there_is_a_service_area_nobody_is_offered_the_idea_form(
        app, client, browser_for, factory):
    resident = browser_for(factory.user())
    for visitor in (client, resident):
        page = visitor.get("/ideas/new")
        assert page.status_code == 200
        html = main_of(page)
        assert "This site is not open for ideas yet" in html
        assert "<form" not in html and 'name="title"' not in html
    resident.post("/ideas/new", {"title": "Longer library hours", "description": "Please."})
    with app.app_context():
        from codesign.models import Idea
        assert db.session.query(Idea).count() == 0
    home = main_of(client.get("/"))
    assert "not open for ideas yet" in home
    assert 'href="/ideas/new"' not in home and "propose one" not in home
    assert "you can still propose" not in home


def test_once_there_is_a_service_area_the_form_and_the_promise_are_back(
        client, browser_for, factory):
    factory.area(name="Libraries")
    assert client.get("/ideas/new").status_code == 302  # to sign in
    resident = browser_for(factory.user())
    assert 'name="title"' in resident.get("/ideas/new").get_data(as_text=True)
    home = main_of(client.get("/"))
    assert 'href="/ideas/new"' in home and "not open for ideas yet" not in home
