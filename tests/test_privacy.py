"""The privacy notice (/privacy): the default draft with the retention
periods in force, the council's own through the sanitiser, the version each
person accepted and the banner after a material change, and the cookies:
only those the notice lists are ever set."""
import html
import re

import pytest
from helpers import PASSWORD, csrf_token, sign_in, text_of

from codesign.extensions import db
from codesign.models import Comment, Support, User
from codesign.privacy.cookies import cookie_names


@pytest.fixture
def admin(browser_for, factory):
    return browser_for(factory.user(name="Ada Admin", role="admin"))


def user_row(app, email):
    with app.app_context():
        return db.session.scalars(db.select(User).where(User.email == email)).one()


def notice_source(admin):
    page = admin.get("/admin/settings/privacy").get_data(as_text=True)
    return html.unescape(re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", page, re.S).group(1))


def listed(app):
    with app.app_context():
        return cookie_names()


def test_the_default_notice_names_the_data_the_basis_the_rights_and_the_cookies(app, client):
    page = text_of(client.get("/privacy"))
    assert '<h1 class="govuk-heading-l">Privacy notice</h1>' in page
    for words in ("What we hold and why", "public task", "consent", "Who sees what",
                  "How long we keep it", "Your rights"):
        assert words in page
    assert 'href="/account/data"' in page and 'href="/account/delete"' in page
    # The kinds of data added later: entries made for residents who are not
    # online, accessibility reports, the language chosen.
    assert "community worker enters an idea" in page and 'href="/track"' in page
    assert "accessibility" in page and "the language you chose" in page
    for name in listed(app):
        assert f"<code>{name}</code>" in page
    assert "after 7 days" in page and "after 30 days" in page and "after 90 days" in page
    assert "after 365 days" in page


def test_the_retention_periods_come_from_the_settings(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "RETENTION_UNCONFIRMED_DAYS", 14)
    monkeypatch.setitem(app.config, "RETENTION_SIGN_IN_DAYS", 1)
    page = text_of(client.get("/privacy"))
    assert "Accounts never confirmed: deleted after 14 days." in page
    assert "Records of signing in: deleted after 1 day." in page


def test_the_notice_is_linked_from_the_footer_and_the_registration_form(client):
    assert 'href="/privacy"' in client.get("/ideas").get_data(as_text=True)
    form = client.get("/auth/register").get_data(as_text=True)
    assert form.count('href="/privacy"') == 2


def test_the_council_writes_its_own_notice_in_markdown_through_the_sanitiser(admin, client):
    admin.post("/admin/settings/privacy", data={
        "notice": "# Northshire privacy\n\nWe are **Northshire**.\n\n<script>alert(1)</script>"
                  "\n\n[click](javascript:alert(1))"})
    page = client.get("/privacy").get_data(as_text=True)
    assert "<h2>Northshire privacy</h2>" in page and "<strong>Northshire</strong>" in page
    assert "<script>alert" not in page and 'href="javascript' not in page
    assert "<code>session</code>" in page  # the cookie list stays, from the code


def test_the_default_saved_unchanged_stays_the_default(admin, app, client, monkeypatch):
    admin.post("/admin/settings/privacy", data={"notice": notice_source(admin)})
    monkeypatch.setitem(app.config, "RETENTION_SENT_MAIL_DAYS", 45)
    assert "outbox after 45 days" in text_of(client.get("/privacy"))


def test_an_empty_notice_is_refused_with_a_message(admin):
    response = admin.post("/admin/settings/privacy", data={"notice": "  "})
    assert response.status_code == 422
    assert "Enter the privacy notice" in text_of(response)


def test_registering_records_the_version_accepted(app, client):
    client.post("/auth/register", data={
        "email": "newcomer@example.org", "display_name": "Newcomer", "password": PASSWORD,
        "confirm": PASSWORD, "csrf_token": csrf_token(client, "/auth/register")})
    user = user_row(app, "newcomer@example.org")
    assert user.privacy_version_accepted == 1 and user.privacy_accepted_at is not None


BANNER = 'action="/privacy/seen"'


def test_a_material_change_asks_people_to_read_it_again_once(app, admin, factory, make_client):
    resident = factory.user(name="Rosa Resident")
    with app.app_context():
        db.session.get(User, resident.id).privacy_version_accepted = 1
        db.session.commit()
    client = make_client()
    sign_in(client, resident)
    assert BANNER not in client.get("/ideas").get_data(as_text=True)

    # A correction of wording: nobody is asked again.
    admin.post("/admin/settings/privacy", data={"notice": "Our notice."})
    assert BANNER not in client.get("/ideas").get_data(as_text=True)

    admin.post("/admin/settings/privacy", data={"notice": "Our new notice.",
                                                "material_change": "y"})
    page = text_of(client.get("/ideas"))
    assert BANNER in page and "We have changed our privacy notice." in page
    assert 'name="next" value="/ideas"' in page

    # Without JavaScript: the form is sent, the version recorded, and back to the page.
    answer = client.post("/privacy/seen", data={"next": "/ideas",
                                                "csrf_token": csrf_token(client, "/ideas")})
    assert answer.status_code == 302 and answer.location == "/ideas"
    assert user_row(app, resident.email).privacy_version_accepted == 2
    assert BANNER not in client.get("/ideas").get_data(as_text=True)
    assert BANNER not in make_client().get("/ideas").get_data(as_text=True)  # visitors: never


def test_seen_goes_nowhere_but_this_site(app, factory, make_client):
    client = make_client()
    sign_in(client, factory.user())
    answer = client.post("/privacy/seen", data={"next": "https://evil.test/",
                                                "csrf_token": csrf_token(client, "/ideas")})
    assert answer.location == "/"


def test_an_account_from_before_versions_is_asked_at_the_first_material_change(
        admin, factory, make_client):
    client = make_client()
    sign_in(client, factory.user())  # privacy_version_accepted is None
    assert BANNER not in client.get("/ideas").get_data(as_text=True)
    admin.post("/admin/settings/privacy", data={"notice": "New.", "material_change": "y"})
    assert BANNER in client.get("/ideas").get_data(as_text=True)


# -- cookies ------------------------------------------------------------------

class CookieWatch:
    """A test client that notes the name of every cookie any response sets."""

    def __init__(self, client):
        self.client, self.names = client, set()

    def _note(self, response):
        for header in response.headers.getlist("Set-Cookie"):
            self.names.add(header.split("=", 1)[0].strip())
        return response

    def get(self, *args, **kwargs):
        return self._note(self.client.get(*args, **kwargs))

    def post(self, *args, **kwargs):
        return self._note(self.client.post(*args, **kwargs))

    def token(self, path):
        page = self.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_no_cookie_but_the_listed_ones_is_ever_set(app, make_client, factory, smtp_sink):
    area = factory.area()
    idea = factory.idea(area=area)
    watch = CookieWatch(make_client())
    for path in ("/", "/ideas", f"/ideas/{idea.id}", "/proposals", "/privacy", "/api/v1/ideas",
                 "/auth/register"):
        watch.get(path)
    watch.post("/auth/register", data={
        "email": "newcomer@example.org", "display_name": "Newcomer", "password": PASSWORD,
        "confirm": PASSWORD, "csrf_token": watch.token("/auth/register")})
    smtp_sink.wait_for(1)
    [link] = [found for found in smtp_sink.links() if "/auth/confirm/" in found]
    watch.get(link, follow_redirects=True)  # confirming signs the newcomer in
    watch.post("/auth/logout", data={"csrf_token": watch.token("/")})
    signed_in = watch.post("/auth/login", data={
        "email": "newcomer@example.org", "password": PASSWORD, "remember": "y",
        "csrf_token": watch.token("/auth/login")})
    assert signed_in.status_code == 302
    watch.post(f"/ideas/{idea.id}/support", data={"csrf_token": watch.token(f"/ideas/{idea.id}")})
    watch.post(f"/ideas/{idea.id}/comments", data={
        "body": "I would use this.", "csrf_token": watch.token(f"/ideas/{idea.id}")})
    watch.get("/notifications")
    # The account pages of issue 12, the language switch and the accessibility report.
    for path in ("/account", "/account/data", "/account/delete", "/accessibility"):
        watch.get(path)
    watch.post("/account/data", data={"csrf_token": watch.token("/account/data")})
    watch.get("/language/cy?next=/")
    watch.get("/language/en?next=/")
    watch.post("/accessibility/report", data={
        "page": "/ideas", "problem": "Hard to read.", "name": "", "email": "",
        "csrf_token": watch.token("/accessibility/report")})
    watch.post("/auth/logout", data={"csrf_token": watch.token("/")})
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Support)) == 1
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 1
    assert {"session", "remember_token", "language"} <= watch.names
    assert watch.names <= listed(app), watch.names - listed(app)
